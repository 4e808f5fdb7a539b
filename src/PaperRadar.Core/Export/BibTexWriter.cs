using System.Globalization;
using System.Text;
using PaperRadar.Core.Model;

namespace PaperRadar.Core.Export;

/// <summary>
/// Writes papers as BibTeX <c>@misc</c> entries in the form arXiv recommends (eprint, archivePrefix, primaryClass).
/// Keys are <c>surnameYEARfirstword</c>, made unique within one writer by a letter suffix.
/// </summary>
public sealed class BibTexWriter
{
    private static readonly HashSet<string> Particles = new(StringComparer.OrdinalIgnoreCase)
    {
        "van", "von", "der", "den", "de", "da", "di", "del", "della", "la", "le", "du", "dos", "ten", "ter",
    };

    private static readonly HashSet<string> TitleStopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "towards", "toward",
    };

    private readonly HashSet<string> _usedKeys = new(StringComparer.Ordinal);

    public string Entry(Paper paper)
    {
        var builder = new StringBuilder();
        builder.Append("@misc{").Append(UniqueKey(paper)).Append(",\n");
        Field(builder, "title", paper.Title);
        if (paper.Authors.Count > 0)
        {
            Field(builder, "author", string.Join(" and ", paper.Authors.Select(a => InvertName(a.Name))));
        }
        Field(builder, "year", paper.Year.ToString(CultureInfo.InvariantCulture));
        Field(builder, "eprint", paper.Id.Value);
        Field(builder, "archivePrefix", "arXiv");
        if (paper.PrimaryCategory is { } primary)
        {
            Field(builder, "primaryClass", primary);
        }
        if (paper.Doi is { } doi)
        {
            Field(builder, "doi", doi);
        }
        if (paper.JournalRef is { } journal)
        {
            Field(builder, "note", "Journal reference: " + journal);
        }
        Field(builder, "url", ArxivLinks.Abs(paper.Id));
        builder.Append("}\n");
        return builder.ToString();
    }

    /// <summary>"Ada M. van der Berg" → "van der Berg, Ada M." (BibTeX's unambiguous form).</summary>
    public static string InvertName(string name)
    {
        var parts = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || name.Contains(',', StringComparison.Ordinal))
        {
            return name;
        }
        var surnameStart = parts.Length - 1;
        while (surnameStart > 1 && Particles.Contains(parts[surnameStart - 1]))
        {
            surnameStart--;
        }
        return string.Join(' ', parts[surnameStart..]) + ", " + string.Join(' ', parts[..surnameStart]);
    }

    private string UniqueKey(Paper paper)
    {
        var surname = paper.Authors.Count > 0 ? InvertName(paper.Authors[0].Name).Split(',')[0] : "anonymous";
        var word = paper.Title.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string(w.Where(char.IsLetterOrDigit).ToArray()))
            .FirstOrDefault(w => w.Length > 0 && !TitleStopWords.Contains(w)) ?? "paper";
        var key = AsciiKey(surname) + paper.Year.ToString(CultureInfo.InvariantCulture) + AsciiKey(word);
        var unique = key;
        for (var suffix = 'a'; !_usedKeys.Add(unique); suffix++)
        {
            unique = key + suffix;
            if (suffix == 'z')
            {
                unique = key + paper.Id.Value.Replace('/', '_').Replace('.', '_');
                _usedKeys.Add(unique);
                break;
            }
        }
        return unique;
    }

    private static string AsciiKey(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder();
        foreach (var c in decomposed)
        {
            if (c < 128 && char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }
        return builder.Length > 0 ? builder.ToString() : "x";
    }

    private static void Field(StringBuilder builder, string name, string value) =>
        builder.Append("  ").Append(name).Append(" = {").Append(Escape(value)).Append("},\n");

    /// <summary>
    /// Escapes characters special to LaTeX outside math mode (&amp; % # _) and any brace that would unbalance the
    /// field; math (<c>$...$</c>) is left alone so formulas in titles survive.
    /// </summary>
    public static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length + 8);
        var inMath = false;
        var depth = 0;
        var closers = new List<int>();
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var escaped = i > 0 && value[i - 1] == '\\';
            switch (c)
            {
                case '$' when !escaped:
                    inMath = !inMath;
                    builder.Append(c);
                    break;
                case '&' or '%' or '#' or '_' when !inMath && !escaped:
                    builder.Append('\\').Append(c);
                    break;
                case '{' when !escaped:
                    depth++;
                    closers.Add(builder.Length);
                    builder.Append(c);
                    break;
                case '}' when !escaped:
                    if (depth == 0)
                    {
                        builder.Append("\\}");
                    }
                    else
                    {
                        depth--;
                        closers.RemoveAt(closers.Count - 1);
                        builder.Append(c);
                    }
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }
        // Opening braces never closed: escape them, from the last, so the entry stays parseable.
        for (var i = closers.Count - 1; i >= 0; i--)
        {
            builder.Insert(closers[i], '\\');
        }
        if (builder.Length > 0 && builder[^1] == '\\')
        {
            builder.Append(' ');
        }
        return builder.ToString();
    }
}
