using System.IO.Compression;
using System.Security.Cryptography;
using PaperRadar.Core.IO;

namespace PaperRadar.Tests.IO;

/// <summary>
/// The zlib-backed gzip reader on real daily files. The damaged inputs (cuts, flipped bytes, concatenations) are
/// made from those real files here, since no real file is damaged.
/// </summary>
public sealed class ZlibGzipStreamTests
{
    /// <summary>The largest daily file (many deflate blocks, ~7 MB decompressed).</summary>
    private static readonly string LargeDaily = SharedData.Path("arxiv-daily", "2026-05-19.jsonl.gz");

    private static readonly string SmallDaily = SharedData.Path("arxiv-daily", "2025-03-19.jsonl.gz");

    [Fact]
    public void DecompressesARealFileToExactlyWhatGZipStreamGivesForTheIntactFile()
    {
        var expected = Sha256(new GZipStream(File.OpenRead(LargeDaily), CompressionMode.Decompress));

        var actual = Sha256(new ZlibGzipStream(File.OpenRead(LargeDaily)));

        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4_093)]
    public void SmallReadBuffersGiveTheSameBytes(int bufferSize)
    {
        var expected = Decompress(GzipFixtures.Read(SmallDaily), useBcl: true);

        using var zlib = new ZlibGzipStream(File.OpenRead(SmallDaily));
        var output = new MemoryStream();
        var buffer = new byte[bufferSize];
        int n;
        while ((n = zlib.Read(buffer, 0, buffer.Length)) > 0)
        {
            output.Write(buffer, 0, n);
        }

        Assert.Equal(expected, output.ToArray());
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.1)]
    [InlineData(0.9)]
    public void TruncationInTheDeflateDataThrowsInvalidDataException(double fraction)
    {
        var bytes = GzipFixtures.Read(SmallDaily);
        var cut = GzipFixtures.Truncate(bytes, (int)(bytes.Length * fraction));

        var error = Assert.Throws<InvalidDataException>(() => Decompress(cut, useBcl: false));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5)]     // inside the 10-byte header
    [InlineData(10)]    // header only
    [InlineData(-8)]    // all deflate data, no CRC/length trailer
    [InlineData(-1)]    // trailer missing its last byte
    public void TruncationAtTheEdgesOfAMemberThrowsInvalidDataException(int cutAt)
    {
        var bytes = GzipFixtures.Read(SmallDaily);
        var cut = GzipFixtures.Truncate(bytes, cutAt >= 0 ? cutAt : bytes.Length + cutAt);

        var error = Assert.Throws<InvalidDataException>(() => Decompress(cut, useBcl: false));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheBclGZipStreamSilentlyAcceptsTheSameTruncation()
    {
        // Why ZlibGzipStream exists: if this starts failing, the BCL has learnt to report truncation.
        var bytes = GzipFixtures.Read(SmallDaily);
        var cut = GzipFixtures.Truncate(bytes, bytes.Length / 2);

        var partial = Decompress(cut, useBcl: true);

        Assert.InRange(partial.Length, 1, Decompress(bytes, useBcl: true).Length - 1);
    }

    [Fact]
    public void FlippedCrcByteInTheTrailerThrowsInvalidDataException()
    {
        var damaged = GzipFixtures.FlipByte(GzipFixtures.Read(SmallDaily), fromEnd: 8);

        var error = Assert.Throws<InvalidDataException>(() => Decompress(damaged, useBcl: false));

        Assert.Contains("damaged gzip", error.Message, StringComparison.Ordinal);
        Assert.Contains("incorrect data check", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DataDecompressedBeforeTheDamageIsReturnedBeforeTheError()
    {
        var bytes = GzipFixtures.Read(SmallDaily);
        var damaged = GzipFixtures.FlipByte(bytes, fromEnd: 8);
        using var zlib = new ZlibGzipStream(new MemoryStream(damaged));
        var output = new MemoryStream();
        var buffer = new byte[1 << 16];

        var error = Assert.Throws<InvalidDataException>(() =>
        {
            int n;
            while ((n = zlib.Read(buffer, 0, buffer.Length)) > 0)
            {
                output.Write(buffer, 0, n);
            }
        });

        // Only the CRC is wrong: every byte was decompressed, and handed out before the error.
        Assert.Equal(Decompress(bytes, useBcl: true), output.ToArray());
        Assert.Contains("incorrect data check", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => zlib.ReadByte());
    }

    [Fact]
    public void FlippedLengthByteInTheTrailerThrowsInvalidDataException()
    {
        var damaged = GzipFixtures.FlipByte(GzipFixtures.Read(SmallDaily), fromEnd: 4);

        var error = Assert.Throws<InvalidDataException>(() => Decompress(damaged, useBcl: false));

        Assert.Contains("incorrect length check", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConcatenatedMembersDecompressToBothContentsInOrder()
    {
        var first = GzipFixtures.Read(SmallDaily);
        var second = GzipFixtures.Read(SharedData.Path("arxiv-daily", "2025-11-15.jsonl.gz"));

        var both = Decompress([.. first, .. second], useBcl: false);

        Assert.Equal([.. Decompress(first, useBcl: true), .. Decompress(second, useBcl: true)], both);
    }

    [Fact]
    public void EmptyInputIsAnEmptyStream()
    {
        Assert.Empty(Decompress([], useBcl: false));
    }

    [Fact]
    public void GzipOfNothingDecompressesToNothing()
    {
        Assert.Empty(Decompress(GzipFixtures.Compress([]), useBcl: false));
    }

    [Fact]
    public void GarbageThatIsNotGzipThrowsInvalidDataException()
    {
        byte[] notGzip = [.. "this is plain text, not a gzip member"u8];

        Assert.Throws<InvalidDataException>(() => Decompress(notGzip, useBcl: false));
    }

    [Fact]
    public void ReadingAfterDisposeThrowsObjectDisposedException()
    {
        var stream = new ZlibGzipStream(new MemoryStream(GzipFixtures.Read(SmallDaily)));
        stream.Dispose();

        Assert.Throws<ObjectDisposedException>(() => stream.ReadByte());
    }

    private static byte[] Decompress(byte[] gzip, bool useBcl)
    {
        using Stream stream = useBcl
            ? new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress)
            : new ZlibGzipStream(new MemoryStream(gzip));
        var output = new MemoryStream();
        stream.CopyTo(output);
        return output.ToArray();
    }

    private static string Sha256(Stream stream)
    {
        using (stream)
        {
            return Convert.ToHexString(SHA256.HashData(stream));
        }
    }
}

/// <summary>Damaged copies of real gzip files, and scratch files to hold them.</summary>
internal static class GzipFixtures
{
    public static byte[] Read(string path) => File.ReadAllBytes(path);

    public static byte[] Truncate(byte[] bytes, int length) => bytes[..length];

    public static byte[] FlipByte(byte[] bytes, int fromEnd)
    {
        var copy = (byte[])bytes.Clone();
        copy[^fromEnd] ^= 0xFF;
        return copy;
    }

    public static byte[] Compress(byte[] content)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(content);
        }
        return output.ToArray();
    }
}
