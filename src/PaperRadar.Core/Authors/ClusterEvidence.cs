using System.Globalization;

namespace PaperRadar.Core.Authors;

/// <summary>The reasons a signature is in its cluster, in words a user can check against the papers.</summary>
internal sealed class ClusterEvidence
{
    private const int MaxCoAuthorsShown = 3;
    private const int MaxVenuesShown = 3;

    private readonly IReadOnlyList<AuthorSignature> _signatures;
    private readonly SignatureFeatures _features;
    private readonly PairwiseModel _model;
    private readonly List<int> _members;
    private readonly Dictionary<int, int> _coAuthorPapers = [];
    private readonly Dictionary<string, int> _affiliationPapers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _venuePapers = new(StringComparer.Ordinal);

    public ClusterEvidence(IReadOnlyList<AuthorSignature> signatures, SignatureFeatures features, PairwiseModel model, List<int> members)
    {
        (_signatures, _features, _model, _members) = (signatures, features, model, members);
        foreach (var i in members)
        {
            foreach (var coAuthor in features.CoAuthors[i])
            {
                _coAuthorPapers[coAuthor] = _coAuthorPapers.GetValueOrDefault(coAuthor) + 1;
            }
            foreach (var affiliation in AffiliationKeys(signatures[i]))
            {
                _affiliationPapers[affiliation] = _affiliationPapers.GetValueOrDefault(affiliation) + 1;
            }
            foreach (var venue in signatures[i].Venues.Distinct(StringComparer.Ordinal))
            {
                _venuePapers[venue] = _venuePapers.GetValueOrDefault(venue) + 1;
            }
        }
    }

    public IReadOnlyList<string> For(int i)
    {
        var signature = _signatures[i];
        var evidence = new List<string>();
        if (_members.Count == 1)
        {
            evidence.Add("no other paper of this name shares enough co-authors, affiliation, venue or topic with it");
            return evidence;
        }
        var sharedCoAuthors = _features.CoAuthors[i]
            .Select(c => (CoAuthor: c, Papers: _coAuthorPapers[c] - 1))
            .Where(c => c.Papers > 0)
            .OrderByDescending(c => c.Papers).ThenBy(c => _features.CoAuthorNames[c.CoAuthor], StringComparer.Ordinal)
            .Take(MaxCoAuthorsShown);
        foreach (var (coAuthor, papers) in sharedCoAuthors)
        {
            evidence.Add($"shares co-author {_features.CoAuthorNames[coAuthor]} on {Papers(papers)}");
        }
        foreach (var affiliation in signature.Affiliations.Where(a => _affiliationPapers.GetValueOrDefault(Key(a)) > 1))
        {
            evidence.Add($"same affiliation {affiliation.Trim()} on {Papers(_affiliationPapers[Key(affiliation)] - 1)}");
        }
        var venues = signature.Venues.Distinct(StringComparer.Ordinal)
            .Where(v => _venuePapers[v] > 1)
            .OrderByDescending(v => _venuePapers[v]).ThenBy(v => v, StringComparer.Ordinal)
            .Take(MaxVenuesShown).ToList();
        if (venues.Count > 0)
        {
            evidence.Add($"categories/venues {string.Join(", ", venues)} shared with the person's other papers");
        }
        var others = _members.Where(j => j != i).Take(100).ToList();
        var topics = others.Select(j => _model.TopicSimilarity(signature, i, _signatures[j], j)).OfType<double>().ToList();
        if (topics.Count > 0)
        {
            evidence.Add($"topic similarity {AuthorDisambiguator.FormatSimilarity(topics.Max())} (best), {AuthorDisambiguator.FormatSimilarity(topics.Average())} (average)");
        }
        var fuller = _members.Select(j => _signatures[j].Name).FirstOrDefault(n => n.Given.Length > signature.Name.Given.Length);
        if (fuller is not null)
        {
            evidence.Add($"name \"{signature.Name}\" is compatible with \"{fuller}\"");
        }
        if (evidence.Count == 0)
        {
            evidence.Add("same name; nothing tells it apart from the person's other papers");
        }
        return evidence;
    }

    private static string Papers(int count) =>
        count == 1 ? "1 other paper" : string.Create(CultureInfo.InvariantCulture, $"{count} other papers");

    private static IEnumerable<string> AffiliationKeys(AuthorSignature signature) =>
        signature.Affiliations.Select(Key).Distinct(StringComparer.Ordinal);

    private static string Key(string affiliation) => NameText.Fold(affiliation);
}
