using System.Text;
using PaperRadar.Core.Model;
using PaperRadar.Core.Text;

namespace PaperRadar.Core.Readers;

/// <summary>
/// Splits arXiv's free-text author strings (<c>Authors:</c> of listings and .abs files) into names and affiliations.
/// </summary>
/// <remarks>
/// <para>
/// Names are separated by commas, semicolons, colons ("LHCb collaboration: R. Aaij, ..."), <c>and</c> and <c>&amp;</c>;
/// nothing inside parentheses, brackets or TeX braces ever splits. A parenthesised group is the affiliation of the
/// name right before it, and a closing parenthesis ends that author even when no comma follows
/// ("Darren S. Reed (ICC-Durham/LANL) Fabio Governato (...)").
/// </para>
/// <para>
/// A trailing affiliation applies only to the author right before it: in "G.J. Qiao, R.X. Xu, B. Zhang (PKU)" only
/// Zhang gets "PKU". That is how arXiv itself splits the line for display; its indexer
/// (<c>parse_author_affil</c>) instead copies the affiliation back to the unaffiliated authors before it, which is
/// a guess the text does not support ("A (X), B, C (Y)" says nothing about B), so it is not made here.
/// </para>
/// <para>
/// Numbered affiliations — "A (1), B (1,2) ((1) Univ X, (2) Univ Y)", also with letters, "1 and 2", brackets, one
/// group per number or the numbers before the names — are resolved to their texts; an author with several gets them
/// joined with "; ". "et al."
/// and "(5 additional authors not shown)" are dropped; "Jr.", "Sr.", "II", "III" and "IV" after a comma join the
/// name before them; collaborations ("for the MAGIC Collaboration", "The DELPHI Collaboration", "(on behalf of the
/// ANTARES collaboration)") are kept as names without the leading "for"/"on behalf of"/"the". A one-word group
/// between two parts of one name ("Yuxi (Lucy) Lu") is a nickname and stays in the name.
/// </para>
/// </remarks>
public static class AuthorListParser
{
    private static readonly string[] CollaborationWords =
        ["collaboration", "collaborations", "consortium", "team", "group", "survey", "project"];

    private static readonly string[] Suffixes = ["Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"];

    public static IReadOnlyList<AuthorName> Parse(string authors)
    {
        if (string.IsNullOrWhiteSpace(authors))
        {
            return [];
        }
        var pieces = SplitPieces(Whitespace.Collapse(authors));
        WrapTrailingDefinitions(pieces);
        var keys = ReadNumberedAffiliations(pieces);

        var result = new List<Author>();
        Author? current = null;    // the author a following group describes
        Author? nicknamed = null;  // set while "First (Nick)" waits for the rest of the name
        // "(1) Jacco Vink, (2) Ryo Yamazaki ((1) ..., (2) ...)": the labels come before the names they belong to.
        var labelsFirst = pieces is [{ Kind: PieceKind.Group } opening, ..] &&
                          KindOfLabels(opening.Content) is LabelKind.Digits or LabelKind.Letters;
        List<string>? labelled = null;
        for (var p = 0; p < pieces.Count; p++)
        {
            var piece = pieces[p];
            if (piece.Kind == PieceKind.Text)
            {
                var tokens = SplitNames(piece.Content, out var startsWithSeparator);
                var first = 0;
                if (nicknamed is not null && !startsWithSeparator && tokens.Count > 0 && IsSingleWord(tokens[0]))
                {
                    nicknamed.Name += " " + tokens[0];
                    current = nicknamed;
                    first = 1;
                }
                nicknamed = null;
                for (var t = first; t < tokens.Count; t++)
                {
                    current = AddName(result, tokens[t]);
                    if (labelled is not null && current is not null)
                    {
                        current.AddAffiliations(labelled);
                        labelled = null;
                    }
                }
                continue;
            }

            nicknamed = null;
            if (piece.Kind == PieceKind.NumberedAffiliations)
            {
                current = null;
                continue;
            }
            var content = piece.Content.Trim();
            if (content.Contains("authors not shown", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (AsCollaboration(content, inGroup: true) is { } collaboration)
            {
                result.Add(new Author(collaboration, isCollaboration: true));
                current = null;
                continue;
            }
            if (labelsFirst && KindOfLabels(content) != LabelKind.None)
            {
                labelled = ResolveAffiliation(content, keys);
                continue;
            }
            if (current is null || current.IsCollaboration)
            {
                continue;
            }
            if (IsNickname(content, pieces, p))
            {
                current.Name += " (" + content + ")";
                nicknamed = current;
                continue;
            }
            current.AddAffiliations(ResolveAffiliation(content, keys));
        }

        var names = new List<AuthorName>(result.Count);
        foreach (var author in result)
        {
            var name = TexText.Decode(author.Name);
            if (name.Length > 0)
            {
                names.Add(new AuthorName(name, author.Affiliation is { } a ? TexText.Decode(a) : null));
            }
        }
        return names;
    }

    /// <summary>
    /// Adds one name token (or a suffix, or nothing for "et al." and "and others") and returns the author a group
    /// after it describes.
    /// </summary>
    private static Author? AddName(List<Author> result, string token)
    {
        if (IsEtAl(token))
        {
            return null;
        }
        // "ARGO-YBJ Collaboration: presented by S. Bussino"
        if (token.StartsWith("presented by ", StringComparison.OrdinalIgnoreCase))
        {
            token = token["presented by ".Length..].TrimStart();
        }
        // "F. Aharonian et al.", "et al. The Fermi LAT Collaboration": et al. glued to a name.
        var etAl = FindEtAl(token, out var etAlEnd);
        if (etAl >= 0)
        {
            if (etAl > 0)
            {
                AddName(result, token[..etAl].TrimEnd());
            }
            var after = token[etAlEnd..].Trim();
            return after.Length > 0 ? AddName(result, after) : null;
        }
        if (Suffixes.Contains(token, StringComparer.OrdinalIgnoreCase) && result.Count > 0 && !result[^1].IsCollaboration)
        {
            result[^1].Name += " " + token;
            return result[^1];
        }
        // "Amanda Weinstein for the VERITAS Collaboration": a person and a collaboration in one token.
        var at = FindCollaborationClause(token);
        if (at > 0)
        {
            var person = new Author(token[..at].TrimEnd());
            result.Add(person);
            result.Add(new Author(AsCollaboration(token[at..])!, isCollaboration: true));
            return null;
        }
        if (AsCollaboration(token) is { } collaboration)
        {
            result.Add(new Author(collaboration, isCollaboration: true));
            return null;
        }
        var author = new Author(token);
        result.Add(author);
        return author;
    }

    private static int FindCollaborationClause(string name)
    {
        foreach (var clause in (ReadOnlySpan<string>)[" on behalf of ", " for "])
        {
            var at = name.IndexOf(clause, StringComparison.OrdinalIgnoreCase);
            if (at > 0 && AsCollaboration(name[at..]) is not null &&
                (clause[1] == 'o' || EndsWithCollaborationWord(name, strict: false)))
            {
                return at + 1;
            }
        }
        return -1;
    }

    /// <summary>
    /// The collaboration a text names ("for the the GLAST Collaboration" is "GLAST Collaboration"), or null when it
    /// is not one. Inside a group it must say so plainly ("on behalf of the ...", "... Collaboration"), since
    /// "(The University of Tokyo)" and "(Cavendish Astrophysics Group)" are affiliations; between names
    /// "and the WFPC2 IDT" or a name ending in Team, Group, Survey, ... is enough.
    /// </summary>
    private static string? AsCollaboration(string text, bool inGroup = false)
    {
        var s = text.Trim();
        var byFor = false;
        var byThe = false;
        foreach (var lead in (ReadOnlySpan<string>)["on behalf of ", "for ", "with "])
        {
            if (s.StartsWith(lead, StringComparison.OrdinalIgnoreCase))
            {
                s = s[lead.Length..].TrimStart();
                byFor = true;
            }
        }
        while (s.StartsWith("the ", StringComparison.OrdinalIgnoreCase))
        {
            s = s[4..].TrimStart();
            byThe = true;
        }
        if (s.Length == 0 || s.Contains(',', StringComparison.Ordinal) || s.Contains('(', StringComparison.Ordinal) ||
            s.Contains(':', StringComparison.Ordinal))
        {
            return null;
        }
        var isCollaboration = inGroup
            ? byFor || EndsWithCollaborationWord(s, strict: true)
            : byFor || byThe || (s.Contains(' ', StringComparison.Ordinal) && EndsWithCollaborationWord(s, strict: false));
        return isCollaboration ? s : null;
    }

    private static bool EndsWithCollaborationWord(string s, bool strict)
    {
        var lastWord = s.AsSpan(s.LastIndexOf(' ') + 1);
        var words = strict ? CollaborationWords.AsSpan(0, 3) : CollaborationWords;
        foreach (var word in words)
        {
            if (lastWord.Equals(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Where "et al" (or "et. al.") starts as words in a token, and where it ends; -1 when absent.</summary>
    private static int FindEtAl(string token, out int end)
    {
        end = -1;
        for (var i = token.IndexOf("et", StringComparison.OrdinalIgnoreCase); i >= 0;
             i = token.IndexOf("et", i + 2, StringComparison.OrdinalIgnoreCase))
        {
            if (i > 0 && token[i - 1] != ' ')
            {
                continue;
            }
            var j = i + 2;
            if (j < token.Length && token[j] == '.')
            {
                j++;
            }
            if (j >= token.Length || token[j] != ' ' || string.Compare(token, j + 1, "al", 0, 2, StringComparison.OrdinalIgnoreCase) != 0)
            {
                continue;
            }
            j += 3;
            if (j < token.Length && token[j] == '.')
            {
                j++;
            }
            if (j == token.Length || token[j] == ' ')
            {
                end = j;
                return i;
            }
        }
        return -1;
    }

    private static bool IsEtAl(string token)
    {
        Span<char> letters = stackalloc char[8];
        var n = 0;
        foreach (var c in token)
        {
            if (c is '.' or ' ')
            {
                continue;
            }
            if (n == letters.Length)
            {
                return false;
            }
            letters[n++] = char.ToLowerInvariant(c);
        }
        return letters[..n] is "etal" or "others";
    }

    private static bool IsSingleWord(string token) => !token.Contains(' ', StringComparison.Ordinal);

    /// <summary>"Yuxi (Lucy) Lu": a one-word group glued to a first name and followed by exactly one more word.</summary>
    private static bool IsNickname(string content, List<Piece> pieces, int index)
    {
        if (content.Length is 0 or > 15 || !char.IsUpper(content[0]) || !content.All(char.IsLetter) ||
            index == 0 || index + 1 >= pieces.Count)
        {
            return false;
        }
        var before = pieces[index - 1].Content.TrimEnd();
        var after = pieces[index + 1];
        if (pieces[index - 1].Kind != PieceKind.Text || before.Length == 0 || after.Kind != PieceKind.Text ||
            (before[^1] != '.' && !char.IsLetter(before[^1])))
        {
            return false;
        }
        var rest = after.Content.TrimStart();
        var end = 0;
        while (end < rest.Length && (char.IsLetter(rest[end]) || rest[end] is '-' or '\''))
        {
            end++;
        }
        if (end == 0)
        {
            return false;
        }
        var tail = rest.AsSpan(end).TrimStart();
        return tail.IsEmpty || tail[0] is ',' or ';' || tail.StartsWith("and ", StringComparison.Ordinal);
    }

    /// <summary>The affiliations a group names: its text, or the texts its labels refer to.</summary>
    private static List<string> ResolveAffiliation(string content, Dictionary<string, string> keys)
    {
        var labels = SplitLabels(content);
        if (labels.Count == 0)
        {
            return [];   // "(and)"
        }
        var resolved = new List<string>();
        var unknown = new List<string>();
        foreach (var label in labels)
        {
            if (keys.TryGetValue(label, out var text))
            {
                resolved.Add(text);
            }
            else
            {
                unknown.Add(label);
            }
        }
        if (unknown.Count == 0)
        {
            return resolved;
        }
        if (keys.ContainsKey(labels[0]))
        {
            // "(2;deceased)": the label resolves, the note stays as written.
            resolved.Add(string.Join(' ', unknown));
            return resolved;
        }
        // Labels nothing defines ("et al." cut the definitions off) say nothing about the author.
        return KindOfLabels(content) is LabelKind.Digits or LabelKind.Letters ? [] : [content];
    }

    /// <summary>"1,2", "2 3", "1 and 2", "a, b": the runs of letters and digits, without "and".</summary>
    private static List<string> SplitLabels(string content)
    {
        var labels = new List<string>();
        var i = 0;
        while (i < content.Length)
        {
            if (!char.IsAsciiLetterOrDigit(content[i]))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < content.Length && char.IsAsciiLetterOrDigit(content[i]))
            {
                i++;
            }
            var label = content.AsSpan(start, i - start);
            if (label.StartsWith("and") && label.Length > 3 && char.IsAsciiDigit(label[3]))
            {
                label = label[3..];   // "(1 and2)"
            }
            if (label is not "and")
            {
                labels.Add(label.ToString());
            }
        }
        return labels;
    }

    /// <summary>The kind of label a numbered-affiliation block uses; labels of another kind are ordinary text.</summary>
    private enum LabelKind
    {
        None,
        Digits,
        Letters,
        Acronym,
    }

    private static LabelKind KindOfLabels(string content)
    {
        if (content.Length > 24)
        {
            return LabelKind.None;
        }
        foreach (var c in content)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not (' ' or ',' or ';' or '&'))
            {
                return LabelKind.None;
            }
        }
        var kind = LabelKind.None;
        foreach (var label in SplitLabels(content))
        {
            var labelKind = label switch
            {
                _ when label.Length <= 3 && label.All(char.IsAsciiDigit) => LabelKind.Digits,
                _ when label.Length <= 3 && char.IsAsciiLetterLower(label[0]) && label.All(char.IsAsciiLetterOrDigit) =>
                    LabelKind.Letters,
                _ when label.Length <= 6 && label.All(char.IsAsciiLetterUpper) => LabelKind.Acronym,
                _ => LabelKind.None,
            };
            if (labelKind == LabelKind.None || (kind != LabelKind.None && labelKind != kind))
            {
                return LabelKind.None;
            }
            kind = labelKind;
        }
        return kind;
    }

    /// <summary>
    /// Finds the groups that define numbered affiliations ("((1) Univ X, (2) Univ Y)", "((a) ...)", "[(1) ...]", or
    /// one group per number) and returns label → text; those groups are marked so they describe no author. A group
    /// of labels only ("((1) and (2))") is a reference, not a definition, and is left as one.
    /// </summary>
    private static Dictionary<string, string> ReadNumberedAffiliations(List<Piece> pieces)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var definitions = new List<(List<string> Labels, string Text)>();
        for (var p = 0; p < pieces.Count; p++)
        {
            var piece = pieces[p];
            if (piece.Kind != PieceKind.Group)
            {
                continue;
            }
            if (!piece.Content.AsSpan().TrimStart().StartsWith('('))
            {
                continue;
            }
            var inner = SplitPieces(piece.Content);
            var firstGroup = inner.FindIndex(i => i.Kind == PieceKind.Group);
            if (firstGroup < 0 || inner.Take(firstGroup).Any(i => i.Content.Trim().Length > 0) ||
                inner[firstGroup].Opener != '(')
            {
                continue;
            }
            var kind = KindOfLabels(inner[firstGroup].Content);
            if (kind == LabelKind.None)
            {
                continue;
            }

            definitions.Clear();
            List<string>? labels = null;
            var text = new StringBuilder();
            foreach (var part in inner.Skip(firstGroup))
            {
                if (part.Kind == PieceKind.Group && part.Opener == '(' && KindOfLabels(part.Content) == kind)
                {
                    if (labels is not null)
                    {
                        definitions.Add((labels, CleanDefinition(text.ToString())));
                    }
                    labels = SplitLabels(part.Content);
                    text.Clear();
                }
                else if (part.Kind == PieceKind.Group)
                {
                    text.Append(part.Opener).Append(part.Content).Append(part.Opener == '(' ? ')' : ']');
                }
                else
                {
                    text.Append(part.Content);
                }
            }
            definitions.Add((labels!, CleanDefinition(text.ToString())));

            if (definitions.All(d => d.Text.Length == 0))
            {
                pieces[p] = piece with { Content = string.Join(", ", definitions.SelectMany(d => d.Labels)) };
                continue;
            }
            pieces[p] = piece with { Kind = PieceKind.NumberedAffiliations };
            foreach (var (definedLabels, definition) in definitions)
            {
                foreach (var label in definedLabels)
                {
                    if (definition.Length > 0)
                    {
                        keys.TryAdd(label, definition);
                    }
                }
            }
        }
        return keys;
    }

    /// <summary>
    /// "C. Walker (1) (1) University of Arizona (2) CfA": definitions written without their enclosing group start
    /// with a label right after the last author's own labels; they are wrapped into one group, as usually written.
    /// </summary>
    private static void WrapTrailingDefinitions(List<Piece> pieces)
    {
        for (var k = 1; k + 1 < pieces.Count; k++)
        {
            var previous = pieces[k - 1].Kind == PieceKind.Text && pieces[k - 1].Content.Trim().Length == 0 ? k - 2 : k - 1;
            if (previous < 0 || pieces[k].Kind != PieceKind.Group || pieces[previous].Kind != PieceKind.Group ||
                pieces[k].Content.Trim() is not ("1" or "a") || KindOfLabels(pieces[previous].Content) == LabelKind.None ||
                pieces[k + 1].Kind != PieceKind.Text || !pieces[k + 1].Content.Any(char.IsLetter))
            {
                continue;
            }
            var block = new StringBuilder();
            foreach (var piece in pieces.Skip(k))
            {
                if (piece.Kind == PieceKind.Text)
                {
                    block.Append(piece.Content);
                }
                else
                {
                    block.Append(piece.Opener).Append(piece.Content).Append(piece.Opener == '(' ? ')' : ']');
                }
            }
            pieces.RemoveRange(k, pieces.Count - k);
            pieces.Add(new Piece(PieceKind.Group, block.ToString(), '('));
            return;
        }
    }

    /// <summary>"(21) (ICREA, Barcelona), " is "ICREA, Barcelona": separators and a wrapping group go.</summary>
    private static string CleanDefinition(string text)
    {
        var s = text.Trim().Trim(',', ';', '&', ' ');
        if (s is "and")
        {
            return "";
        }
        if (s.EndsWith(" and", StringComparison.Ordinal))
        {
            s = s[..^4].TrimEnd(',', ' ');
        }
        if (s.Length > 1 && s[0] == '(' && s[^1] == ')' && SplitPieces(s) is [{ Kind: PieceKind.Group } only])
        {
            s = only.Content.Trim();
        }
        return s;
    }

    /// <summary>Names in one stretch of text between groups; separators are never part of a name.</summary>
    private static List<string> SplitNames(string text, out bool startsWithSeparator)
    {
        var names = new List<string>();
        startsWithSeparator = false;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            var cut = 0;
            if (i == text.Length)
            {
                cut = 1;
            }
            else
            {
                var c = text[i];
                if (c == '{' && TexGroupEnd(text, i) is var close and > 0)
                {
                    i = close;
                }
                else if (c is ',' or ';' or ':' or '&')
                {
                    cut = 1;
                }
                else if (c is 'a' or 'A' && IsWordAt(text, i, "and"))
                {
                    cut = 3;
                }
            }
            if (cut == 0)
            {
                continue;
            }
            var name = CleanName(text.AsSpan(start, i - start));
            if (name.Length > 0)
            {
                names.Add(name);
            }
            else if (names.Count == 0 && i < text.Length)
            {
                startsWithSeparator = true;
            }
            start = i + cut;
            i += cut - 1;
        }
        return names;
    }

    /// <summary>
    /// Where the TeX group opened at <paramref name="open"/> closes, or -1. Only short groups count (accents such as
    /// <c>{\"o}</c>): a brace left open by a typo must not hide the rest of the line.
    /// </summary>
    private static int TexGroupEnd(string s, int open)
    {
        var depth = 0;
        for (var i = open; i < s.Length && i < open + 24; i++)
        {
            if (s[i] == '{')
            {
                depth++;
            }
            else if (s[i] == '}' && --depth == 0)
            {
                return i;
            }
        }
        return -1;
    }

    private static bool IsWordAt(string text, int i, string word) =>
        (i == 0 || text[i - 1] is ' ' or ',' or ';') &&
        string.Compare(text, i, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0 &&
        (i + word.Length == text.Length || text[i + word.Length] == ' ');

    private static string CleanName(ReadOnlySpan<char> span)
    {
        var s = span.Trim();
        var hasLetter = false;
        foreach (var c in s)
        {
            if (char.IsLetter(c))
            {
                hasLetter = true;
                break;
            }
        }
        return hasLetter ? s.ToString() : "";
    }

    private enum PieceKind
    {
        Text,
        Group,
        NumberedAffiliations,
    }

    /// <summary>Text outside any group, or the inside of one top-level (...) or [...] group.</summary>
    private readonly record struct Piece(PieceKind Kind, string Content, char Opener = '\0');

    /// <summary>
    /// Cuts a line into text and top-level groups. Nested groups stay inside their group; a stray closing parenthesis
    /// is dropped and a group left open runs to the end, as real lines have both.
    /// </summary>
    private static List<Piece> SplitPieces(string s)
    {
        var pieces = new List<Piece>();
        var depth = 0;
        var start = 0;
        var textStart = 0;
        var opener = '\0';
        void AddText(int end)
        {
            if (end <= textStart)
            {
                return;
            }
            var text = s[textStart..end];
            if (pieces.Count > 0 && pieces[^1].Kind == PieceKind.Text)
            {
                pieces[^1] = pieces[^1] with { Content = pieces[^1].Content + " " + text };
            }
            else
            {
                pieces.Add(new Piece(PieceKind.Text, text));
            }
        }
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (depth == 0)
            {
                if (c == '{' && TexGroupEnd(s, i) is var close and > 0)
                {
                    i = close;
                }
                else if (c is '(' or '[')
                {
                    AddText(i);
                    depth = 1;
                    opener = c;
                    start = i + 1;
                }
                else if (c is ')' or ']')
                {
                    AddText(i);
                    textStart = i + 1;
                }
                continue;
            }
            if (c is '(' or '[')
            {
                depth++;
            }
            else if (c is ')' or ']' && --depth == 0)
            {
                pieces.Add(new Piece(PieceKind.Group, s[start..i], opener));
                textStart = i + 1;
            }
        }
        if (depth > 0)
        {
            pieces.Add(new Piece(PieceKind.Group, s[start..], opener));
        }
        else
        {
            AddText(s.Length);
        }
        return pieces;
    }

    private sealed class Author(string name, bool isCollaboration = false)
    {
        private List<string>? _affiliations;

        public string Name { get; set; } = name;
        public bool IsCollaboration { get; } = isCollaboration;

        public string? Affiliation => _affiliations is null ? null : string.Join("; ", _affiliations);

        public void AddAffiliations(List<string> affiliations)
        {
            foreach (var affiliation in affiliations)
            {
                var text = affiliation.Trim();
                if (text.Length == 0)
                {
                    continue;
                }
                _affiliations ??= [];
                if (!_affiliations.Contains(text, StringComparer.Ordinal))
                {
                    _affiliations.Add(text);
                }
            }
        }
    }
}
