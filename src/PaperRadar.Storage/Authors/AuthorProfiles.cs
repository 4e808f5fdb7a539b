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
/// The people behind a name, and one person by id. People are the stored ones (<see cref="PersonIndex"/>: each
/// author entry linked to a person id by <c>paperradar index</c>); a name block whose entries, papers or corrections
/// changed since it was stored (or a store never indexed) is disambiguated when asked, with the ids the next index
/// will store, so a name's page is always current.
/// </summary>
public static class AuthorProfiles
{
    /// <summary>Attributions less sure than this are counted as low-confidence on the profile.</summary>
    public const double LowConfidence = 0.5;

    /// <summary>Retired ids followed at most this far (a chain of merges).</summary>
    private const int MaxRedirects = 20;

    /// <summary>
    /// The people whose given names are compatible with <paramref name="writtenName"/>, most papers first, among
    /// everyone in its name block (first initial and surname, see <see cref="PersonName.BlockKey"/>).
    /// </summary>
    public static IReadOnlyList<AuthorProfile> PeopleNamed(PaperStore store, string writtenName) => PeopleNamedWithSource(store, writtenName).People;

    /// <summary><see cref="PeopleNamed"/>, saying whether the people were read from the store or computed now.</summary>
    public static (IReadOnlyList<AuthorProfile> People, bool Stored) PeopleNamedWithSource(PaperStore store, string writtenName)
    {
        var query = PersonName.Parse(writtenName);
        if (query.Surname.Length == 0)
        {
            throw new ArgumentException($"'{writtenName}' has no surname to look up");
        }
        var authorships = store.AuthorshipsInBlock(writtenName, query.BlockKey);
        if (authorships.Count == 0)
        {
            return ([], store.HasPersonIndex);
        }
        // The light form of the block's papers decides whether the stored people are current; whole papers are read
        // only for the people shown (for "Yang Liu" in arXiv, a fifth of the block's 1,951 papers).
        var inputs = store.PersonInputPapers(authorships.Select(a => a.PaperId).Distinct(StringComparer.Ordinal).ToList());
        var block = PersonIndex.PeopleOfBlock(store, query.BlockKey, inputs);
        var shown = block.Links.GroupBy(l => l.PersonId, StringComparer.Ordinal)
            .Where(person => GivenNames.Compare(FullestName(person.Select(l => PersonName.Parse(l.Name))).Given, query.Given) != GivenNameMatch.Incompatible)
            // A person stored with entries in other blocks too (joined by a correction) is shown whole.
            .Select(person => (Id: person.Key, Links: block.Stored ? store.PersonLinksOf(person.Key) : person.ToList()))
            .ToList();
        var papers = store.GetPapers(shown.SelectMany(p => p.Links).Select(l => l.PaperId).Distinct(StringComparer.Ordinal))
            .ToDictionary(p => p.Id.Value, StringComparer.Ordinal);
        var people = shown.Select(person => Profile(store, person.Id, person.Links, papers)).ToList();
        return (people.OrderByDescending(p => p.Metrics.Papers).ThenBy(p => p.Id, StringComparer.Ordinal).ToList(), block.Stored);
    }

    /// <summary>
    /// One stored person by id. A retired id leads to the person its papers went to (<see cref="PersonLookup.RedirectedFrom"/>
    /// says so); null when no person has or had the id.
    /// </summary>
    public static PersonLookup? Person(PaperStore store, string personId) =>
        ResolvePerson(store, personId) is not { } resolved ? null
        : new PersonLookup(resolved.Id is null ? null : Profile(store, resolved.Id, resolved.Links, []), resolved.RedirectedFrom);

    /// <summary>
    /// Follows <paramref name="personId"/> through retirements to the id that holds the person's papers now, with its
    /// current links; <see cref="ResolvedPerson.Id"/> is null when the chain ends at an id retired with nobody to go
    /// to. Null when no person has or had the id.
    /// </summary>
    public static ResolvedPerson? ResolvePerson(PaperStore store, string personId)
    {
        var id = personId;
        RetiredPersonId? redirectedFrom = null;
        for (var step = 0; step <= MaxRedirects; step++)
        {
            var links = store.PersonLinksOf(id);
            if (links.Count > 0)
            {
                return new ResolvedPerson(id, links, redirectedFrom);
            }
            if (store.RetiredPersonId(id) is not { } retired)
            {
                return null;
            }
            redirectedFrom ??= retired;
            if (retired.Successor is not { } successor)
            {
                return new ResolvedPerson(null, [], redirectedFrom);
            }
            id = successor;
        }
        return new ResolvedPerson(null, [], redirectedFrom);
    }

    /// <summary>The most complete form of a person's name: most given-name letters, then the most used.</summary>
    private static PersonName FullestName(IEnumerable<PersonName> names) => names
        .GroupBy(n => n)
        .OrderByDescending(g => g.Key.GivenNames.Sum(t => t.Length))
        .ThenByDescending(g => g.Count())
        .ThenBy(g => g.Key.ToString(), StringComparer.Ordinal)
        .First().Key;

    /// <summary>What disambiguation knows of one author entry of a paper (the same for a name's page and a whole-store run).</summary>
    public static AuthorSignature Signature(Paper paper, int position)
    {
        var input = PersonInputPaper.Of(paper);
        return Signature(input, position, PersonName.Parse(paper.Authors[position].Name), TopicTerms(input.Title, input.Abstract));
    }

    /// <summary>An author entry's signature from what disambiguation reads of its paper (<paramref name="topicTerms"/>: <see cref="TopicTerms"/>).</summary>
    public static AuthorSignature Signature(PersonInputPaper paper, int position, PersonName name, IReadOnlyList<string> topicTerms) => new()
    {
        Id = PersonEntries.SignatureId(paper.Id, position),
        PaperId = paper.Id,
        Position = position,
        Name = name,
        Affiliations = paper.Authors[position].Affiliation is { } affiliation ? [affiliation] : [],
        CoAuthors = paper.Authors.Select(x => x.Name).ToList(),
        Venues = paper.Venue is { } venue ? [.. paper.Categories, venue] : paper.Categories,
        Year = paper.Year,
        TopicTerms = topicTerms,
    };

    private static AuthorProfile Profile(PaperStore store, string personId, IReadOnlyList<PersonLink> links, Dictionary<string, Paper> papers)
    {
        var missing = links.Select(l => l.PaperId).Where(id => !papers.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            papers = new Dictionary<string, Paper>(papers, StringComparer.Ordinal);
            foreach (var paper in store.GetPapers(missing))
            {
                papers[paper.Id.Value] = paper;
            }
        }
        // One person may sign one paper twice (a source's duplicate author entry): the paper counts once.
        var citingIds = new List<string>();
        var attributed = links
            .Where(l => papers.ContainsKey(l.PaperId))
            .GroupBy(l => l.PaperId, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(l => l.Confidence).ThenBy(l => l.Position).First())
            .Select(l =>
            {
                var paper = papers[l.PaperId];
                var citing = store.CitedBy(paper.Id);
                citingIds.AddRange(citing);
                return new ProfilePaper(paper, l.Position, Math.Max(citing.Count, paper.CitedByCount?.Count ?? 0),
                    l.Confidence, l.Evidence);
            })
            .OrderByDescending(p => p.Citations).ThenByDescending(p => p.Paper.FirstAppeared).ThenBy(p => p.Paper.Id.Value, StringComparer.Ordinal)
            .ToList();
        var writtenNames = attributed.Select(p => p.Paper.Authors[p.Position].Name).ToList();
        var ownName = writtenNames.GroupBy(n => n, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key.Length).First().Key;
        return new AuthorProfile(
            personId,
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

    /// <summary>The words of a paper's title and abstract that disambiguation compares topics by.</summary>
    public static List<string> TopicTerms(string title, string? @abstract) =>
        $"{title} {@abstract}".Split((char[])[' ', '\n', ',', '.', ':', ';', '(', ')', '-', '"'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length > 3)
            .Select(w => w.ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)
            .ToList();
}

/// <summary>A person found by id: the profile, and the retired id asked for when it led here (or led nowhere: no profile).</summary>
public sealed record PersonLookup(AuthorProfile? Profile, RetiredPersonId? RedirectedFrom);

/// <summary>Where a person id leads (<see cref="AuthorProfiles.ResolvePerson"/>): the id holding the papers now and its links.</summary>
public sealed record ResolvedPerson(string? Id, IReadOnlyList<PersonLink> Links, RetiredPersonId? RedirectedFrom);
