using System.Buffers;
using System.Globalization;
using System.Text.RegularExpressions;

namespace PaperRadar.Core.Text;

// In the order a paper goes through them: when a comment states several (v1 submitted, v2 accepted), the last wins.
public enum PublicationStatus
{
    Submitted,
    Accepted,
    ToAppear,
    Published,
}

/// <summary>
/// Facts stated in a paper's free-text comments (pages, figures, tables, venue, publication status); the raw text is
/// kept beside it. A fact the wording leaves in doubt is left out: a wrong venue or page count is worse than none.
/// </summary>
public sealed partial record CommentFacts(int? Pages, int? Figures, int? Tables, string? Venue, PublicationStatus? Status)
{
    public static readonly CommentFacts None = new(null, null, null, null, null);

    private const RegexOptions Options =
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    private const string WrittenNumber =
        "no|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|" +
        "seventeen|eighteen|nineteen|twenty";

    private static readonly string[] WrittenNumbers = WrittenNumber.Split('|');

    private static readonly SearchValues<char> ClosingQuotes = SearchValues.Create("\"\u201D'");

    // Words that may stand between a count and "figures" without changing what is counted ("3 PostScript figures").
    // "new", "additional", "supplementary", "appendix" are left out on purpose: "v2: 2 new figures" is a revision
    // note, and appendix figures are not the paper's figure count.
    private const string FigureAdjective =
        @"post\w*|e?ps\w*|colou?r(ed)?|full[- ]colou?r|pdf|gif|jpe?g|png|tiff?|embedded|included|encapsulated|main|" +
        @"black[- ]and[- ]white|b/w|b&w|gr[ae]yscale|uuencoded|compressed|separate|inline|in-text|latex|xfig";

    public static CommentFacts Parse(string? comments)
    {
        if (string.IsNullOrWhiteSpace(comments))
        {
            return None;
        }

        var pages = Count(comments, PagesRegex(), 1, 5000, PagePartAfterRegex());
        // The count regexes start with a number or a number word, which the regex engine cannot search for quickly;
        // most comments name no tables, so a plain substring test saves most of the work.
        var figures = comments.Contains("fig", StringComparison.OrdinalIgnoreCase)
            ? Count(comments, FiguresRegex(), 0, 1000, CountPartAfterRegex())
            : null;
        var tables = comments.Contains("table", StringComparison.OrdinalIgnoreCase)
            ? Count(comments, TablesRegex(), 0, 500, CountPartAfterRegex())
            : null;
        var (venue, status) = Publication(comments);
        return pages is null && figures is null && tables is null && venue is null && status is null
            ? None
            : new CommentFacts(pages, figures, tables, venue, status);
    }

    // ---- counts ----------------------------------------------------------------------------------------------------

    /// <summary>
    /// The count of pages (figures, tables) the comment gives for the paper as a whole. Counts of a part ("13 pages
    /// of appendix", "+ 3 pages supplement", "Supplementary Information: 18 pages") are skipped; a stated total wins ("9 pages main
    /// content, 24 pages total"); when the comment lists versions ("v1: 33 pages. v2: 34 pages") the latest version
    /// that gives a count wins, since the comments field belongs to the latest version.
    /// </summary>
    private static int? Count(string text, Regex regex, int min, int max, Regex partAfter)
    {
        int? first = null;
        int? total = null;
        var bestVersion = -1;
        for (var match = regex.Match(text); match.Success; match = match.NextMatch())
        {
            if (!TryNumber(match.Groups["n"].Value, out var n) || n < min || n > max || IsInUrl(text, match.Index))
            {
                continue;
            }
            var after = text.AsSpan(match.Index + match.Length);
            var before = text.AsSpan(0, match.Index);
            var part = PartStart(text, match.Index);
            if (partAfter.IsMatch(after) || PartBeforeRegex().IsMatch(before) ||
                PartLabelRegex().IsMatch(text.AsSpan(part, match.Index - part)))
            {
                continue;
            }
            var version = VersionAt(text, match.Index);
            if (version < bestVersion)
            {
                continue;
            }
            if (version > bestVersion)
            {
                bestVersion = version;
                first = null;
                total = null;
            }
            first ??= n;
            if (total is null && (TotalAfterRegex().IsMatch(after) || TotalBeforeRegex().IsMatch(before)))
            {
                total = n;
            }
        }
        return total ?? first;
    }

    /// <summary>Where the stretch of text holding <paramref name="index"/> starts: after ; ( or a sentence end.</summary>
    private static int PartStart(string text, int index)
    {
        for (var i = index - 1; i >= 0; i--)
        {
            if (text[i] is ';' or '(' || text[i] == '.' && IsSentenceEnd(text, i))
            {
                return i + 1;
            }
        }
        return 0;
    }

    private static bool TryNumber(string value, out int number)
    {
        if (char.IsAsciiDigit(value[0]))
        {
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out number);
        }
        for (var i = 0; i < WrittenNumbers.Length; i++)
        {
            if (value.Equals(WrittenNumbers[i], StringComparison.OrdinalIgnoreCase))
            {
                // "no" and "zero" both stand for 0, so every later word is one less than its index.
                number = i == 0 ? 0 : i - 1;
                return true;
            }
        }
        number = 0;
        return false;
    }

    /// <summary>The number of the latest "vN:" marker before <paramref name="index"/>; 0 before any marker.</summary>
    private static int VersionAt(string text, int index)
    {
        var version = 0;
        if (!MayHaveVersionMarker(text.AsSpan(0, index)))
        {
            return version;
        }
        for (var match = VersionMarkerRegex().Match(text); match.Success && match.Index < index; match = match.NextMatch())
        {
            if (int.TryParse(match.Groups["n"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
            {
                version = v;
            }
        }
        return version;
    }

    // Most comments have no "v2"; finding that out needs no regex.
    private static bool MayHaveVersionMarker(ReadOnlySpan<char> text)
    {
        while (true)
        {
            var at = text.IndexOfAny('v', 'V');
            if (at < 0 || at + 1 >= text.Length)
            {
                return false;
            }
            if (char.IsAsciiDigit(text[at + 1]))
            {
                return true;
            }
            text = text[(at + 1)..];
        }
    }

    // ---- venue and status ------------------------------------------------------------------------------------------

    private enum Stage
    {
        // "Presented at X" names a venue but says nothing of publication.
        Presented,
        Submitted,
        Accepted,
        ToAppear,
        Published,
    }

    private static (string? Venue, PublicationStatus? Status) Publication(string text)
    {
        // A withdrawn paper's comment explains the withdrawal; any venue in it is not this paper's.
        if (text.Contains("withdrawn", StringComparison.OrdinalIgnoreCase))
        {
            return (null, null);
        }

        Stage? best = null;
        string? bestVenue = null;
        string? anyVenue = null;
        for (var match = StatusRegex().Match(text); match.Success; match = match.NextMatch())
        {
            if (IsInUrl(text, match.Index) || IsAboutAnotherVersion(text, match.Index))
            {
                continue;
            }
            var stage = StageOf(text, match);
            if (stage is null)
            {
                continue;
            }
            var venue = VenueAfter(text, match.Index + match.Length) ?? VenueBefore(text, match.Index);
            // "submission" alone is too common a word ("differs from the submission"); it counts only with a venue.
            if (match.Groups["submission"].Success && venue is null)
            {
                venue = AcronymVenue(text, SentenceStart(text, match.Index), SentenceEnd(text, match.Index));
                if (venue is null)
                {
                    continue;
                }
            }
            anyVenue ??= venue;
            if (best is null || stage > best)
            {
                best = stage;
                bestVenue = venue;
            }
            else if (stage == best)
            {
                bestVenue ??= venue;
            }
        }

        if (best is null)
        {
            // A conference and year named with no status word ("CVPR 2025", "NeurIPS 2025 (Spotlight)") announces an
            // acceptance: a paper only under review may not name the venue (double-blind rules), and authors who
            // submitted say so ("under review at", "submitted to", "ICLR 2026 submission", all matched above).
            var conference = AcronymVenue(text, 0, text.Length);
            return conference is null ? (null, null) : (conference, PublicationStatus.Accepted);
        }

        var venueFound = bestVenue ?? anyVenue ?? AcronymVenue(text, 0, text.Length);
        var status = best switch
        {
            Stage.Submitted => PublicationStatus.Submitted,
            Stage.Accepted => PublicationStatus.Accepted,
            Stage.ToAppear => PublicationStatus.ToAppear,
            Stage.Published => PublicationStatus.Published,
            _ => (PublicationStatus?)null,
        };
        return (venueFound, status);
    }

    private static Stage? StageOf(string text, Match match)
    {
        if (match.Groups["published"].Success)
        {
            return Stage.Published;
        }
        if (match.Groups["publishedVersion"].Success)
        {
            // "Please cite the published version when available" says nothing; "matches the published version" and a
            // sentence that opens with "Published version" do.
            var sentence = SentenceStart(text, match.Index);
            return MatchesPublishedRegex().IsMatch(match.ValueSpan) ||
                   OpensSentenceRegex().IsMatch(text.AsSpan(sentence, match.Index - sentence))
                ? Stage.Published
                : null;
        }
        if (match.Groups["toAppear"].Success)
        {
            return Stage.ToAppear;
        }
        if (match.Groups["accepted"].Success)
        {
            return Stage.Accepted;
        }
        if (match.Groups["submitted"].Success || match.Groups["submission"].Success)
        {
            return Stage.Submitted;
        }
        return match.Groups["presented"].Success ? Stage.Presented : null;
    }

    /// <summary>
    /// "Extended version of our paper accepted at X", "Long version of a paper to appear at KR 2025": the venue and
    /// status belong to another paper when such a phrase comes earlier in the same sentence.
    /// </summary>
    private static bool IsAboutAnotherVersion(string text, int index)
    {
        var start = SentenceStart(text, index);
        return AnotherVersionRegex().IsMatch(text.AsSpan(start, index - start));
    }

    /// <summary>The venue named right after a status phrase: "accepted for publication in <b>MNRAS</b>".</summary>
    private static string? VenueAfter(string text, int at)
    {
        var lead = VenueLeadRegex().Match(text, at);
        // The phrase must end in a preposition ("accepted by X"); "accepted version" names no venue.
        if (!lead.Success || !lead.Groups["preposition"].Success)
        {
            return null;
        }
        var start = lead.Index + lead.Length;
        if (start >= text.Length)
        {
            return null;
        }

        if (text[start] is '"' or '\u201C' or '\'')
        {
            var length = text.AsSpan(start + 1).IndexOfAny(ClosingQuotes);
            return length > 0 ? CleanVenue(text.AsSpan(start + 1, length)) : null;
        }
        if (!char.IsUpper(text[start]) && !char.IsAsciiDigit(text[start]) &&
            !LowercaseVenueStartRegex().IsMatch(text.AsSpan(start)))
        {
            return null;
        }
        return CleanVenue(text.AsSpan(start, VenueEnd(text, start) - start));
    }

    /// <summary>
    /// The venue written before a status word: "<b>MNRAS</b> accepted", "<b>ApJ Letters</b> in press", "<b>AJ</b>, in
    /// press", "<b>IEEE IoT 2026</b> (accepted for publication)".
    /// </summary>
    private static string? VenueBefore(string text, int index)
    {
        var start = ClauseStart(text, index);
        if (start > 0 && text[start - 1] is ',' or '(' && text.AsSpan(start, index - start).IsWhiteSpace())
        {
            index = start - 1;
            start = ClauseStart(text, index);
        }
        var clause = text.AsSpan(start, index - start).Trim();
        return clause.Length > 0 && TitleLikeRegex().IsMatch(clause) && !GenericWordRegex().IsMatch(clause)
            ? CleanVenue(clause)
            : null;
    }

    /// <summary>A known conference with its year ("CVPR 2025", "ICCV'25") in <c>[from, to)</c>, with its clause.</summary>
    private static string? AcronymVenue(string text, int from, int to)
    {
        for (var match = ConferenceRegex().Match(text, from, to - from); match.Success; match = match.NextMatch())
        {
            if (IsInUrl(text, match.Index) || IsAboutAnotherVersion(text, match.Index))
            {
                continue;
            }
            // "Findings of ACL 2025", "Workshop on X at KDD '25" keep their lead-in; "code for our CVPR 2025 paper"
            // does not.
            var start = ClauseStart(text, match.Index);
            while (start < match.Index && char.IsWhiteSpace(text[start]))
            {
                start++;
            }
            var leadIn = LeadInRegex().Match(text, start, match.Index - start);
            if (leadIn.Success)
            {
                start += leadIn.Length;
            }
            var lead = text.AsSpan(start, match.Index - start).TrimEnd();
            var venueStart = lead.Length == 0 || TitleLikeRegex().IsMatch(lead) && !GenericWordRegex().IsMatch(lead)
                ? start
                : match.Index;
            return CleanVenue(text.AsSpan(venueStart, VenueEnd(text, match.Index) - venueStart));
        }
        return null;
    }

    /// <summary>Where a venue stops: at , ; ( [ | a URL, the end of the sentence, or a phrase like " as an oral".</summary>
    private static int VenueEnd(string text, int start)
    {
        var stop = VenueStopRegex().Match(text, start);
        var end = stop.Success ? stop.Index : text.Length;
        for (var i = start; i < end; i++)
        {
            if (text[i] == '.' && IsSentenceEnd(text, i))
            {
                return i;
            }
        }
        return end;
    }

    private static string? CleanVenue(ReadOnlySpan<char> venue)
    {
        var s = venue.Trim().TrimEnd(",;:-–— ").ToString();
        s = LeadingMonthRegex().Replace(s, "");
        s = VenueTrailerRegex().Replace(s, "");
        s = VolumeRegex().Replace(s, "");
        var ended = s.AsSpan().TrimEnd();
        s = ended.TrimEnd(".,;:-–— ").ToString();
        // Keep the period of an abbreviated journal ("Phys. Rev. Lett."), drop a sentence's ("MNRAS.").
        if (ended.EndsWith('.') && s.Contains(". ", StringComparison.Ordinal) && AbbreviationEndRegex().IsMatch(s))
        {
            s += ".";
        }
        // A quote cut in half where the venue stops loses its quote marks.
        if (s.Count(c => c is '"' or '\u201C' or '\u201D') % 2 == 1)
        {
            s = s.Replace("\"", "", StringComparison.Ordinal).Replace("\u201C", "", StringComparison.Ordinal)
                .Replace("\u201D", "", StringComparison.Ordinal).Trim();
        }
        if (s.Length is < 2 or > 120 || !s.Any(char.IsUpper) || NotAVenueRegex().IsMatch(s))
        {
            return null;
        }
        return s;
    }

    // ---- text structure --------------------------------------------------------------------------------------------

    /// <summary>
    /// Whether the period at <paramref name="dot"/> ends a sentence. "Int. J. Mod. Phys. B" does not: an abbreviation
    /// ("Phys", "J") followed by another abbreviation, a single capital or an acronym continues the name; "MNRAS. 12
    /// pages" and "Nature. The paper" end it.
    /// </summary>
    private static bool IsSentenceEnd(string text, int dot)
    {
        if (dot + 1 < text.Length && !char.IsWhiteSpace(text[dot + 1]))
        {
            return false;
        }
        var wordStart = dot;
        while (wordStart > 0 && char.IsLetter(text[wordStart - 1]))
        {
            wordStart--;
        }
        var word = text.AsSpan(wordStart, dot - wordStart);
        if (word is "No" or "no" or "Nos" or "Vol" or "vol")
        {
            return false;
        }
        var isAbbreviation = word.Length is > 0 and <= 9 && char.IsUpper(word[0]) && !word[1..].ContainsAnyInRange('A', 'Z');
        if (!isAbbreviation)
        {
            return true;
        }
        var next = dot + 1;
        while (next < text.Length && text[next] == ' ')
        {
            next++;
        }
        return !AbbreviationContinuesRegex().IsMatch(text.AsSpan(next));
    }

    private static int SentenceStart(string text, int index)
    {
        for (var i = index - 1; i >= 0; i--)
        {
            if (text[i] is ';' or '!' or '?' || text[i] == '.' && IsSentenceEnd(text, i))
            {
                return i + 1;
            }
        }
        return 0;
    }

    private static int SentenceEnd(string text, int index)
    {
        for (var i = index; i < text.Length; i++)
        {
            if (text[i] is ';' or '!' or '?' || text[i] == '.' && IsSentenceEnd(text, i))
            {
                return i;
            }
        }
        return text.Length;
    }

    private static int ClauseStart(string text, int index)
    {
        for (var i = index - 1; i >= 0; i--)
        {
            if (text[i] is ',' or ';' or '(' or ')' or '[' or ']' or '|' or '!' or '?' ||
                text[i] == '.' && IsSentenceEnd(text, i))
            {
                return i + 1;
            }
        }
        return 0;
    }

    private static bool IsInUrl(string text, int index)
    {
        var start = index;
        while (start > 0 && !char.IsWhiteSpace(text[start - 1]))
        {
            start--;
        }
        var end = index;
        while (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            end++;
        }
        return UrlRegex().IsMatch(text.AsSpan(start, end - start));
    }

    // ---- regexes ---------------------------------------------------------------------------------------------------

    // "36 pages", "47pp", "9 pgs.", "8-page", "one page". A bare "p" only as "47p" or "12 p." ("p-wave" is not one).
    [GeneratedRegex(
        @"(?<![\w.,+/-])(?<n>\d{1,4})\s*-?\s*(pages?|pp|pgs?|pg)(?![\w-])\.?|(?<![\w.,+/-])(?<n>\d{1,4})(p(?![\w.-])|\s?p\.(?![\w-]))|" +
        @"(?<![\w-])(?<n>" + WrittenNumber + @")[\s-]+pages?\b", Options)]
    private static partial Regex PagesRegex();

    [GeneratedRegex(
        @"(?<![\w.,+/-])(?<n>\d{1,4}|" + WrittenNumber + @")\s*-?\s*((" + FigureAdjective + @")[\s-]+){0,2}(figures?|figs?)(?![\w-])\.?",
        Options)]
    private static partial Regex FiguresRegex();

    [GeneratedRegex(
        @"(?<![\w.,+/-])(?<n>\d{1,4}|" + WrittenNumber + @")\s*-?\s*((" + FigureAdjective + @")[\s-]+){0,2}tables?(?![\w-])",
        Options)]
    private static partial Regex TablesRegex();

    // What follows a page count that is only a part: "13 pages of appendix", "9 pages main content", "5 pages SM".
    [GeneratedRegex(
        @"^\s*((of|in|for|on)\s+)?(the\s+)?(main|appendix|appendices|appendixes|supplement\w*|SM|references?|" +
        @"bibliography|online|additional|extra|supporting|figures?|tables?|text|body|article|material)\b", Options)]
    private static partial Regex PagePartAfterRegex();

    [GeneratedRegex(@"^\s*(in|of)\s+(the\s+)?(appendix|appendices|supplement\w*|SM|online)\b", Options)]
    private static partial Regex CountPartAfterRegex();

    [GeneratedRegex(@"(\+|\bplus)\s*$", Options | RegexOptions.RightToLeft)]
    private static partial Regex PartBeforeRegex();

    // A stretch that describes a part: "Supplemental Material: 4 pages, 5 figures", "(plus 17 pages supplement …)".
    [GeneratedRegex(
        @"^\s*(\+|plus\b|(appendix|appendices|supplement\w*|SM|SI|online\s+material|supporting\s+information)\b[^:]{0,25}:)",
        Options)]
    private static partial Regex PartLabelRegex();

    [GeneratedRegex(
        @"^\s*((in\s+)?total\b|(with|including|incl\.?|inc\.?)\s+(the\s+)?(references|appendi|supplement|bibliography))",
        Options)]
    private static partial Regex TotalAfterRegex();

    [GeneratedRegex(@"\btotal\s*:?\s*$", Options | RegexOptions.RightToLeft)]
    private static partial Regex TotalBeforeRegex();

    [GeneratedRegex(@"(?<![\w-])v(?<n>\d{1,2})(?![\w.])", Options)]
    private static partial Regex VersionMarkerRegex();

    // Status phrases. "will be submitted" is a plan, not a status; "author-submitted" describes a file.
    [GeneratedRegex(
        @"(?<![\w-])(" +
        @"(?<toAppear>to\s+appear|will\s+appear|(will|to)\s+be\s+(published|presented)|appearing(?=\s+(in|at)\b)|forthcoming|in\s+press)|" +
        @"(?<publishedVersion>(\b(match\w*|agree\w*|correspond\w*|identical\s+to|same\s+as|this\s+is)\s+(to\s+)?(the\s+)?(final\s+)?(\w+\s+)?)?published\s+version)|" +
        @"(?<published>published(\s+online)?(?=\s+(in|at|by|on|as)\b)|appeared(?=\s+(in|at)\b))|" +
        @"(?<accepted>accepted|camera[-\s]?ready)|" +
        @"(?<!\b(will|to|shall)\s+be\s+)(?<submitted>submitted|under\s+review|in\s+submission|under\s+submission|under\s+consideration|committed(?=\s+to\b))|" +
        @"(?<submission>submission)|" +
        @"(?<presented>presented(?=\s+at\b))" +
        @")(?![\w-])", Options)]
    private static partial Regex StatusRegex();

    [GeneratedRegex(@"^\s*(matches|match|matching|matched|agree|agrees|correspond|corresponds|identical|same|this\s+is)\b", Options)]
    private static partial Regex MatchesPublishedRegex();

    // What may stand before "published version" at the start of a sentence: "v2: the final published version".
    [GeneratedRegex(@"^\W*((the|final|v\d+\W*)\s*)*$", Options)]
    private static partial Regex OpensSentenceRegex();

    // Between a status word and its venue: "for publication in", "as an oral presentation at", "to be published in".
    [GeneratedRegex(
        @"\G((\s+|\s*@\s*)(?<preposition>in|to|by|at|for|on|into|as|@)\b|\s+((?-i:a|an)|publication|publications|" +
        @"presentation|oral|poster|spotlight|long|short|full|regular|paper|talk|contribution|chapter|review|consideration|" +
        @"be|published|appear|online)\b)*\s*(?-i:the\s+)?", Options)]
    private static partial Regex VenueLeadRegex();

    [GeneratedRegex(@"^(proceedings|special\s+issue)\b", RegexOptions.CultureInvariant)]
    private static partial Regex LowercaseVenueStartRegex();

    [GeneratedRegex(
        @"[;()\[\]|!?{}$]|,(?!\s+(\p{Lu}[\w-]*\s+){0,4}(and|&)\s+(\p{Lu}[\w-]*\s*){1,5}\()|https?://|www\.|\s[-–—]{1,2}\s|" +
        @"\s(see|where|which|following|after|upon|pending|subject\s+to|with|as(?=\s+(an?\s+|the\s+)?[a-z])|for(?=\s+[a-z])|" +
        @"on\s+\d{1,4}[\s./-]|in\s+(19|20)\d\d\b|(on\s+)?(\d{1,2}\s+)?(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d+|" +
        @"on\s+(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|and\s+(is|will|was|has|the|code|data))\b|" +
        @":\s+([a-z]|\d)", RegexOptions.CultureInvariant)]
    private static partial Regex VenueStopRegex();

    // A venue written as a name: capitalised words, acronyms, years and the small words of titles.
    [GeneratedRegex(
        @"^(?=[\p{Lu}\d])([\p{Lu}\d&][\w.&'’:-]*|of|and|on|for|the|in|at|de|des|der|with|&)(\s+([\p{Lu}\d&][\w.&'’:-]*|of|and|on|for|the|in|at|de|des|der|with|&)){0,9}$",
        RegexOptions.CultureInvariant)]
    private static partial Regex TitleLikeRegex();

    [GeneratedRegex(
        @"^(paper|article|manuscript|version|this|it|final|revised|accepted|submitted|updated|text|comments?|preprint|" +
        @"letter|draft|work|code|project|extended|abstract|short|full|poster|talk|first|initially|originally|v\d+)\b|^(conference|journal|workshop)$",
        Options)]
    private static partial Regex GenericWordRegex();

    [GeneratedRegex(@"^(in|at|@|for)\s+", Options)]
    private static partial Regex LeadInRegex();

    [GeneratedRegex(
        @"(?<![\w/-])(NeurIPS|NIPS|ICML|ICLR|CVPR|ICCV|ECCV|ACCV|WACV|BMVC|3DV|AAAI|IJCAI|ECAI|AAMAS|ACL|EMNLP|NAACL|EACL|" +
        @"AACL|COLING|LREC|CoNLL|COLM|SemEval|KDD|SIGKDD|SIGIR|CIKM|WSDM|RecSys|ECIR|ICDM|ICDE|SIGMOD|VLDB|MICCAI|ISBI|MIDL|" +
        @"ICRA|IROS|CoRL|ICASSP|INTERSPEECH|ICME|ICIP|ICPR|AISTATS|UAI|COLT|CHI|UIST|CSCW|SIGGRAPH(\s+Asia)?|ACM\s+MM|" +
        @"ECML[-\s]?PKDD|PAKDD|IJCNN|ICSE|ISIT|L4DC|HRI|ACM\s+Multimedia)\s*['’]?\s*-?\s*((19|20)\d{2}|\d{2})(?![\w-]|\.\d)",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex ConferenceRegex();

    // "extended version of", "full version (with appendix) of a paper appearing at", "A short version titled ...":
    // another paper's venue follows. "Preliminary version, to appear in" is this paper, hence no punctuation after.
    // A thesis "submitted to the University of X" names a degree, not a venue.
    [GeneratedRegex(
        @"\b(extended|full|long|longer|journal|expanded|short|shorter|conference|abridged|preliminary|earlier|previous|" +
        @"proceedings|workshop)\s+version\b(?!\s*[,;:.])|\bextension\s+of\b|\bextends\b|\bsupersed\w*|\bbased\s+on\b|" +
        @"\bcompanion\b|\bfollow[- ]up\b|\bsee\s+also\b|\b(requirements|format|template|style)\s+(of|for)\b|\breject\w*|" +
        @"\berratum\b|\bcomment\s+on\b|\breply\s+to\b|\bthesis\b|\bdissertation\b", Options)]
    private static partial Regex AnotherVersionRegex();

    [GeneratedRegex(@"^(\p{Lu}\p{Ll}{0,8}(\.|\s*$|(?=[,;)]))|\p{Lu}(\W|$)|\p{Lu}{2,6}\b|(of|on)\s)", RegexOptions.CultureInvariant)]
    private static partial Regex AbbreviationContinuesRegex();

    [GeneratedRegex(@"(^|\s)\p{Lu}[\p{Ll}]{1,8}$", RegexOptions.CultureInvariant)]
    private static partial Regex AbbreviationEndRegex();

    // Decorations after a venue: "CVPR 2025 camera-ready", "ACL 2025 Main", "AAAI 2025 Oral", "ICCV 2025 paper".
    [GeneratedRegex(
        @"(\s+(main(\s+(conference|track|paper))?|oral|spotlight|poster|highlight|((long|short|full|regular)\s+)?paper|" +
        @"camera[-\s]?ready|version|accepted|final))+$", Options)]
    private static partial Regex VenueTrailerRegex();

    // A volume after a journal: "Phys. Rev. D 85", "Astrophys. J. 749", "PRL 93", "ApJ v666".
    [GeneratedRegex(
        @"((?<=(\s\p{Lu}|\p{L}\.|\b\p{Lu}{2,6}))(?<!\b(No|Vol|Nos)\.)\s+\d{1,3}|\s+(v|vol\.?|volume)\s*\d{1,4})$",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex VolumeRegex();

    // "To appear in the June AJ".
    [GeneratedRegex(@"^(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(issue\s+(of\s+)?)?(?=\p{Lu})", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingMonthRegex();

    [GeneratedRegex(
        @"^(arxiv|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?(\s+\d|$)|\d{1,2}[\s./-]+(\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))",
        Options)]
    private static partial Regex NotAVenueRegex();

    [GeneratedRegex(@"://|^www\.|\.(com|org|io|edu|net|html?)(/|$)", Options)]
    private static partial Regex UrlRegex();
}
