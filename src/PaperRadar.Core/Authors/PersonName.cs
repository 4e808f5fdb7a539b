using System.Collections.Frozen;
using System.Text;

namespace PaperRadar.Core.Authors;

/// <summary>
/// An author name reduced to what identifies it: the given names (folded to lower-case ASCII, an initial as one
/// letter), the surname with its particles ("van der Berg" → "vanderberg") and the suffix ("jr").
/// "Last, First" and "First Last" give the same name.
/// </summary>
/// <param name="Given">The given names and initials, space-separated ("jean pierre", "j p", "yang"); empty when the
/// source gave only a surname.</param>
/// <param name="Surname">The surname with its particles, letters and digits only.</param>
/// <param name="Suffix">"jr", "sr", "ii", "iii", "iv", or empty.</param>
public sealed record PersonName(string Given, string Surname, string Suffix)
{
    private static readonly FrozenSet<string> Particles = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "van", "von", "der", "den", "de", "del", "della", "degli", "di", "da", "das", "dos", "du", "des", "la", "le",
        "ten", "ter", "zu", "af", "al", "el", "bin", "ibn");

    private static readonly FrozenSet<string> Honorifics = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "dr", "prof", "mr", "mrs", "ms", "sir");

    private static readonly FrozenSet<string> Suffixes = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "jr", "sr", "ii", "iii", "iv");

    /// <summary>The given names one by one ("jean", "pierre"); initials are one letter.</summary>
    public IReadOnlyList<string> GivenNames =>
        Given.Length == 0 ? [] : Given.Split(' ');

    /// <summary>Whether the first given name is written out ("Yang Liu"), not an initial ("Y. Liu").</summary>
    public bool HasFullFirstName => Given.Length > 1 && Given[1] != ' ';

    /// <summary>
    /// The name block: first initial and surname ("y liu"). Every name that could be the same person falls in the
    /// same block; disambiguation splits a block into people.
    /// </summary>
    public string BlockKey => Given.Length == 0 ? Surname : $"{Given[0]} {Surname}";

    /// <summary>All the name says, in "given surname" order ("yang liu", "j p vanderberg jr").</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(Given);
        if (builder.Length > 0)
        {
            builder.Append(' ');
        }
        builder.Append(Surname);
        if (Suffix.Length > 0)
        {
            builder.Append(' ').Append(Suffix);
        }
        return builder.ToString();
    }

    /// <summary>The same name in "surname, given" order ("liu, yang"), which <see cref="Parse"/> reads back.</summary>
    public string ToInvertedString() =>
        Suffix.Length > 0 ? $"{Surname}, {Given}, {Suffix}" : Given.Length > 0 ? $"{Surname}, {Given}" : Surname;

    /// <summary>Reads a name as written: "Yang Liu", "Liu, Yang", "J.-P. van der Berg Jr.", "{\"O}zg{\"u}r Ya{\c s}ar".</summary>
    public static PersonName Parse(string written)
    {
        var text = RemoveParentheses(NameText.Clean(written));
        var suffix = "";
        string givenText;
        string surnameText;
        var commaParts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        // "John Smith, Jr." and "Smith, John, Jr.": a comma part that is only a suffix is the suffix.
        var parts = new List<string>(commaParts);
        for (var i = parts.Count - 1; i >= 1; i--)
        {
            if (Suffixes.Contains(parts[i].TrimEnd('.')))
            {
                suffix = parts[i].TrimEnd('.').ToLowerInvariant();
                parts.RemoveAt(i);
            }
        }
        if (parts.Count >= 2)
        {
            surnameText = parts[0];
            givenText = string.Join(' ', parts.Skip(1));
            // "Beethoven, Ludwig van": particles written after the given names belong to the surname.
            var givenWords = givenText.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            while (givenWords.Count > 1 && Particles.Contains(givenWords[^1].TrimEnd('.')))
            {
                surnameText = givenWords[^1] + " " + surnameText;
                givenWords.RemoveAt(givenWords.Count - 1);
            }
            givenText = string.Join(' ', givenWords);
        }
        else
        {
            var words = (parts.Count == 1 ? parts[0] : "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            if (words.Count > 1 && Suffixes.Contains(words[^1].TrimEnd('.')))
            {
                suffix = words[^1].TrimEnd('.').ToLowerInvariant();
                words.RemoveAt(words.Count - 1);
            }
            var surnameStart = Math.Max(words.Count - 1, 0);
            // Particles before the last word join the surname ("Luc Van Gool", "Juan de la Cruz"), never the first word.
            while (surnameStart > 1 && Particles.Contains(words[surnameStart - 1]))
            {
                surnameStart--;
            }
            surnameText = string.Join(' ', words.Skip(surnameStart));
            givenText = string.Join(' ', words.Take(surnameStart));
        }
        // "Dr A'bdul Sattar": a title is not a given name.
        var givenWordList = givenText.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        while (givenWordList.Count > 1 && Honorifics.Contains(givenWordList[0].TrimEnd('.')))
        {
            givenWordList.RemoveAt(0);
        }
        givenText = string.Join(' ', givenWordList);
        var allCaps = !text.Any(char.IsLower);
        return new PersonName(string.Join(' ', GivenTokens(givenText, allCaps)), NameText.Fold(surnameText), suffix);
    }

    /// <summary>
    /// The given names as folded tokens: "J.-P." and "J.P." → "j", "p"; "Jean-Pierre" → "jean", "pierre"; "JP" →
    /// "j", "p" (two or three capitals in a name that is not all capitals are initials).
    /// </summary>
    private static IEnumerable<string> GivenTokens(string given, bool nameIsAllCaps)
    {
        foreach (var word in given.Split([' ', '-', '.'], StringSplitOptions.RemoveEmptyEntries))
        {
            var letters = word.Where(char.IsLetterOrDigit).ToArray();
            if (letters.Length is 2 or 3 && !nameIsAllCaps && letters.All(char.IsUpper))
            {
                foreach (var initial in letters)
                {
                    yield return NameText.Fold(initial.ToString());
                }
                continue;
            }
            var folded = NameText.Fold(word);
            if (folded.Length > 0)
            {
                yield return folded;
            }
        }
    }

    private static string RemoveParentheses(string text)
    {
        if (!text.Contains('(', StringComparison.Ordinal))
        {
            return text;
        }
        var builder = new StringBuilder(text.Length);
        var depth = 0;
        foreach (var c in text)
        {
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && depth > 0)
            {
                depth--;
            }
            else if (depth == 0)
            {
                builder.Append(c);
            }
        }
        return string.Join(' ', builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
