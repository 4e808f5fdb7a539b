using PaperRadar.Core.Authors;
using PaperRadar.Core.Model;

namespace PaperRadar.Storage.Authors;

/// <summary>
/// One paper of a person's profile: its citations (the distinct citing papers the sources name, or the count a
/// bibliographic database gives when that is higher: OpenAlex counts citing papers no imported source names), and how
/// sure the attribution is and why.
/// </summary>
public sealed record ProfilePaper(Paper Paper, int Position, int Citations, double Confidence, IReadOnlyList<string> Evidence);

/// <summary>
/// One person behind a name: the papers attributed to them by disambiguation, and what those papers add up to. Every
/// figure is computed from <see cref="Papers"/> alone.
/// </summary>
public sealed record AuthorProfile(
    string Id,
    string Name,
    AuthorMetrics Metrics,
    IReadOnlyList<ProfilePaper> Papers,
    int LowConfidencePapers,
    int FirstYear,
    int LastYear,
    IReadOnlyList<(string Name, int Papers)> TopCategoriesAndVenues,
    IReadOnlyList<(string Name, int Papers)> CoAuthors,
    IReadOnlyList<(string Name, int Papers)> Affiliations,
    IReadOnlyList<string> Evidence,
    IReadOnlyList<(int Year, int Citations)> CitationsPerYear)
{
    /// <summary>Novelty and impact summarised from the attributed papers (medians; see <see cref="AuthorScores"/>).</summary>
    public AuthorScores Scores { get; } = AuthorScores.Of(Papers.Select(p => p.Paper));
}

/// <summary>
/// The people behind a name, found when asked: every authorship in the name's block (first initial and surname, see
/// <see cref="PersonName.BlockKey"/>) is disambiguated by <see cref="AuthorDisambiguator"/>, and the people whose given
/// names are compatible with the name asked for are returned, most papers first.
/// </summary>
/// <remarks>
/// Running the disambiguation per request keeps a profile current with every import and costs one name block; the
/// people's ids are the engine's deterministic cluster ids. Stored person ids and user corrections are not built yet.
/// </remarks>
public static class AuthorProfiles
{
    /// <summary>Attributions less sure than this are counted as low-confidence on the profile.</summary>
    public const double LowConfidence = 0.5;

    public static IReadOnlyList<AuthorProfile> PeopleNamed(PaperStore store, string writtenName)
    {
        var query = PersonName.Parse(writtenName);
        if (query.Surname.Length == 0)
        {
            throw new ArgumentException($"'{writtenName}' has no surname to look up");
        }
        var authorships = store.AuthorshipsInBlock(writtenName, query.BlockKey);
        if (authorships.Count == 0)
        {
            return [];
        }
        var papers = store.GetPapers(authorships.Select(a => a.PaperId).Distinct(StringComparer.Ordinal))
            .ToDictionary(p => p.Id.Value, StringComparer.Ordinal);
        var signatures = authorships.Where(a => papers.ContainsKey(a.PaperId))
            .Select(a => Signature(papers[a.PaperId], a.Position))
            .ToList();
        var result = AuthorDisambiguator.Disambiguate(signatures);
        var bySignature = signatures.ToDictionary(s => s.Id, StringComparer.Ordinal);
        return result.Clusters
            .Where(c => GivenNames.Compare(c.Name.Given, query.Given) != GivenNameMatch.Incompatible)
            .Select(c => Profile(store, c, bySignature, papers))
            .OrderByDescending(p => p.Metrics.Papers).ThenBy(p => p.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>What disambiguation knows of one author entry of a paper (the same for a name's page and a whole-store run).</summary>
    public static AuthorSignature Signature(Paper paper, int position) => new()
    {
        Id = $"{paper.Id.Value}#{position}",
        PaperId = paper.Id.Value,
        Position = position,
        Name = PersonName.Parse(paper.Authors[position].Name),
        Affiliations = paper.Authors[position].Affiliation is { } affiliation ? [affiliation] : [],
        CoAuthors = paper.Authors.Select(x => x.Name).ToList(),
        Venues = paper.CommentFacts.Venue is { } venue ? [.. paper.Categories, venue] : paper.Categories,
        Year = paper.Year,
        TopicTerms = TopicTerms(paper),
    };

    private static AuthorProfile Profile(PaperStore store, AuthorCluster cluster, Dictionary<string, AuthorSignature> signatures,
        Dictionary<string, Paper> papers)
    {
        // One person may sign one paper twice (a source's duplicate author entry): the paper counts once.
        var citingIds = new List<string>();
        var attributed = cluster.Signatures
            .GroupBy(s => signatures[s.SignatureId].PaperId, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(s => s.Confidence).First())
            .Select(s =>
            {
                var signature = signatures[s.SignatureId];
                var paper = papers[signature.PaperId];
                var citing = store.CitedBy(paper.Id);
                citingIds.AddRange(citing);
                return new ProfilePaper(paper, signature.Position, Math.Max(citing.Count, paper.CitedByCount?.Count ?? 0),
                    s.Confidence, s.Evidence);
            })
            .OrderByDescending(p => p.Citations).ThenByDescending(p => p.Paper.FirstAppeared).ThenBy(p => p.Paper.Id.Value, StringComparer.Ordinal)
            .ToList();
        var writtenNames = attributed.Select(p => p.Paper.Authors[p.Position].Name).ToList();
        var ownName = writtenNames.GroupBy(n => n, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key.Length).First().Key;
        return new AuthorProfile(
            cluster.Id,
            ownName,
            AuthorMetrics.Compute(attributed.Select(p => p.Citations)),
            attributed,
            attributed.Count(p => p.Confidence < LowConfidence),
            attributed.Min(p => p.Paper.Year),
            attributed.Max(p => p.Paper.Year),
            Top(attributed.SelectMany(p => p.Paper.CommentFacts.Venue is { } venue ? [.. p.Paper.Categories, venue] : p.Paper.Categories)),
            Top(attributed.SelectMany(p => p.Paper.Authors.Where((_, i) => i != p.Position).Select(a => a.Name))),
            Top(attributed.Select(p => p.Paper.Authors[p.Position].Affiliation).OfType<string>()),
            attributed.SelectMany(p => p.Evidence).GroupBy(e => e, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(5).Select(g => g.Key).ToList(),
            // Each citation in the year of the citing paper; citing papers the store does not hold have no year here.
            CitationsPerYear(citingIds, store.YearsOf(citingIds)));
    }

    private static List<(int Year, int Citations)> CitationsPerYear(List<string> citingIds, IReadOnlyDictionary<string, int> years) =>
        citingIds.Where(years.ContainsKey).GroupBy(id => years[id]).Select(g => (g.Key, g.Count())).OrderBy(g => g.Key).ToList();

    private static List<(string Name, int Papers)> Top(IEnumerable<string> values) =>
        values.GroupBy(v => v, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count()))
            .OrderByDescending(g => g.Item2).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(10)
            .ToList();

    private static List<string> TopicTerms(Paper paper) =>
        $"{paper.Title} {paper.Abstract}".Split((char[])[' ', '\n', ',', '.', ':', ';', '(', ')', '-', '"'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length > 3)
            .Select(w => w.ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
