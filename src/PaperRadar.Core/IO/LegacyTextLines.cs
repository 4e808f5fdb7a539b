using System.Text;

namespace PaperRadar.Core.IO;

/// <summary>
/// Reads lines of text written before UTF-8 was the rule: each line is decoded as UTF-8 when it is valid UTF-8 and
/// as Windows-1252 otherwise. The ACL Anthology Network's metadata is such a file (35 of its lines hold cp1252 curly
/// quotes, <c>ELRA\x92s</c>); rejecting those lines would drop real papers from the citation network, and cp1252 is
/// what the bytes mean. Strict UTF-8 formats use <see cref="LineReader"/>, which reports invalid bytes instead.
/// </summary>
public static class LegacyTextLines
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly Lazy<Encoding> Windows1252 = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    });

    /// <summary>The lines (without line breaks) with their 1-based numbers; a read failure ends with an error line.</summary>
    public static IEnumerable<SourceLine> Read(Stream stream, CancellationToken cancellationToken = default)
    {
        var buffer = new byte[1 << 16];
        var line = new MemoryStream();
        long number = 1;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int read;
            string? error = null;
            try
            {
                read = stream.Read(buffer);
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                read = 0;
                error = e.Message;
            }
            if (error is not null)
            {
                yield return new SourceLine(number, null, error, EndsFile: true);
                yield break;
            }
            if (read == 0)
            {
                if (line.Length > 0)
                {
                    yield return new SourceLine(number, Decode(line), null);
                }
                yield break;
            }
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    continue;
                }
                line.Write(buffer, start, i - start);
                yield return new SourceLine(number++, Decode(line), null);
                line.SetLength(0);
                start = i + 1;
            }
            line.Write(buffer, start, read - start);
        }
    }

    private static string Decode(MemoryStream line)
    {
        var bytes = line.GetBuffer().AsSpan(0, (int)line.Length);
        if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Windows1252.Value.GetString(bytes);
        }
    }
}
