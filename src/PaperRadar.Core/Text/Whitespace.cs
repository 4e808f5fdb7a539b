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
        // One pass, writing each paragraph collapsed as it goes: the same result as collapsing each paragraph's
        // joined lines, without the intermediate strings (a fifth of the OAI-PMH reader's time on a 1,000-record page).
        var result = new StringBuilder(text.Length);
        var seenText = false;
        var paragraphHasText = false;
        var pendingSpace = false;
        var rest = text.AsSpan();
        while (true)
        {
            var newline = rest.IndexOf('\n');
            var line = newline < 0 ? rest : rest[..newline];
            var blank = line.IsWhiteSpace();
            if (blank || (seenText && line.Length > 1 && line[0] == ' ' && line[1] == ' '))
            {
                paragraphHasText = false;
                pendingSpace = false;
            }
            if (!blank)
            {
                seenText = true;
                foreach (var c in line)
                {
                    if (char.IsWhiteSpace(c))
                    {
                        pendingSpace = paragraphHasText;
                        continue;
                    }
                    if (!paragraphHasText)
                    {
                        if (result.Length > 0)
                        {
                            result.Append("\n\n");
                        }
                        paragraphHasText = true;
                    }
                    else if (pendingSpace)
                    {
                        result.Append(' ');
                    }
                    pendingSpace = false;
                    result.Append(c);
                }
                // A line break inside a paragraph joins its lines with one space.
                pendingSpace = paragraphHasText;
            }
            if (newline < 0)
            {
                return result.ToString();
            }
            rest = rest[(newline + 1)..];
        }
    }

    public static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
