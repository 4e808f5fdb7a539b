using System.Text;
using System.Text.Json.Nodes;
using PaperRadar.Core.Readers;
using PaperRadar.Tests.IO;

namespace PaperRadar.Tests.Readers;

/// <summary>
/// <see cref="PaperReaders.Detect"/> on the real files of every format in ../shared/data, and on junk. The junk
/// (a PNG-like header, an empty file) is generated; the unknown JSON layouts are real files of other formats.
/// </summary>
public sealed class FormatDetectionTests
{
    [Theory]
    [InlineData("2025-03-18.jsonl.gz")]
    [InlineData("2025-10-14.jsonl.gz")]   // the smallest: one record
    [InlineData("2026-05-19.jsonl.gz")]   // the largest
    public void DailyCrawlerFilesAreDetected(string name)
    {
        var format = PaperReaders.Detect(SharedData.Path("arxiv-daily", name), out var reason);

        Assert.Equal(ArxivDailyReader.FormatName, format);
        Assert.Equal("", reason);
    }

    [Fact]
    public void SnapshotHeadIsDetected()
    {
        var format = PaperReaders.Detect(
            SharedData.Path("arxiv-snapshot", "arxiv-metadata-oai-snapshot.head.jsonl"), out var reason);

        Assert.Equal(ArxivSnapshotReader.FormatName, format);
        Assert.Equal("", reason);
    }

    [Fact]
    public void EveryRealListingFileIsDetectedAsAListing()
    {
        var files = Directory.GetFiles(SharedData.Path("arxiv-listings"), "*.gz", SearchOption.AllDirectories);

        var detected = files.Select(f => (File: f, Format: PaperReaders.Detect(f, out _))).ToList();

        Assert.True(files.Length >= 220, $"only {files.Length} listing files found");
        Assert.All(detected, d => Assert.True(d.Format == "arxiv-listing", $"{d.File} detected as '{d.Format}'"));
    }

    [Fact]
    public void EveryRealAbsFileIsDetectedAsAbs()
    {
        var files = Directory.GetFiles(SharedData.Path("arxiv-abs"), "*.abs", SearchOption.AllDirectories);

        var detected = files.Select(f => (File: f, Format: PaperReaders.Detect(f, out _))).ToList();

        Assert.Equal(1_192, files.Length);
        Assert.All(detected, d => Assert.True(d.Format == "arxiv-abs", $"{d.File} detected as '{d.Format}'"));
    }

    [Fact]
    public void CreateGivesTheReaderOfAFormatNameAndRefusesAnUnknownOne()
    {
        Assert.IsType<ArxivDailyReader>(PaperReaders.Create("arxiv-daily"));
        Assert.IsType<ArxivSnapshotReader>(PaperReaders.Create("ARXIV-SNAPSHOT"));
        var error = Assert.Throws<ArgumentException>(() => PaperReaders.Create("bibtex"));
        Assert.Contains("unknown format 'bibtex'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PngLikeBinaryIsNotDetectedAndTheReasonSaysSo()
    {
        using var scratch = new ScratchDirectory();
        // The 8-byte PNG signature and an IHDR chunk header, then binary noise.
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13,
            (byte)'I', (byte)'H', (byte)'D', (byte)'R', .. Enumerable.Range(0, 2_000).Select(i => (byte)(i * 37))];
        var path = scratch.Write("figure.png", png);

        var format = PaperReaders.Detect(path, out var reason);

        Assert.Null(format);
        Assert.Contains("not a format this build reads", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("empty.jsonl")]
    [InlineData("empty.jsonl.gz")]
    public void EmptyFileIsNotDetectedAndTheReasonSaysItIsEmpty(string name)
    {
        using var scratch = new ScratchDirectory();
        var path = scratch.Write(name, []);

        var format = PaperReaders.Detect(path, out var reason);

        Assert.Null(format);
        Assert.Contains("empty", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void WhitespaceOnlyFileIsTreatedAsEmpty()
    {
        using var scratch = new ScratchDirectory();
        var path = scratch.Write("blank.jsonl", Encoding.UTF8.GetBytes(" \n\r\n\t\n"));

        Assert.Null(PaperReaders.Detect(path, out var reason));
        Assert.Contains("empty", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonLinesOfAnUnknownLayoutAreNotDetected()
    {
        // Generated: JSON lines of some other catalogue (Crossref-like works), which this build does not read. (One
        // OpenAlex work is a document this build reads: OpenAlexWorksReaderTests.)
        using var scratch = new ScratchDirectory();
        var path = scratch.Write("works.jsonl", Encoding.UTF8.GetBytes(
            "{\"DOI\": \"10.5555/1\", \"title\": [\"A work\"], \"is-referenced-by-count\": 3}\n" +
            "{\"DOI\": \"10.5555/2\", \"title\": [\"Another\"], \"is-referenced-by-count\": 0}\n"));
        var format = PaperReaders.Detect(path, out var reason);

        Assert.Null(format);
        Assert.Contains("not a layout this build reads", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonObjectOfAnUnknownLayoutIsNotDetected()
    {
        using var scratch = new ScratchDirectory();
        var path = scratch.Write("unknown.jsonl", "{\"paper\": {\"title\": \"x\"}, \"upvotes\": 3}\n"u8.ToArray());

        Assert.Null(PaperReaders.Detect(path, out var reason));
        Assert.Contains("not a layout this build reads", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void PrettyPrintedJsonIsNotDetected()
    {
        using var scratch = new ScratchDirectory();
        var path = scratch.Write("pretty.json", "{\n  \"id\": \"2503.11742\",\n  \"summary\": \"x\"\n}\n"u8.ToArray());

        Assert.Null(PaperReaders.Detect(path, out var reason));
        Assert.Contains("first line is not a JSON object", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AJsonArrayOfSomethingElseIsNotDetected()
    {
        // Generated: an array that is not a Hugging Face daily-papers response (which is detected: its reader's tests).
        using var scratch = new ScratchDirectory();
        var path = scratch.Write("numbers.json", Encoding.UTF8.GetBytes("[1, 2, 3]\n"));

        var format = PaperReaders.Detect(path, out var reason);

        Assert.Null(format);
        Assert.Contains("JSON array", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ByteOrderMarkBeforeDailyJsonIsIgnored()
    {
        using var scratch = new ScratchDirectory();
        var line = RealDaily.Lines(SharedData.Path("arxiv-daily", "2025-03-18.jsonl.gz"))[0];
        var path = scratch.Write("2025-03-18.jsonl", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(line + "\n")]);

        Assert.Equal(ArxivDailyReader.FormatName, PaperReaders.Detect(path, out _));
    }

    [Fact]
    public void SnapshotWhoseFirstRecordIsLongerThanTheHeadIsDetected()
    {
        // The real first snapshot record with 5,000 authors (generated), as collaboration papers have: the record
        // is longer than the 64 KiB that detection reads.
        using var scratch = new ScratchDirectory();
        var lines = File.ReadAllLines(SharedData.Path("arxiv-snapshot", "arxiv-metadata-oai-snapshot.head.jsonl"));
        var node = JsonNode.Parse(lines[0])!;
        node["authors"] = string.Join(", ", Enumerable.Range(1, 5_000).Select(i => $"A. Author{i}"));
        node["authors_parsed"] = new JsonArray(Enumerable.Range(1, 5_000)
            .Select(i => (JsonNode)new JsonArray($"Author{i}", "A.", "")).ToArray());
        var path = scratch.Write("snapshot.jsonl", Encoding.UTF8.GetBytes(node.ToJsonString() + "\n" + lines[1] + "\n"));

        var format = PaperReaders.Detect(path, out var reason);

        Assert.True(new FileInfo(path).Length > 64 * 1024);
        Assert.Equal(ArxivSnapshotReader.FormatName, format);
        Assert.Equal("", reason);
    }

    [Fact]
    public void DailyFileWhoseFirstRecordIsLongerThanTheHeadIsDetected()
    {
        // A real daily record given 5,000 authors (generated), in a gzip file like the real ones.
        using var scratch = new ScratchDirectory();
        var node = RealDaily.Node(SharedData.Path("arxiv-daily", "2025-03-18.jsonl.gz"), 0);
        node["authors"] = new JsonArray(Enumerable.Range(1, 5_000).Select(i => (JsonNode)JsonValue.Create($"Author Number{i}")!).ToArray());
        var path = scratch.Write("2025-03-18.jsonl.gz", GzipFixtures.Compress(Encoding.UTF8.GetBytes(node.ToJsonString() + "\n")));

        var format = PaperReaders.Detect(path, out var reason);

        Assert.Equal(ArxivDailyReader.FormatName, format);
        Assert.Equal("", reason);
    }

    [Fact]
    public void TruncatedSmallGzipIsStillDetectedFromWhatCouldBeRead()
    {
        // A real 16-record daily file cut short: the records before the cut still show the format.
        using var scratch = new ScratchDirectory();
        var bytes = File.ReadAllBytes(SharedData.Path("arxiv-daily", "2025-11-15.jsonl.gz"));
        var path = scratch.Write("2025-11-15.jsonl.gz", bytes[..(bytes.Length * 3 / 4)]);

        var format = PaperReaders.Detect(path, out var reason);

        Assert.Equal(ArxivDailyReader.FormatName, format);
        Assert.Equal("", reason);
    }
}
