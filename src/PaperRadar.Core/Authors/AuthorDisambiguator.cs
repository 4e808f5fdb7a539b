using System.Collections.Concurrent;
using System.Globalization;
using PaperRadar.Core.Text;

namespace PaperRadar.Core.Authors;

/// <summary>
/// Splits author signatures into people. Signatures are grouped into name blocks (first initial + surname); within
/// a block, signatures with the same given names are clustered by average linkage over a pairwise model (shared
/// co-authors, affiliations, categories/venues, topic, years, how common the name is); then clusters written with
/// less of the name ("Y. Liu", no middle initial) join the compatible cluster they resemble most. Incompatible given
/// names never merge; a known identifier or a user's correction always wins. Deterministic: the same input gives
/// the same clusters, ids and confidences, in parallel or not.
/// </summary>
public static class AuthorDisambiguator
{
    /// <summary>Clusters <paramref name="signatures"/> into people.</summary>
    /// <exception cref="ArgumentException">Two signatures share an id, or a correction names an unknown one.</exception>
    public static DisambiguationResult Disambiguate(
        IReadOnlyList<AuthorSignature> signatures,
        IReadOnlyList<AuthorCorrection>? corrections = null,
        DisambiguationOptions? options = null)
    {
        options ??= DisambiguationOptions.Default;
        var features = SignatureFeatures.Build(signatures);
        var constraints = Constraints.Build(signatures, corrections ?? []);
        var model = new PairwiseModel(options.Classifier, features);

        var blocks = Enumerable.Range(0, signatures.Count)
            .GroupBy(i => signatures[i].Name.BlockKey, StringComparer.Ordinal)
            .Select(g => g.OrderBy(i => signatures[i].Id, StringComparer.Ordinal).ToArray())
            .ToArray();
        var clustersPerBlock = new List<AuthorCluster>[blocks.Length];
        void Run(int b) => clustersPerBlock[b] = new BlockClusterer(signatures, features, constraints, model, options).Cluster(blocks[b]);
        if (options.Parallel)
        {
            // Big blocks first so that the last thread to finish does not start a big one last.
            var order = Enumerable.Range(0, blocks.Length).OrderByDescending(b => blocks[b].Length).ToArray();
            System.Threading.Tasks.Parallel.ForEach(Partitioner.Create(order, loadBalance: true), Run);
        }
        else
        {
            for (var b = 0; b < blocks.Length; b++)
            {
                Run(b);
            }
        }
        var clusters = clustersPerBlock.SelectMany(c => c).ToList();
        clusters = constraints.JoinAcrossBlocks(clusters);
        clusters.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return new DisambiguationResult(clusters);
    }

    internal static string FormatSimilarity(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}

/// <summary>What the pairwise model compares, extracted once per signature.</summary>
internal sealed class SignatureFeatures
{
    public required int[][] CoAuthors { get; init; }
    public required string[] CoAuthorNames { get; init; }
    public required SparseVector[] Affiliations { get; init; }
    public required int[][] Venues { get; init; }
    public required SparseVector[] TermTopics { get; init; }
    public required double[] Commonness { get; init; }

    /// <summary>Per signature: how many signatures of the input have its first given name and surname (for an initial, its block).</summary>
    public required int[] FullNameSignatures { get; init; }

    /// <summary>Per signature: how many signatures of the input are in its block.</summary>
    public required int[] BlockSignatures { get; init; }

    /// <summary>Per co-author: log(signatures / signatures naming the co-author), how much sharing them says.</summary>
    public required double[] CoAuthorRarity { get; init; }

    public static SignatureFeatures Build(IReadOnlyList<AuthorSignature> signatures)
    {
        var coAuthorIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var coAuthorNames = new List<string>();
        var parsedNames = new Dictionary<string, (PersonName Name, string Shown)>(StringComparer.Ordinal);
        var venueIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var coAuthors = new int[signatures.Count][];
        var venues = new int[signatures.Count][];
        for (var i = 0; i < signatures.Count; i++)
        {
            var signature = signatures[i];
            var keys = new SortedSet<int>();
            foreach (var written in signature.CoAuthors)
            {
                if (!parsedNames.TryGetValue(written, out var parsed))
                {
                    parsed = (PersonName.Parse(written), NameText.Clean(written));
                    parsedNames[written] = parsed;
                }
                var (name, shown) = parsed;
                if (name.Surname.Length == 0 || name.BlockKey == signature.Name.BlockKey)
                {
                    continue;   // the author themself, or a namesake we cannot tell from them
                }
                // A co-author written in full is matched in full ("wei wang", not "w wang", which is hundreds of
                // people in arXiv); one written with initials only by initial and surname.
                var key = name.HasFullFirstName ? name.GivenNames[0] + " " + name.Surname : name.BlockKey;
                if (!coAuthorIds.TryGetValue(key, out var id))
                {
                    id = coAuthorIds.Count;
                    coAuthorIds[key] = id;
                    coAuthorNames.Add(shown);
                }
                else if (string.CompareOrdinal(shown, coAuthorNames[id]) < 0)
                {
                    coAuthorNames[id] = shown;   // the same form shown whatever the input order
                }
                keys.Add(id);
            }
            coAuthors[i] = [.. keys];
            venues[i] = [.. signature.Venues
                .Select(v => v.Trim().ToLowerInvariant())
                .Where(v => v.Length > 0)
                .Select(v => venueIds.TryGetValue(v, out var id) ? id : venueIds[v] = venueIds.Count)
                .Distinct()
                .Order()];
        }
        var coAuthorPapers = new int[coAuthorNames.Count];
        foreach (var list in coAuthors)
        {
            foreach (var c in list)
            {
                coAuthorPapers[c]++;
            }
        }
        var nameKeys = signatures.Select(s => s.Name.HasFullFirstName ? s.Name.GivenNames[0] + " " + s.Name.Surname : s.Name.BlockKey).ToArray();
        var nameCounts = nameKeys.CountBy(k => k, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        var blockCounts = signatures.CountBy(s => s.Name.BlockKey, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        return new SignatureFeatures
        {
            CoAuthors = coAuthors,
            FullNameSignatures = [.. nameKeys.Select(k => nameCounts[k])],
            BlockSignatures = [.. signatures.Select(s => blockCounts[s.Name.BlockKey])],
            CoAuthorRarity = [.. coAuthorPapers.Select(n => Math.Log((double)signatures.Count / n))],
            CoAuthorNames = [.. coAuthorNames],
            Affiliations = TfIdf(signatures.Select(s => s.Affiliations.SelectMany(AffiliationWords)).ToArray()),
            Venues = venues,
            TermTopics = PaperTopics(signatures),
            Commonness = NameCommonness(signatures),
        };
    }

    /// <summary>
    /// How many people are likely to share a name, from the input itself: the number of distinct first names seen
    /// with the surname times the number of distinct surnames seen with the first name, on a log scale relative to
    /// the number of distinct names (0: unique; about 1: "Yang Liu" among arXiv's authors).
    /// </summary>
    private static double[] NameCommonness(IReadOnlyList<AuthorSignature> signatures)
    {
        var firstsBySurname = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var surnamesByFirst = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var fullNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var signature in signatures)
        {
            var name = signature.Name;
            if (!name.HasFullFirstName)
            {
                continue;
            }
            var first = name.GivenNames[0];
            Add(firstsBySurname, name.Surname, first);
            Add(surnamesByFirst, first, name.Surname);
            fullNames.Add(first + " " + name.Surname);
        }
        var scale = Math.Log(Math.Max(fullNames.Count, 2));
        var result = new double[signatures.Count];
        for (var i = 0; i < signatures.Count; i++)
        {
            var name = signatures[i].Name;
            var firsts = firstsBySurname.TryGetValue(name.Surname, out var f) ? f.Count : 1;
            var surnames = name.HasFullFirstName && surnamesByFirst.TryGetValue(name.GivenNames[0], out var s) ? s.Count : 1;
            // An initial stands for every first name with that letter: as common as the surname is.
            result[i] = Math.Log((double)firsts * surnames) / scale;
        }
        return result;

        static void Add(Dictionary<string, HashSet<string>> map, string key, string value)
        {
            if (!map.TryGetValue(key, out var set))
            {
                map[key] = set = new HashSet<string>(StringComparer.Ordinal);
            }
            set.Add(value);
        }
    }

    /// <summary>Topic vectors per paper (signatures of one paper share one vector: the corpus is read once per paper).</summary>
    private static SparseVector[] PaperTopics(IReadOnlyList<AuthorSignature> signatures)
    {
        var paperIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var papers = new List<AuthorSignature>();
        var indexOfSignature = new int[signatures.Count];
        for (var i = 0; i < signatures.Count; i++)
        {
            if (!paperIndex.TryGetValue(signatures[i].PaperId, out var p))
            {
                p = papers.Count;
                paperIndex[signatures[i].PaperId] = p;
                papers.Add(signatures[i]);
            }
            indexOfSignature[i] = p;
        }
        var vectors = TfIdf(papers.Select(s => s.TopicVector.IsEmpty ? TopicWords(s.TopicTerms) : []).ToArray());
        return indexOfSignature.Select(p => vectors[p]).ToArray();
    }

    private static readonly HashSet<string> AffiliationStopWords =
        ["of", "the", "and", "for", "at", "in", "de", "der", "des", "di", "la", "le", "du", "und", "et", "y"];

    private static IEnumerable<string> AffiliationWords(string affiliation) =>
        affiliation.Split([' ', ',', '.', '(', ')', '-', '/', '&', ';', ':', '\''], StringSplitOptions.RemoveEmptyEntries)
            .Select(NameText.Fold)
            .Where(w => w.Length > 1 && !AffiliationStopWords.Contains(w));

    private static IEnumerable<string> TopicWords(IReadOnlyList<string> terms) =>
        terms.Select(t => t.ToLowerInvariant()).Where(t => t.Length > 2 && !EnglishStopWords.Contains(t));

    private static SparseVector[] TfIdf(IReadOnlyList<IEnumerable<string>> documents)
    {
        var termIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var counts = new Dictionary<int, int>[documents.Count];
        var documentFrequency = new List<int>();
        for (var d = 0; d < documents.Count; d++)
        {
            var count = new Dictionary<int, int>();
            foreach (var term in documents[d])
            {
                if (!termIds.TryGetValue(term, out var id))
                {
                    id = termIds.Count;
                    termIds[term] = id;
                    documentFrequency.Add(0);
                }
                if (count.TryGetValue(id, out var c))
                {
                    count[id] = c + 1;
                }
                else
                {
                    count[id] = 1;
                    documentFrequency[id]++;
                }
            }
            counts[d] = count;
        }
        var frequencies = documentFrequency.ToArray();
        return counts.Select(c => SparseVector.FromCounts(c, frequencies, documents.Count)).ToArray();
    }
}
