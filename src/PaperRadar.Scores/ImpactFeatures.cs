using System.Globalization;
using System.Text.RegularExpressions;
using PaperRadar.Core.Authors;
using PaperRadar.Core.Text;
using PaperRadar.Storage;

namespace PaperRadar.Scores;

/// <summary>What a field's papers are measured by: citations within the horizon, upvotes, or nothing the store holds.</summary>
public enum OutcomeKind
{
    None,
    Citations,
    Upvotes,
}

/// <summary>Whether a field has outcomes in the store, and how many of its papers show one.</summary>
public sealed record FieldOutcome(string Field, OutcomeKind Kind, long PapersWithOutcomes, long Papers);

/// <summary>One paper as the impact model sees it: its features as of the day it appeared, and its outcome where known.</summary>
public sealed record ImpactExample(string Id, DateOnly Appeared, string Field, OutcomeKind Kind, float[] Features, double? Outcome);

/// <summary>
/// The impact model's inputs, each known on the day a paper appeared (docs/scores.md): nothing that happened after
/// it (its own citations, later papers) enters its features. Outcome: distinct stored papers citing it within the
/// horizon, or its upvotes where a field's outcomes are upvotes.
/// </summary>
public sealed partial class ImpactFeatures
{
    public const int Count = 14;

    /// <summary>The features' names, as the factors of a score show them.</summary>
    public static readonly string[] Names =
    [
        "authors",
        "authors' prior h-index (highest)",
        "authors' prior citations (highest)",
        "authors' prior papers (highest)",
        "authors' citations in the last 3 years (highest)",
        "venue's earlier papers (mean outcome)",
        "series' earlier papers (mean outcome)",
        "similar earlier papers (mean outcome)",
        "novelty distance",
        "code link",
        "pages",
        "accepted at a venue",
        "title length",
        "abstract length",
    ];

    private readonly IReadOnlyList<ScoringPaper> _ordered;
    private readonly Dictionary<string, int> _indexOf;
    private readonly AnalyzeOptions _options;
    private readonly int[][] _citingDays;
    private readonly OutcomeKind[] _kind;
    private readonly double?[] _outcome;

    /// <param name="ordered">Every paper of the store in (first appearance, id) order.</param>
    /// <param name="citations">Distinct (citing, cited) pairs, resolved.</param>
    public ImpactFeatures(IReadOnlyList<ScoringPaper> ordered, IReadOnlyList<(string Citing, string Cited)> citations, AnalyzeOptions options)
    {
        _ordered = ordered;
        _options = options;
        _indexOf = new Dictionary<string, int>(ordered.Count, StringComparer.Ordinal);
        for (var i = 0; i < ordered.Count; i++)
        {
            _indexOf[ordered[i].Id] = i;
        }

        // For each stored paper, the days (day numbers) of the stored papers citing it, sorted: counts before a date
        // are a binary search.
        var citing = new List<int>[ordered.Count];
        var takesPart = new bool[ordered.Count];
        var lastCitingDay = int.MinValue;
        foreach (var (from, to) in citations)
        {
            var hasFrom = _indexOf.TryGetValue(from, out var f);
            var hasTo = _indexOf.TryGetValue(to, out var t);
            if (hasFrom)
            {
                takesPart[f] = true;
            }
            if (hasTo)
            {
                takesPart[t] = true;
            }
            if (hasFrom && hasTo)
            {
                var day = ordered[f].Appeared.DayNumber;
                (citing[t] ??= []).Add(day);
                lastCitingDay = Math.Max(lastCitingDay, day);
            }
        }
        _citingDays = citing.Select(c => c is null ? [] : c.Order().ToArray()).ToArray();
        LastCitingDay = lastCitingDay == int.MinValue ? null : DateOnly.FromDayNumber(lastCitingDay);

        Fields = ordered.GroupBy(NoveltyAnalysis.Field, StringComparer.Ordinal).Select(g =>
        {
            var members = g.Select(p => _indexOf[p.Id]).ToList();
            var cited = members.Count(i => takesPart[i]);
            var upvoted = members.Count(i => ordered[i].Upvotes is not null);
            return cited >= options.MinimumPapersWithOutcomes ? new FieldOutcome(g.Key, OutcomeKind.Citations, cited, members.Count)
                : upvoted >= options.MinimumPapersWithOutcomes ? new FieldOutcome(g.Key, OutcomeKind.Upvotes, upvoted, members.Count)
                : new FieldOutcome(g.Key, OutcomeKind.None, Math.Max(cited, upvoted), members.Count);
        }).ToDictionary(f => f.Field, StringComparer.Ordinal);

        _kind = ordered.Select(p => Fields[NoveltyAnalysis.Field(p)].Kind).ToArray();
        _outcome = new double?[ordered.Count];
        for (var i = 0; i < ordered.Count; i++)
        {
            _outcome[i] = _kind[i] switch
            {
                OutcomeKind.Citations => CitationsBefore(i, ordered[i].Appeared.AddYears(options.HorizonYears)),
                OutcomeKind.Upvotes => ordered[i].Upvotes,
                _ => null,
            };
        }
    }

    /// <summary>Per field: its outcome kind and coverage.</summary>
    public IReadOnlyDictionary<string, FieldOutcome> Fields { get; }

    /// <summary>The day of the latest stored paper that cites another stored paper (citation data reaches this far).</summary>
    public DateOnly? LastCitingDay { get; }

    /// <summary>
    /// Whether the paper's outcome is fully observed: its upvotes are known, or its citation window lies before the last
    /// day the store's citation data covers.
    /// </summary>
    public bool IsMatured(string id) => _indexOf.TryGetValue(id, out var i) && _outcome[i] is not null && (_kind[i] != OutcomeKind.Citations
        || (LastCitingDay is { } last && _ordered[i].Appeared.AddYears(_options.HorizonYears) <= last));

    /// <summary>The examples of every paper in a field with outcomes (features as of its day; outcome where it has one).</summary>
    public IReadOnlyList<ImpactExample> Examples(IReadOnlyDictionary<string, StoredNovelty> novelty)
    {
        var authorPapers = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var venuePapers = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var seriesPapers = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < _ordered.Count; i++)
        {
            if (_kind[i] == OutcomeKind.None)
            {
                continue;
            }
            foreach (var author in _ordered[i].Authors.Select(AuthorKey).Distinct(StringComparer.Ordinal))
            {
                (authorPapers.TryGetValue(author, out var list) ? list : authorPapers[author] = []).Add(i);
            }
            var series = Series(_ordered[i]);
            (seriesPapers.TryGetValue(series, out var inSeries) ? inSeries : seriesPapers[series] = []).Add(i);
            if (VenueFamily(_ordered[i].Venue) is { } venue)
            {
                (venuePapers.TryGetValue(venue, out var list) ? list : venuePapers[venue] = []).Add(i);
            }
        }

        var examples = new List<ImpactExample>();
        for (var i = 0; i < _ordered.Count; i++)
        {
            if (_kind[i] == OutcomeKind.None)
            {
                continue;
            }
            var paper = _ordered[i];
            var day = paper.Appeared;
            var (h, citations, papers, recent) = (0, 0, 0, 0);
            foreach (var author in paper.Authors.Select(AuthorKey).Distinct(StringComparer.Ordinal))
            {
                var prior = authorPapers[author].TakeWhile(j => _ordered[j].Appeared < day).ToList();
                var counts = prior.Select(j => CitationsBefore(j, day)).ToList();
                var metrics = AuthorMetrics.Compute(counts);
                h = Math.Max(h, metrics.HIndex);
                citations = Math.Max(citations, metrics.Citations);
                papers = Math.Max(papers, prior.Count);
                recent = Math.Max(recent, counts.Sum() - prior.Sum(j => CitationsBefore(j, day.AddYears(-_options.HorizonYears))));
            }
            var venueMean = VenueFamily(paper.Venue) is { } venue
                ? MeanKnownOutcome(venuePapers[venue].TakeWhile(j => j < i), day, minimum: 5)
                : null;
            var seriesMean = MeanKnownOutcome(seriesPapers[Series(paper)].TakeWhile(j => j < i), day, minimum: 5);
            var stored = novelty.GetValueOrDefault(paper.Id);
            var similarMean = stored is null ? null
                : MeanKnownOutcome(stored.NearestMatured.Select(n => _indexOf.GetValueOrDefault(n.Id, -1)).Where(j => j >= 0), day, minimum: 1);
            float[] features =
            [
                paper.Authors.Count,
                h,
                citations,
                papers,
                recent,
                (float)(venueMean ?? double.NaN),
                (float)(seriesMean ?? double.NaN),
                (float)(similarMean ?? double.NaN),
                (float)(stored?.Distance ?? double.NaN),
                paper.HasCode ? 1 : 0,
                paper.Pages ?? float.NaN,
                paper.PublicationStatus is nameof(PublicationStatus.Accepted) or nameof(PublicationStatus.Published) or nameof(PublicationStatus.ToAppear) ? 1 : 0,
                paper.TitleLength,
                paper.AbstractLength,
            ];
            examples.Add(new ImpactExample(paper.Id, day, NoveltyAnalysis.Field(paper), _kind[i], features, _outcome[i]));
        }
        return examples;
    }

    /// <summary>A feature's value as a reader would say it.</summary>
    public static string Describe(int feature, float value) => float.IsNaN(value)
        ? "unknown"
        : feature switch
        {
            9 or 11 => value > 0 ? "yes" : "no",
            5 or 6 or 7 => value.ToString("0.0", CultureInfo.InvariantCulture),
            8 => value.ToString("0.000", CultureInfo.InvariantCulture),
            12 or 13 => value.ToString("N0", CultureInfo.InvariantCulture) + " characters",
            _ => value.ToString("N0", CultureInfo.InvariantCulture),
        };

    /// <summary>Distinct stored papers citing paper <paramref name="index"/> that appeared before <paramref name="day"/>.</summary>
    private int CitationsBefore(int index, DateOnly day)
    {
        var days = _citingDays[index];
        var position = Array.BinarySearch(days, day.DayNumber);
        if (position < 0)
        {
            return ~position;
        }
        while (position > 0 && days[position - 1] == day.DayNumber)
        {
            position--;
        }
        return position;
    }

    /// <summary>The mean outcome of the given papers whose outcome was already known on <paramref name="day"/>.</summary>
    private double? MeanKnownOutcome(IEnumerable<int> papers, DateOnly day, int minimum)
    {
        var known = papers.Where(j => _outcome[j] is not null && (_kind[j] == OutcomeKind.Citations
            ? _ordered[j].Appeared.AddYears(_options.HorizonYears) <= day
            : _ordered[j].Appeared < day)).Select(j => _outcome[j]!.Value).ToList();
        return known.Count >= minimum ? known.Average() : null;
    }

    /// <summary>
    /// Authors are matched by first given name and surname as written ("Collins, Michael John" is "michael collins"):
    /// a plain, date-free rule, so nothing learnt from later papers leaks into a paper's features.
    /// </summary>
    private static string AuthorKey(string name) =>
        PersonName.Parse(name) is var person ? $"{person.GivenNames.FirstOrDefault()} {person.Surname}" : name;

    /// <summary>
    /// The series a paper appeared in: for ACL Anthology ids the letter naming the venue series (P: ACL, D: EMNLP, N:
    /// NAACL, C: COLING, J: Computational Linguistics, W: workshops, ...), else the primary category.
    /// </summary>
    public static string Series(ScoringPaper paper) =>
        paper.Id.StartsWith("acl:", StringComparison.Ordinal) && paper.Id.Length > 4 ? "acl " + paper.Id[4] : NoveltyAnalysis.Field(paper);

    /// <summary>A venue without its year and edition ("NeurIPS 2025" and "NeurIPS" are one venue).</summary>
    public static string? VenueFamily(string? venue)
    {
        if (string.IsNullOrWhiteSpace(venue))
        {
            return null;
        }
        var family = Digits().Replace(venue.ToLowerInvariant(), " ").Trim();
        family = Spaces().Replace(family, " ");
        return family.Length == 0 ? null : family;
    }

    [GeneratedRegex(@"['’]?\d+(st|nd|rd|th)?")]
    private static partial Regex Digits();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
