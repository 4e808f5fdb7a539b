using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using PaperRadar.Core.Text;

namespace PaperRadar.Core.Authors;

/// <summary>
/// Cleans the text of an author name before it is parsed (TeX accents, Unicode compatibility forms) and folds a name
/// part to the lower-case ASCII letters its keys compare.
/// </summary>
/// <remarks>
/// The build runs with invariant globalization, under which <see cref="string.Normalize()"/> leaves non-ASCII text
/// unchanged, so the NFKC cases that occur in names are done here by table: full-width letters, ligatures, the many
/// spaces, hyphens and apostrophes, and a letter followed by a combining mark (composed with TexText's tables).
/// </remarks>
public static class NameText
{
    /// <summary>The written name with TeX decoded, compatibility forms replaced and whitespace collapsed.</summary>
    public static string Clean(string written)
    {
        var decoded = TexText.Decode(written);
        var builder = new StringBuilder(decoded.Length);
        foreach (var c in decoded)
        {
            if (c is >= '\uFF01' and <= '\uFF5E')
            {
                builder.Append((char)(c - 0xFEE0));   // full-width ASCII (NFKC)
            }
            else if (CompatibilityForms.TryGetValue(c, out var replacement))
            {
                builder.Append(replacement);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark && builder.Length > 0
                     && Marks.TryGetValue(c, out var accent)
                     && TexText.Compose(accent, builder[^1]) is var composed && composed != '\0')
            {
                builder[^1] = composed;   // a decomposed letter (NFD input) composed as NFKC would
            }
            else if (c is '{' or '}')
            {
                // TeX grouping braces left around a name part ("{Van der} Berg") are not part of the name.
            }
            else if (char.IsWhiteSpace(c))
            {
                builder.Append(' ');
            }
            else
            {
                builder.Append(c);
            }
        }
        return Whitespace.Collapse(builder.ToString()).Trim();
    }

    /// <summary>
    /// The lower-case ASCII letters of a name part: accents dropped, ß → ss, æ → ae, ø → o, ł → l; anything that is
    /// not a letter or digit is removed ("O'Brien" → "obrien", "Müller-Lüdenscheidt" → "mullerludenscheidt").
    /// </summary>
    public static string Fold(string part)
    {
        var builder = new StringBuilder(part.Length);
        foreach (var c in part)
        {
            if (c < 128)
            {
                if (char.IsAsciiLetterOrDigit(c))
                {
                    builder.Append(char.ToLowerInvariant(c));
                }
            }
            else if (LatinFolds.TryGetValue(c, out var folded))
            {
                builder.Append(folded);
            }
            else if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));   // other scripts (Cyrillic, CJK) stay as they are, lower-cased
            }
        }
        return builder.ToString();
    }

    private static readonly FrozenDictionary<char, char> Marks =
        TexText.AccentCommands.ToFrozenDictionary(a => a.Mark, a => a.Accent);

    private static readonly FrozenDictionary<char, string> CompatibilityForms = new Dictionary<char, string>
    {
        ['\u00A0'] = " ",
        ['\u2007'] = " ",
        ['\u202F'] = " ",
        ['\u2009'] = " ",
        ['\u200A'] = " ",
        ['\u3000'] = " ",
        ['\u200B'] = "",
        ['\u00AD'] = "",
        ['\uFEFF'] = "",
        ['\u2010'] = "-",
        ['\u2011'] = "-",
        ['\u2012'] = "-",
        ['\u2013'] = "-",
        ['\u2014'] = "-",
        ['\u2212'] = "-",
        ['\u2018'] = "'",
        ['\u2019'] = "'",
        ['\u02BC'] = "'",
        ['\u02B9'] = "'",
        ['\u00B4'] = "'",
        ['`'] = "'",
        ['\uFB00'] = "ff",
        ['\uFB01'] = "fi",
        ['\uFB02'] = "fl",
        ['\uFB03'] = "ffi",
        ['\uFB04'] = "ffl",
        ['\u0132'] = "IJ",
        ['\u0133'] = "ij",
        ['\u01C4'] = "DŽ",
        ['\u01C5'] = "Dž",
        ['\u01C6'] = "dž",
        ['\u01C7'] = "LJ",
        ['\u01C8'] = "Lj",
        ['\u01C9'] = "lj",
        ['\u01CA'] = "NJ",
        ['\u01CB'] = "Nj",
        ['\u01CC'] = "nj",
        ['\u2024'] = ".",
        ['\u2025'] = "..",
        ['\u2026'] = "...",
    }.ToFrozenDictionary();

    /// <summary>Latin letters to lower-case ASCII (the Latin-1, Extended-A and common Extended-B/Additional letters).</summary>
    private static readonly FrozenDictionary<char, string> LatinFolds =
        ("Àa Áa Âa Ãa Äa Åa Æae Çc Èe Ée Êe Ëe Ìi Íi Îi Ïi Ðd Ñn Òo Óo Ôo Õo Öo Øo Ùu Úu Ûu Üu Ýy Þth ßss àa áa âa ãa " +
         "äa åa æae çc èe ée êe ëe ìi íi îi ïi ðd ñn òo óo ôo õo öo øo ùu úu ûu üu ýy þth ÿy Āa āa Ăa ăa Ąa ąa Ćc ćc Ĉc " +
         "ĉc Ċc ċc Čc čc Ďd ďd Đd đd Ēe ēe Ĕe ĕe Ėe ėe Ęe ęe Ěe ěe Ĝg ĝg Ğg ğg Ġg ġg Ģg ģg Ĥh ĥh Ħh ħh Ĩi ĩi Īi īi Ĭi ĭi " +
         "Įi įi İi ıi Ĳij ĳij Ĵj ĵj Ķk ķk ĸk Ĺl ĺl Ļl ļl Ľl ľl Ŀl ŀl Łl łl Ńn ńn Ņn ņn Ňn ňn ŉn Ŋn ŋn Ōo ōo Ŏo ŏo Őo őo " +
         "Œoe œoe Ŕr ŕr Ŗr ŗr Řr řr Śs śs Ŝs ŝs Şs şs Šs šs Ţt ţt Ťt ťt Ŧt ŧt Ũu ũu Ūu ūu Ŭu ŭu Ůu ůu Űu űu Ųu ųu Ŵw ŵw " +
         "Ŷy ŷy Ÿy Źz źz Żz żz Žz žz ſs Ơo ơo Ưu ưu Ǎa ǎa Ǐi ǐi Ǒo ǒo Ǔu ǔu Ǖu ǖu Ǘu ǘu Ǚu ǚu Ǜu ǜu Șs șs Țt țt Ạa ạa Ảa " +
         "ảa Ấa ấa Ầa ầa Ẩa ẩa Ẫa ẫa Ậa ậa Ắa ắa Ằa ằa Ẳa ẳa Ẵa ẵa Ặa ặa Ẹe ẹe Ẻe ẻe Ẽe ẽe Ếe ếe Ềe ềe Ểe ểe Ễe ễe Ệe " +
         "ệe Ỉi ỉi Ịi ịi Ọo ọo Ỏo ỏo Ốo ốo Ồo ồo Ổo ổo Ỗo ỗo Ộo ộo Ớo ớo Ờo ờo Ởo ởo Ỡo ỡo Ợo ợo Ụu ụu Ủu ủu Ứu ứu Ừu " +
         "ừu Ửu ửu Ữu ữu Ựu ựu Ỳy ỳy Ỵy ỵy Ỷy ỷy Ỹy ỹy")
        .Split(' ')
        .ToFrozenDictionary(pair => pair[0], pair => pair[1..]);
}
