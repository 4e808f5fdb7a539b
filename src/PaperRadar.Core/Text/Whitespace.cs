using System.Text;

namespace PaperRadar.Core.Text;

/// <summary>Undoes the hard wrapping of arXiv metadata: folded titles, author lists and abstracts.</summary>
public static class Whitespace
{
    /// <summary>Every run of whitespace (newlines included) becomes one space; ends are trimmed.</summary>
    public static string Collapse(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }
            builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>
    /// Joins the wrapped lines of an abstract into paragraphs. arXiv starts a new paragraph with a blank line or an
    /// indented line (the first line's indentation is not a paragraph break); paragraphs are separated by "\n\n".
    /// </summary>
    public static string UnwrapParagraphs(string text)
    {
        var paragraphs = new List<string>();
        var current = new StringBuilder();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var seenText = false;
        foreach (var raw in lines)
        {
            var startsParagraph = raw.Length == 0 || raw.Trim().Length == 0 ||
                                  (seenText && raw.Length > 1 && raw[0] == ' ' && raw[1] == ' ');
            if (startsParagraph && current.Length > 0)
            {
                paragraphs.Add(Collapse(current.ToString()));
                current.Clear();
            }
            if (raw.Trim().Length > 0)
            {
                seenText = true;
                current.Append(raw).Append(' ');
            }
        }
        if (current.Length > 0)
        {
            paragraphs.Add(Collapse(current.ToString()));
        }
        return string.Join("\n\n", paragraphs.Where(p => p.Length > 0));
    }

    public static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
