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

    /// <summary>Generational suffixes, which BibTeX keeps apart from the surname ("Heath, Jr., Robert W.").</summary>
    private static readonly HashSet<string> Suffixes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV",
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
        if (paper.Id.Arxiv is { } arxivId)
        {
            Field(builder, "eprint", arxivId.Value);
            Field(builder, "archivePrefix", "arXiv");
        }
        else if (paper.CommentFacts.Venue is { } venue)
        {
            Field(builder, "howpublished", venue);
        }
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
        Field(builder, "url", PaperLinks.Page(paper.Id));
        builder.Append("}\n");
        return builder.ToString();
    }

    /// <summary>
    /// "Ada M. van der Berg" → "van der Berg, Ada M." and "Hal Daumé III" → "Daumé, III, Hal" (BibTeX's unambiguous
    /// "von Last, Jr, First" form).
    /// </summary>
    public static string InvertName(string name)
    {
        var parts = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || name.Contains(',', StringComparison.Ordinal))
        {
            return name;
        }
        string? suffix = null;
        if (parts.Length >= 3 && Suffixes.Contains(parts[^1]))
        {
            suffix = parts[^1];
            parts = parts[..^1];
        }
        var surnameStart = parts.Length - 1;
        while (surnameStart > 1 && Particles.Contains(parts[surnameStart - 1]))
        {
            surnameStart--;
        }
        var surname = string.Join(' ', parts[surnameStart..]);
        var given = string.Join(' ', parts[..surnameStart]);
        return suffix is null ? surname + ", " + given : surname + ", " + suffix + ", " + given;
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
        // Folded by table: with InvariantGlobalization, string.Normalize cannot decompose "à" into "a" + accent.
        var builder = new StringBuilder();
        foreach (var c in text)
        {
            if (c < 128)
            {
                if (char.IsLetterOrDigit(c))
                {
                    builder.Append(char.ToLowerInvariant(c));
                }
            }
            else if (LatinFolds.TryGetValue(c, out var folded))
            {
                builder.Append(folded);
            }
        }
        return builder.Length > 0 ? builder.ToString() : "x";
    }

    /// <summary>Latin-1 and Latin Extended-A letters to lower-case ASCII ("À" → "a", "ß" → "ss", "Ł" → "l").</summary>
    private static readonly Dictionary<char, string> LatinFolds =
        "Àa Áa Âa Ãa Äa Åa Æae Çc Èe Ée Êe Ëe Ìi Íi Îi Ïi Ðd Ñn Òo Óo Ôo Õo Öo Øo Ùu Úu Ûu Üu Ýy Þth ßss àa áa âa ãa äa åa æae çc èe ée êe ëe ìi íi îi ïi ðd ñn òo óo ôo õo öo øo ùu úu ûu üu ýy þth ÿy Āa āa Ăa ăa Ąa ąa Ćc ćc Ĉc ĉc Ċc ċc Čc čc Ďd ďd Đd đd Ēe ēe Ĕe ĕe Ėe ėe Ęe ęe Ěe ěe Ĝg ĝg Ğg ğg Ġg ġg Ģg ģg Ĥh ĥh Ħh ħh Ĩi ĩi Īi īi Ĭi ĭi Įi įi İi ıi Ĳij ĳij Ĵj ĵj Ķk ķk ĸk Ĺl ĺl Ļl ļl Ľl ľl Ŀl ŀl Łl łl Ńn ńn Ņn ņn Ňn ňn ŉn Ŋn ŋn Ōo ōo Ŏo ŏo Őo őo Œoe œoe Ŕr ŕr Ŗr ŗr Řr řr Śs śs Ŝs ŝs Şs şs Šs šs Ţt ţt Ťt ťt Ŧt ŧt Ũu ũu Ūu ūu Ŭu ŭu Ůu ůu Űu űu Ųu ųu Ŵw ŵw Ŷy ŷy Ÿy Źz źz Żz żz Žz žz ſs"
            .Split(' ')
            .ToDictionary(pair => pair[0], pair => pair[1..]);

    private static void Field(StringBuilder builder, string name, string value) =>
        builder.Append("  ").Append(name).Append(" = {").Append(Escape(value)).Append("},\n");

    /// <summary>
    /// Escapes characters special to LaTeX outside math mode (&amp; % # _) and makes any brace that would unbalance
    /// the field harmless; math (<c>$...$</c>) is left alone so formulas in titles survive, and a lone <c>$</c> that
    /// opens no formula ("$500 Training Cost") is written as <c>\$</c>.
    /// </summary>
    /// <remarks>
    /// BibTeX counts every brace, backslash or not, when it looks for the end of a field: <c>\}</c> closes the field
    /// as surely as <c>}</c>. So an unmatched brace is replaced by a command that prints it
    /// (<c>\textbraceleft{}</c>, or <c>\lbrace{}</c> in math) instead of being escaped.
    /// </remarks>
    public static string Escape(string value)
    {
        var unmatched = UnmatchedBraces(value);
        var loneDollar = LoneDollar(value);
        var builder = new StringBuilder(value.Length + 8);
        var inMath = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var escaped = IsEscaped(value, i);
            switch (c)
            {
                case '$' when !escaped && i == loneDollar:
                    builder.Append("\\$");
                    break;
                case '$' when !escaped:
                    inMath = !inMath;
                    builder.Append(c);
                    if (i + 1 < value.Length && value[i + 1] == '$')
                    {
                        builder.Append('$');   // $$...$$ display math is one delimiter
                        i++;
                    }
                    break;
                case '&' or '%' or '#' or '_' when !inMath && !escaped:
                    builder.Append('\\').Append(c);
                    break;
                case '{' or '}' when unmatched.Contains(i):
                    var command = (c, inMath) switch
                    {
                        ('{', false) => "textbraceleft{}",
                        ('}', false) => "textbraceright{}",
                        ('{', true) => "lbrace{}",
                        _ => "rbrace{}",
                    };
                    builder.Append(escaped ? "" : "\\").Append(command);
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }
        if (IsEscaped(builder.ToString(), builder.Length))
        {
            builder.Append(' ');   // a trailing backslash would escape the field's closing brace in LaTeX
        }
        return builder.ToString();
    }

    /// <summary>Whether the character at <paramref name="index"/> follows an odd run of backslashes.</summary>
    private static bool IsEscaped(string text, int index)
    {
        var backslashes = 0;
        for (var j = index - 1; j >= 0 && text[j] == '\\'; j--)
        {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /// <summary>Positions of braces without a partner, counting every brace as BibTeX does.</summary>
    private static HashSet<int> UnmatchedBraces(string value)
    {
        var unmatched = new HashSet<int>();
        var open = new Stack<int>();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '{')
            {
                open.Push(i);
            }
            else if (value[i] == '}' && !open.TryPop(out _))
            {
                unmatched.Add(i);
            }
        }
        unmatched.UnionWith(open);
        return unmatched;
    }

    /// <summary>The position of the last math delimiter when the delimiters do not pair up, else -1.</summary>
    private static int LoneDollar(string value)
    {
        var count = 0;
        var last = -1;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '$' && !IsEscaped(value, i))
            {
                count++;
                last = i;
                if (i + 1 < value.Length && value[i + 1] == '$')
                {
                    i++;
                }
            }
        }
        return count % 2 == 1 ? last : -1;
    }
}
