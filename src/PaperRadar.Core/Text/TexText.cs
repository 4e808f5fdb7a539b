using System.Buffers;
using System.Collections.Frozen;
using System.Text;

namespace PaperRadar.Core.Text;

/// <summary>
/// Decodes TeX accents and special letters (<c>{\"o}</c> → ö, <c>\v{c}</c> → č, <c>{\ss}</c> → ß) in names, titles
/// and abstracts, the way the author's TeX would have printed them.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Math (<c>$…$</c>, <c>$$…$$</c>, <c>\(…\)</c>, <c>\[…\]</c>) is never changed; an unclosed <c>$</c> runs to
/// the end, so a stray dollar can only cost decoding, never corrupt a formula.</item>
/// <item>An accent is decoded only when Unicode has a precomposed letter for it (what NFC of letter + combining mark
/// gives); otherwise the TeX stays. That keeps <c>O\'Brien</c>, <c>don\'t</c>, <c>\'Free</c> and mangled macros such
/// as <c>\r{ho}</c> or <c>\k{appa}</c> as written, and the output never gains a combining mark.</item>
/// <item>Only braces that held nothing but accents and special letters are removed (<c>{\"o}</c>, <c>{\ss}</c>).
/// Other braces stay, <c>{BERT}</c> included: in arXiv metadata they are as often a sloppy exponent
/// (<c>10^{-3}</c>) or a macro argument as capitalisation protection, and keeping them is always safe. A group that
/// is the argument of a command left in the text (<c>\emph{\"o}</c>, <c>x^{\"o}</c>) keeps its braces too.</item>
/// <item>Unknown commands stay exactly as written; only the escapes <c>\&amp; \% \# \_</c> become their character.
/// <c>\$</c>, <c>\{</c> and <c>\ </c> stay because removing their backslash could change what a second pass sees
/// (a new math delimiter, a new group, an accent reaching across a space), and decoding must be idempotent.</item>
/// </list>
/// </remarks>
public static class TexText
{
    private static readonly SearchValues<char> Specials = SearchValues.Create("\\${");

    // Each accent command with Unicode's canonical compositions (NFC) of its combining mark, as base/composed pairs,
    // over the Latin letters (ASCII and precomposed, so \'\"u and \~ê stack). string.Normalize cannot do this here:
    // the build sets InvariantGlobalization, under which normalisation leaves non-ASCII text unchanged. The tie
    // accent \t joins two letters and has no precomposed form, so it is not listed and stays as written.
    // One deliberate exception: \c{e} is ę, not ȩ. Polish names were written with \c before \k existed
    // (Zi\c{e}tara, Wi\c{e}cek), and ȩ occurs in no name.
    private static readonly (char Accent, char Mark, string Pairs)[] Accents =
    [
        ('`', '\u0300', "aàeèiìnǹoòuùwẁyỳAÀEÈIÌNǸOÒUÙWẀYỲÂẦÊỀÔỒÜǛâầêềôồüǜĂẰăằĒḔēḕŌṐōṑƠỜơờƯỪưừ"),
        ('\'', '\u0301', "aácćeégǵiíkḱlĺmḿnńoópṕrŕsśuúwẃyýzźAÁCĆEÉGǴIÍKḰLĹMḾNŃOÓPṔRŔSŚUÚWẂYÝZŹÂẤÅǺÆǼÇḈÊẾÏḮÔỐÕṌØǾÜǗâấåǻæǽçḉêếïḯôốõṍøǿüǘĂẮăắĒḖēḗŌṒōṓŨṸũṹƠỚơớƯỨưứ"),
        ('^', '\u0302', "aâcĉeêgĝhĥiîjĵoôsŝuûwŵyŷzẑAÂCĈEÊGĜHĤIÎJĴOÔSŜUÛWŴYŶZẐẠẬạậẸỆẹệỌỘọộ"),
        ('~', '\u0303', "aãeẽiĩnñoõuũvṽyỹAÃEẼIĨNÑOÕUŨVṼYỸÂẪÊỄÔỖâẫêễôỗĂẴăẵƠỠơỡƯỮưữ"),
        ('=', '\u0304', "aāeēgḡiīoōuūyȳAĀEĒGḠIĪOŌUŪYȲÄǞÆǢÕȬÖȪÜǕäǟæǣõȭöȫüǖǪǬǫǭȦǠȧǡȮȰȯȱḶḸḷḹṚṜṛṝ"),
        ('u', '\u0306', "aăeĕgğiĭoŏuŭAĂEĔGĞIĬOŎUŬȨḜȩḝẠẶạặ"),
        ('.', '\u0307', "aȧbḃcċdḋeėfḟgġhḣmṁnṅoȯpṗrṙsṡtṫwẇxẋyẏzżAȦBḂCĊDḊEĖFḞGĠHḢIİMṀNṄOȮPṖRṘSṠTṪWẆXẊYẎZŻŚṤśṥŠṦšṧſẛṢṨṣṩ"),
        ('"', '\u0308', "aäeëhḧiïoötẗuüwẅxẍyÿAÄEËHḦIÏOÖUÜWẄXẌYŸÕṎõṏŪṺūṻ"),
        ('r', '\u030A', "aåuůwẘyẙAÅUŮ"),
        ('H', '\u030B', "oőuűOŐUŰ"),
        ('v', '\u030C', "aǎcčdďeěgǧhȟiǐjǰkǩlľnňoǒrřsštťuǔzžAǍCČDĎEĚGǦHȞIǏKǨLĽNŇOǑRŘSŠTŤUǓZŽÜǙüǚƷǮ"),
        ('d', '\u0323', "aạbḅdḍeẹhḥiịkḳlḷmṃnṇoọrṛsṣtṭuụvṿwẉyỵzẓAẠBḄDḌEẸHḤIỊKḲLḶMṂNṆOỌRṚSṢTṬUỤVṾWẈYỴZẒÂẬÊỆÔỘâậêệôộĂẶăặƠỢơợƯỰưựṠṨṡṩ"),
        ('c', '\u0327', "cçdḑeęgģhḩkķlļnņrŗsştţCÇDḐEĘGĢHḨKĶLĻNŅRŖSŞTŢĆḈćḉ"),
        ('k', '\u0328', "aąeęiįoǫuųAĄEĘIĮOǪUŲŌǬōǭ"),
        ('b', '\u0331', "bḇdḏhẖkḵlḻnṉrṟtṯzẕBḆDḎKḴLḺNṈRṞTṮZẔ"),
    ];

    private static readonly FrozenDictionary<int, char> Compositions = BuildCompositions();

    /// <summary>The accent commands (<c>'</c> for <c>\'</c>, <c>v</c> for <c>\v</c>) and their combining marks.</summary>
    public static IReadOnlyList<(char Accent, char Mark)> AccentCommands { get; } =
        Accents.Select(a => (a.Accent, a.Mark)).ToArray();

    private static readonly (string Command, char Letter)[] Letters =
    [
        ("ss", 'ß'), ("o", 'ø'), ("O", 'Ø'), ("aa", 'å'), ("AA", 'Å'), ("ae", 'æ'), ("AE", 'Æ'), ("oe", 'œ'),
        ("OE", 'Œ'), ("l", 'ł'), ("L", 'Ł'), ("i", 'ı'), ("j", 'ȷ'), ("dh", 'ð'), ("DH", 'Ð'), ("dj", 'đ'),
        ("DJ", 'Đ'),
    ];

    /// <summary>The special-letter commands (<c>ss</c> for <c>\ss</c>) and the letters they print.</summary>
    public static IReadOnlyList<(string Command, char Letter)> LetterCommands => Letters;

    /// <summary>The letter <paramref name="accent"/> puts on <paramref name="letter"/>, or <c>'\0'</c> if Unicode has none.</summary>
    public static char Compose(char accent, char letter)
    {
        // \'\i and \^\j put the accent on a dotless letter; Unicode composes it on the dotted one.
        var baseLetter = letter switch { 'ı' => 'i', 'ȷ' => 'j', _ => letter };
        return Compositions.TryGetValue(accent << 16 | baseLetter, out var composed) ? composed : '\0';
    }

    public static string Decode(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        var output = new Output(text);
        Span<char> group = stackalloc char[16];
        // Where the last command left in the text ends.
        var argumentAt = -1;
        var i = 0;
        while (true)
        {
            var next = text.AsSpan(i).IndexOfAny(Specials);
            if (next < 0)
            {
                break;
            }
            i += next;
            switch (text[i])
            {
                case '$':
                    i = EndOfDollarMath(text, i);
                    continue;
                case '{':
                    if (!IsArgument(text, i, argumentAt) &&
                        TryGroup(text, i, group, out var groupEnd, out var groupLength))
                    {
                        output.Replace(i, groupEnd, group[..groupLength]);
                        i = groupEnd;
                    }
                    else
                    {
                        i++;
                    }
                    continue;
            }

            if (i + 1 >= text.Length)
            {
                break;
            }
            var symbol = text[i + 1];
            if (symbol is '(' or '[')
            {
                i = EndOfBracketMath(text, i + 2, symbol == '(' ? ')' : ']');
                continue;
            }
            if (TryItem(text, i, out var end, out var letter))
            {
                output.Replace(i, end, new ReadOnlySpan<char>(in letter));
                i = end;
                continue;
            }
            if (symbol is '&' or '%' or '#' or '_')
            {
                output.Replace(i, i + 2, new ReadOnlySpan<char>(in symbol));
                i += 2;
                continue;
            }
            // A control symbol (\\, \$, \{, an accent with no decodable argument) is skipped whole, so that its second
            // character is never read as the start of something else.
            i = IsAsciiLetter(symbol) ? EndOfWord(text, i + 1) : i + 2;
            argumentAt = i;
        }
        return output.ToString();
    }

    /// <summary>
    /// Whether the group at <paramref name="brace"/> belongs to what precedes it: a command left in the text (spaces
    /// between included), or ^ and _. Such braces stay; removing them could hand an accent left undecoded a new
    /// argument on a second pass (<c>\={\i\^{}}</c>), and decoding must be idempotent.
    /// </summary>
    private static bool IsArgument(string text, int brace, int commandEnd)
    {
        var p = brace;
        while (p > 0 && text[p - 1] == ' ')
        {
            p--;
        }
        return p == commandEnd || brace > 0 && text[brace - 1] is '^' or '_';
    }

    /// <summary>One accent or special letter starting at the backslash at <paramref name="at"/>.</summary>
    private static bool TryItem(string text, int at, out int end, out char letter)
    {
        end = at;
        letter = '\0';
        if (at + 1 >= text.Length)
        {
            return false;
        }
        var symbol = text[at + 1];
        if (symbol is '\'' or '"' or '`' or '^' or '~' or '=' or '.')
        {
            return TryAccent(text, symbol, at + 2, spaceForm: true, out end, out letter);
        }
        if (!IsAsciiLetter(symbol))
        {
            return false;
        }

        var wordEnd = EndOfWord(text, at + 1);
        var name = text.AsSpan(at + 1, wordEnd - at - 1);
        letter = SpecialLetter(name);
        if (letter != '\0')
        {
            end = AfterSpecialLetter(text, at, wordEnd);
            return true;
        }
        return name switch
        {
            // \d and \b are, in real abstracts, far more often user macros (a differential d, a bold b) than the
            // dot-below and bar-below accents, so they are only taken with their argument in braces.
            "d" or "b" => TryAccent(text, name[0], wordEnd, spaceForm: false, out end, out letter),
            "u" or "v" or "H" or "c" or "k" or "r" => TryAccent(text, name[0], wordEnd, spaceForm: true, out end, out letter),
            _ => false,
        };
    }

    private static bool TryAccent(string text, char accent, int at, bool spaceForm, out int end, out char letter)
    {
        end = at;
        letter = '\0';
        var p = at;
        while (p < text.Length && text[p] == ' ')
        {
            p++;
        }
        if (p >= text.Length)
        {
            return false;
        }
        var first = text[p];
        if (!spaceForm && (p > at || first != '{') || p > at && IsEscapedPossessive(text, accent, p))
        {
            return false;
        }

        if (first == '{' && p + 1 < text.Length && text[p + 1] == '}')
        {
            // \~{} and \^{} print the bare accent, the usual way to write ~ in a URL.
            if (accent is '~' or '^')
            {
                end = p + 2;
                letter = accent;
                return true;
            }
            return false;
        }
        // Extra braces around the argument (Bena\"{{\i}}m) change nothing in TeX.
        var depth = 0;
        while (p < text.Length && text[p] == '{')
        {
            depth++;
            p++;
        }
        if (!TryLetter(text, p, out end, out var baseLetter))
        {
            return false;
        }
        for (; depth > 0; depth--)
        {
            while (end < text.Length && text[end] == ' ')
            {
                end++;
            }
            if (end >= text.Length || text[end] != '}')
            {
                return false;
            }
            end++;
        }

        letter = Compose(accent, baseLetter);
        return letter != '\0';
    }

    /// <summary>An accent's argument: one letter, or an accent or special letter (<c>\i</c>, <c>\"u</c>).</summary>
    private static bool TryLetter(string text, int at, out int end, out char letter)
    {
        if (at < text.Length && char.IsLetter(text[at]))
        {
            end = at + 1;
            letter = text[at];
            return true;
        }
        if (at < text.Length && text[at] == '\\')
        {
            return TryItem(text, at, out end, out letter);
        }
        end = at;
        letter = '\0';
        return false;
    }

    // "Harris\' s method": an apostrophe escaped by mistake, not ś. Only the spaced form is taken for one; the
    // unspaced \'s stays ś as TeX prints it, since Polish names (Pre\'s, Podle\'s) need it.
    private static bool IsEscapedPossessive(string text, char accent, int letterAt) =>
        accent == '\'' && text[letterAt] == 's' &&
        (letterAt + 1 >= text.Length || !char.IsLetter(text[letterAt + 1]) && text[letterAt + 1] is not ('\\' or '{'));

    /// <summary>A brace group holding only accents and special letters: <c>{\"o}</c>, <c>{\ss}</c>, <c>{\v c}</c>.</summary>
    private static bool TryGroup(string text, int at, Span<char> letters, out int end, out int length)
    {
        end = at;
        length = 0;
        var p = at + 1;
        while (p < text.Length && length < letters.Length)
        {
            if (text[p] == '}')
            {
                end = p + 1;
                return length > 0;
            }
            if (text[p] == ' ')
            {
                p++;
                continue;
            }
            if (text[p] != '\\' || !TryItem(text, p, out p, out letters[length]))
            {
                return false;
            }
            length++;
        }
        return false;
    }

    private static char SpecialLetter(ReadOnlySpan<char> name)
    {
        foreach (var (command, letter) in Letters)
        {
            if (name.SequenceEqual(command))
            {
                return letter;
            }
        }
        return '\0';
    }

    /// <summary>
    /// After <c>\ss</c>, <c>\o</c>…: an empty <c>{}</c> ends the command (<c>\ae{}ss</c>), and spaces before a letter
    /// are eaten as TeX does (<c>Kj\ae rgaard</c>, <c>Mart\'\i nez</c>). Spaces before anything else are kept.
    /// </summary>
    private static int AfterSpecialLetter(string text, int commandAt, int wordEnd)
    {
        if (wordEnd + 1 < text.Length && text[wordEnd] == '{' && text[wordEnd + 1] == '}')
        {
            return wordEnd + 2;
        }
        var p = wordEnd;
        while (p < text.Length && text[p] == ' ')
        {
            p++;
        }
        var eat = p > wordEnd && p < text.Length && char.IsLetter(text[p]) && !IsAngstromUnit(text, commandAt, wordEnd);
        return eat ? p : wordEnd;
    }

    // "82 \AA to 93 \AA", "0.35 V/\AA are": after a number or a slash \AA is the ångström unit, a word of its own,
    // although TeX would glue it to the next word; astrophysics abstracts are full of it. Elsewhere it is a name
    // (\AA ke Nordlund).
    private static bool IsAngstromUnit(string text, int commandAt, int wordEnd)
    {
        if (wordEnd - commandAt != 3 || text[commandAt + 1] != 'A' || text[commandAt + 2] != 'A')
        {
            return false;
        }
        var p = commandAt - 1;
        while (p >= 0 && text[p] == ' ')
        {
            p--;
        }
        return p >= 0 && (char.IsAsciiDigit(text[p]) || text[p] == '/');
    }

    private static int EndOfDollarMath(string text, int at)
    {
        var display = at + 1 < text.Length && text[at + 1] == '$';
        var p = at + (display ? 2 : 1);
        while (p < text.Length)
        {
            switch (text[p])
            {
                case '\\':
                    p += 2;
                    break;
                case '$' when !display:
                    return p + 1;
                case '$' when p + 1 < text.Length && text[p + 1] == '$':
                    return p + 2;
                default:
                    p++;
                    break;
            }
        }
        return text.Length;
    }

    private static int EndOfBracketMath(string text, int at, char close)
    {
        var p = at;
        while (p < text.Length)
        {
            if (text[p] == '\\')
            {
                if (p + 1 < text.Length && text[p + 1] == close)
                {
                    return p + 2;
                }
                p += 2;
            }
            else
            {
                p++;
            }
        }
        return text.Length;
    }

    private static int EndOfWord(string text, int at)
    {
        var p = at;
        while (p < text.Length && IsAsciiLetter(text[p]))
        {
            p++;
        }
        return p;
    }

    private static bool IsAsciiLetter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

    private static FrozenDictionary<int, char> BuildCompositions()
    {
        var table = new Dictionary<int, char>();
        foreach (var (accent, _, pairs) in Accents)
        {
            for (var k = 0; k < pairs.Length; k += 2)
            {
                table.Add(accent << 16 | pairs[k], pairs[k + 1]);
            }
        }
        return table.ToFrozenDictionary();
    }

    /// <summary>Copies the input lazily: a text with nothing to decode comes back as the same instance.</summary>
    private ref struct Output(string text)
    {
        private StringBuilder? _builder;
        private int _copied;

        public void Replace(int start, int end, scoped ReadOnlySpan<char> with)
        {
            _builder ??= new StringBuilder(text.Length);
            _builder.Append(text, _copied, start - _copied).Append(with);
            _copied = end;
        }

        public override readonly string ToString() =>
            _builder is null ? text : _builder.Append(text, _copied, text.Length - _copied).ToString();
    }
}
