using System.Text;

namespace PaperRadar.Core.IO;

/// <summary>One line of a source file, or why it could not be read as text.</summary>
public readonly record struct SourceLine(long Number, string? Text, string? Error, bool EndsFile = false)
{
    public bool IsValid => Error is null;
}

/// <summary>
/// Reads a stream as UTF-8 lines in constant memory. Unlike StreamReader it reports invalid UTF-8 instead of
/// replacing it, skips (and reports) a line longer than <see cref="MaxLineBytes"/> without buffering it, and turns
/// a damaged or truncated gzip stream into a final error line instead of a silent end.
/// </summary>
public sealed class LineReader
{
    /// <summary>Longer than any real metadata record (the largest arXiv author lists are ~300 kB).</summary>
    public const int DefaultMaxLineBytes = 8 << 20;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public LineReader(int maxLineBytes = DefaultMaxLineBytes) => MaxLineBytes = maxLineBytes;

    public int MaxLineBytes { get; }

    public IEnumerable<SourceLine> ReadLines(Stream stream, CancellationToken cancellationToken = default)
    {
        var buffer = new byte[1 << 16];
        var line = new MemoryStream();
        long number = 1;
        long skippedBytes = 0;   // > 0 while skipping the rest of an over-long line
        var first = true;

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int read;
            string? streamError = null;
            try
            {
                read = stream.Read(buffer, 0, buffer.Length);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                read = 0;
                streamError = e.Message;
            }

            if (streamError is not null)
            {
                yield return new SourceLine(number, null, streamError, EndsFile: true);
                yield break;
            }

            if (read == 0)
            {
                if (skippedBytes > 0)
                {
                    yield return TooLong(number, skippedBytes);
                }
                else if (line.Length > 0)
                {
                    yield return Decode(number, line, ref first);
                }
                yield break;
            }

            var start = 0;
            while (start < read)
            {
                var newline = Array.IndexOf(buffer, (byte)'\n', start, read - start);
                var end = newline < 0 ? read : newline;
                var length = end - start;
                if (skippedBytes > 0)
                {
                    skippedBytes += length;
                }
                else if (line.Length + length > MaxLineBytes)
                {
                    skippedBytes = line.Length + length;
                    line.SetLength(0);
                }
                else
                {
                    line.Write(buffer, start, length);
                }

                if (newline < 0)
                {
                    break;
                }

                yield return skippedBytes > 0 ? TooLong(number, skippedBytes) : Decode(number, line, ref first);
                skippedBytes = 0;
                line.SetLength(0);
                number++;
                start = newline + 1;
            }

            // Give memory back after an unusually long (but accepted) line.
            if (line.Length == 0 && line.Capacity > (1 << 20))
            {
                line = new MemoryStream();
            }
        }
    }

    private SourceLine TooLong(long number, long bytes) =>
        new(number, null, $"line is {bytes:N0} bytes long, longer than the limit of {MaxLineBytes:N0} bytes; skipped");

    private static SourceLine Decode(long number, MemoryStream line, ref bool first)
    {
        var bytes = line.GetBuffer().AsSpan(0, (int)line.Length);
        if (first)
        {
            first = false;
            if (bytes.StartsWith("\uFEFF"u8))
            {
                bytes = bytes[3..];
            }
        }
        if (!bytes.IsEmpty && bytes[^1] == '\r')
        {
            bytes = bytes[..^1];
        }
        try
        {
            return new SourceLine(number, StrictUtf8.GetString(bytes), null);
        }
        catch (DecoderFallbackException e)
        {
            return new SourceLine(number, null, $"invalid UTF-8 at byte {e.Index + 1} of the line");
        }
    }
}
