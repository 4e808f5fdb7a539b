using System.Text;
using System.Xml;
using System.Xml.Linq;
using PaperRadar.Core.Text;

namespace PaperRadar.Core.Readers;

/// <summary>
/// What the XML readers (OAI-PMH, Atom) share: a streaming <see cref="XmlReader"/> that never fetches anything, the
/// line each record is keyed by, and the clean-up of text nodes.
/// </summary>
/// <remarks>
/// A record's line is the line of its start tag (<c>&lt;record&gt;</c>, <c>&lt;entry&gt;</c>), which is where an editor
/// shows it. The store keys records by file and line, so each record needs a line of its own: in compact XML with
/// several records on one line, a record that starts on the line of the one before is given the next free number
/// (<see cref="NextKey"/>). arXiv's responses and feeds put each record on its own line, so there the key is the
/// line.
/// </remarks>
internal sealed class XmlRecordReading
{
    private long _lastKey;

    public static XmlReader Open(Stream stream) => XmlReader.Create(stream, new XmlReaderSettings
    {
        // No DTDs and no resolver: a response names no external entity that could be fetched or expanded.
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = false,
    });

    /// <summary>The key of a record whose start tag is on <paramref name="line"/>: that line, unless already used.</summary>
    public long NextKey(long line)
    {
        _lastKey = Math.Max(line, _lastKey + 1);
        return _lastKey;
    }

    /// <summary>Where the reader is, as "line L, column C".</summary>
    public static string Position(IXmlLineInfo info) => $"line {info.LineNumber}, column {info.LinePosition}";

    /// <summary>The text of a child element, or null when it is missing or blank.</summary>
    public static string? Child(XElement parent, XName name) =>
        parent.Element(name)?.Value is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>A one-line field (title, comments, journal reference): whitespace runs become one space.</summary>
    public static string? Line(string? text) =>
        text is null ? null : Whitespace.NullIfBlank(Whitespace.Collapse(text));

    /// <summary>
    /// An abstract as arXiv wraps it (paragraphs start with an indented line), after removing the indentation a
    /// pretty-printer added to every line: the smallest indentation of the lines after the first.
    /// </summary>
    public static string? Abstract(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var indent = lines.Skip(1).Where(l => l.Trim().Length > 0)
            .Select(l => l.Length - l.TrimStart(' ', '\t').Length).DefaultIfEmpty(0).Min();
        if (indent > 0)
        {
            var builder = new StringBuilder(text.Length);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = i > 0 && lines[i].Length >= indent ? lines[i][indent..] : lines[i];
                builder.Append(line).Append('\n');
            }
            text = builder.ToString();
        }
        return Whitespace.NullIfBlank(TexText.Decode(Whitespace.UnwrapParagraphs(text)));
    }
}
