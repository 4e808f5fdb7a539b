using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PaperRadar.Core.Search;

/// <summary>How results are ordered.</summary>
public enum SearchSort
{
    /// <summary>Best match first (the default when the query has words).</summary>
    Relevance,

    /// <summary>Newest first (the default when the query is only filters).</summary>
    Date,
}

/// <summary>Which words a term searches: any field, or only the title or the abstract.</summary>
public enum TermField
{
    Any,
    Title,
    Abstract,
}

/// <summary>
/// A word or a "quoted phrase" as the user typed it. <see cref="IsPrefix"/>: the word ended in <c>*</c>
/// (<c>transform*</c> finds transformer, transformers...).
/// </summary>
public sealed record SearchTerm(string Text, bool IsPhrase, bool IsPrefix = false, TermField Field = TermField.Any);

/// <summary>Papers that have something: <c>has:code</c>, <c>has:doi</c>, <c>has:journal</c>.</summary>
[Flags]
public enum PaperFeatures
{
    None = 0,
    Code = 1,
    Doi = 2,
    JournalRef = 4,
}

/// <summary>
/// A search as a researcher types it, parsed. Any string is a valid query: operators the parser does not know, and
/// characters that mean something to a full-text engine (<c>"</c>, <c>*</c>, <c>NEAR(</c>, <c>:</c>, <c>^</c>), are
/// searched as the words they contain; a filter with a value it cannot read (<c>year:soon</c>) is searched as words
/// and noted in <see cref="Warnings"/>.
/// </summary>
/// <remarks>
/// Syntax: words (all must match; <c>a OR b</c> either), <c>"quoted phrases"</c>, <c>-word</c> or <c>-"phrase"</c>
/// to exclude, <c>word*</c> for a prefix, <c>title:</c>/<c>abstract:</c> to search one field,
/// <c>author:"Yang Liu"</c> (a full name, or a surname alone), <c>cat:cs.CL</c>, <c>cat:cs.*</c> or <c>cat:cs</c>
/// (several <c>cat:</c> filters: any of them), <c>year:2025</c> or <c>year:2023-2025</c>, <c>since:2026-01-01</c>,
/// <c>until:2026-03</c>, <c>has:code|doi|journal</c>, <c>sort:date|relevance</c>.
/// </remarks>
public sealed partial record SearchQuery
{
    /// <summary>The query as typed.</summary>
    public string Text { get; init; } = "";

    /// <summary>Every group must match; a group of several terms matches when any of them does (<c>a OR b</c>).</summary>
    public IReadOnlyList<IReadOnlyList<SearchTerm>> Include { get; init; } = [];

    public IReadOnlyList<SearchTerm> Exclude { get; init; } = [];

    /// <summary>Each author must be among the paper's authors.</summary>
    public IReadOnlyList<string> Authors { get; init; } = [];

    /// <summary>The paper must be in one of these categories (<c>cs.CL</c>; <c>cs.*</c> and <c>cs</c> for an archive).</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    public int? YearFrom { get; init; }
    public int? YearTo { get; init; }

    /// <summary>First appeared on or after this day.</summary>
    public DateOnly? Since { get; init; }

    /// <summary>First appeared on or before this day.</summary>
    public DateOnly? Until { get; init; }

    public PaperFeatures Has { get; init; }

    /// <summary>The order asked for with <c>sort:</c>, if any.</summary>
    public SearchSort? RequestedSort { get; init; }

    public SearchSort Sort => RequestedSort ?? (HasWords ? SearchSort.Relevance : SearchSort.Date);

    public IReadOnlyList<string> Warnings { get; init; } = [];

    public bool HasWords => Include.Count > 0;

    public bool HasFilters => Authors.Count > 0 || Categories.Count > 0 || YearFrom is not null || YearTo is not null ||
                              Since is not null || Until is not null || Has != PaperFeatures.None;

    public bool IsEmpty => !HasWords && Exclude.Count == 0 && !HasFilters;

    /// <summary>The words to embed for a semantic search: the included terms, without operators and filters.</summary>
    public string FreeText => string.Join(' ', Include.SelectMany(g => g).Select(t => t.Text));

    public static SearchQuery Parse(string? text)
    {
        text ??= "";
        var parser = new Parser(text);
        return parser.Run();
    }

    private sealed class Parser(string text)
    {
        private int _at;
        private readonly List<List<SearchTerm>> _include = [];
        private readonly List<SearchTerm> _exclude = [];
        private readonly List<string> _authors = [];
        private readonly List<string> _categories = [];
        private readonly List<string> _warnings = [];
        private int? _yearFrom;
        private int? _yearTo;
        private DateOnly? _since;
        private DateOnly? _until;
        private PaperFeatures _has;
        private SearchSort? _sort;
        private bool _orPending;

        public SearchQuery Run()
        {
            while (SkipWhitespace())
            {
                ReadToken();
            }
            return new SearchQuery
            {
                Text = text,
                Include = _include,
                Exclude = _exclude,
                Authors = _authors,
                Categories = _categories,
                YearFrom = _yearFrom,
                YearTo = _yearTo,
                Since = _since,
                Until = _until,
                Has = _has,
                RequestedSort = _sort,
                Warnings = _warnings,
            };
        }

        private bool SkipWhitespace()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at]))
            {
                _at++;
            }
            return _at < text.Length;
        }

        private void ReadToken()
        {
            var negated = false;
            if (text[_at] == '-' && _at + 1 < text.Length && !char.IsWhiteSpace(text[_at + 1]))
            {
                negated = true;
                _at++;
            }
            if (text[_at] == '"')
            {
                AddTerm(new SearchTerm(ReadQuoted(), IsPhrase: true), negated);
                return;
            }
            var start = _at;
            while (_at < text.Length && !char.IsWhiteSpace(text[_at]) && text[_at] != '"')
            {
                _at++;
            }
            var word = text[start.._at];
            var colon = word.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && Fields.TryGetValue(word[..colon], out var field))
            {
                var value = word[(colon + 1)..];
                var quoted = false;
                if (value.Length == 0 && colon == word.Length - 1)
                {
                    // "author: Bengio", "title: \"scaling laws\"": the value is the next token.
                    SkipWhitespace();
                    if (_at < text.Length && text[_at] == '"')
                    {
                        value = ReadQuoted();
                        quoted = true;
                    }
                    else
                    {
                        var valueStart = _at;
                        while (_at < text.Length && !char.IsWhiteSpace(text[_at]) && text[_at] != '"')
                        {
                            _at++;
                        }
                        value = text[valueStart.._at];
                    }
                }
                if (ApplyField(field, value.Trim(), quoted, negated))
                {
                    return;
                }
                // Not a filter after all: search what was typed as words.
                AddTerm(new SearchTerm(word + (quoted ? value : ""), IsPhrase: true), negated);
                return;
            }
            if (!negated && word == "OR")
            {
                _orPending = _include.Count > 0;
                return;
            }
            if (!negated && word is "AND")
            {
                return;
            }
            // Brackets, colons and carets join nothing in a word: "NEAR(a", "foo:bar" are the words on either side.
            // Hyphens, dots and slashes do ("GPT-4", "hep-th/9709111"): such a word stays one term, a phrase to FTS5.
            foreach (var piece in word.Split(WordBreaks, StringSplitOptions.RemoveEmptyEntries))
            {
                var isPrefix = piece.Length > 1 && piece.EndsWith('*') && char.IsLetterOrDigit(piece.TrimEnd('*')[^1]);
                AddTerm(new SearchTerm(isPrefix ? piece.TrimEnd('*') : piece, IsPhrase: false, isPrefix), negated);
            }
        }

        private static readonly char[] WordBreaks = ['(', ')', '{', '}', '[', ']', '^', ':'];

        private string ReadQuoted()
        {
            var end = text.IndexOf('"', _at + 1);
            var value = end < 0 ? text[(_at + 1)..] : text[(_at + 1)..end];
            _at = end < 0 ? text.Length : end + 1;
            return value;
        }

        private void AddTerm(SearchTerm term, bool negated)
        {
            if (term.Text.Any(char.IsControl))
            {
                term = term with { Text = new string(term.Text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()) };
            }
            if (!term.Text.Any(char.IsLetterOrDigit))
            {
                return; // nothing a full-text index could match: "^", "--", ""
            }
            if (negated)
            {
                _exclude.Add(term);
                _orPending = false;
                return;
            }
            if (_orPending)
            {
                _include[^1].Add(term);
                _orPending = false;
                return;
            }
            _include.Add([term]);
        }

        private bool ApplyField(string field, string value, bool quoted, bool negated)
        {
            switch (field)
            {
                case "title" or "abstract" when value.Any(char.IsLetterOrDigit):
                    var isPrefix = !quoted && value.EndsWith('*');
                    AddTerm(new SearchTerm(value.TrimEnd('*'), quoted, isPrefix,
                        field == "title" ? TermField.Title : TermField.Abstract), negated);
                    return true;
                case "author" when !negated && value.Any(char.IsLetterOrDigit):
                    _authors.Add(PaperRadar.Core.Text.Whitespace.Collapse(value));
                    return true;
                case "cat" when !negated && CategoryPattern().IsMatch(value):
                    _categories.Add(value);
                    return true;
                case "year" when !negated && YearPattern().Match(value) is { Success: true } year:
                    _yearFrom = int.Parse(year.Groups["from"].Value, CultureInfo.InvariantCulture);
                    _yearTo = year.Groups["to"].Success
                        ? int.Parse(year.Groups["to"].Value, CultureInfo.InvariantCulture)
                        : _yearFrom;
                    return true;
                case "since" when !negated && ReadDay(value, earliest: true) is { } since:
                    _since = since;
                    return true;
                case "until" when !negated && ReadDay(value, earliest: false) is { } until:
                    _until = until;
                    return true;
                case "has" when !negated && Features.TryGetValue(value, out var feature):
                    _has |= feature;
                    return true;
                case "sort" when !negated && value.ToLowerInvariant() is "date" or "relevance" or "newest":
                    _sort = value.Equals("relevance", StringComparison.OrdinalIgnoreCase) ? SearchSort.Relevance : SearchSort.Date;
                    return true;
                default:
                    _warnings.Add(negated
                        ? $"-{field}: cannot be negated; searched \"{field}:{value}\" as words"
                        : $"{field}:{value} is not a {FieldMeaning[field]}; searched as words");
                    return false;
            }
        }

        /// <summary>A day, a month (2026-03) or a year (2026): its first day for since:, its last for until:.</summary>
        private static DateOnly? ReadDay(string value, bool earliest)
        {
            string[] formats = ["yyyy-MM-dd", "yyyy-MM", "yyyy"];
            for (var i = 0; i < formats.Length; i++)
            {
                if (DateOnly.TryParseExact(value, formats[i], CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    return earliest || i == 0 ? day : i == 1 ? day.AddMonths(1).AddDays(-1) : day.AddYears(1).AddDays(-1);
                }
            }
            return null;
        }
    }

    private static readonly Dictionary<string, string> Fields = new(StringComparer.OrdinalIgnoreCase)
    {
        ["title"] = "title",
        ["abstract"] = "abstract",
        ["author"] = "author",
        ["cat"] = "cat",
        ["category"] = "cat",
        ["year"] = "year",
        ["since"] = "since",
        ["until"] = "until",
        ["has"] = "has",
        ["sort"] = "sort",
    };

    private static readonly Dictionary<string, string> FieldMeaning = new()
    {
        ["title"] = "title word",
        ["abstract"] = "abstract word",
        ["author"] = "name",
        ["cat"] = "category (cs.CL, cs.*)",
        ["year"] = "year (2025, 2023-2025)",
        ["since"] = "day (2026-01-01, 2026-01, 2026)",
        ["until"] = "day (2026-01-31, 2026-01, 2026)",
        ["has"] = "feature (code, doi, journal)",
        ["sort"] = "sort order (date, relevance)",
    };

    private static readonly Dictionary<string, PaperFeatures> Features = new(StringComparer.OrdinalIgnoreCase)
    {
        ["code"] = PaperFeatures.Code,
        ["doi"] = PaperFeatures.Doi,
        ["journal"] = PaperFeatures.JournalRef,
    };

    [GeneratedRegex(@"^[A-Za-z][A-Za-z-]*(\.[A-Za-z][A-Za-z-]*)?(\.\*|\*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex CategoryPattern();

    [GeneratedRegex(@"^(?<from>(19|20)\d\d)((-|\.\.)(?<to>(19|20)\d\d))?$", RegexOptions.CultureInvariant)]
    private static partial Regex YearPattern();

    /// <summary>The query written back in canonical form (for links and "did you mean").</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        foreach (var group in Include)
        {
            builder.Append(string.Join(" OR ", group.Select(Describe))).Append(' ');
        }
        foreach (var term in Exclude)
        {
            builder.Append('-').Append(Describe(term)).Append(' ');
        }
        return builder.ToString().TrimEnd();

        static string Describe(SearchTerm term) =>
            (term.Field == TermField.Any ? "" : term.Field.ToString().ToLowerInvariant() + ":") +
            (term.IsPhrase ? $"\"{term.Text}\"" : term.Text) + (term.IsPrefix ? "*" : "");
    }
}
