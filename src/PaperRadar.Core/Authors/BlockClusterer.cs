namespace PaperRadar.Core.Authors;

/// <summary>Splits one name block into people (see <see cref="AuthorDisambiguator"/>).</summary>
internal sealed class BlockClusterer(
    IReadOnlyList<AuthorSignature> signatures,
    SignatureFeatures features,
    Constraints constraints,
    PairwiseModel model,
    DisambiguationOptions options)
{
    /// <summary>Signatures compared with at most this many others for a confidence (a deterministic sample beyond).</summary>
    private const int ConfidenceSample = 400;

    private int[] _block = [];

    public List<AuthorCluster> Cluster(int[] block)
    {
        _block = block;
        // Stage 1: signatures written with the same given names, clustered by average linkage.
        var stageOne = new List<List<int>>();
        foreach (var group in block.GroupBy(i => GroupKey(signatures[i].Name), StringComparer.Ordinal))
        {
            var members = group.ToArray();
            foreach (var cluster in ClusterGroup(members))
            {
                stageOne.Add(cluster);
            }
        }
        // Stage 2: clusters with less of the name join the compatible cluster they resemble most.
        var final = JoinCompatible(stageOne);
        return final.Select(Describe).ToList();
    }

    /// <summary>"Zhi-Yuan" and "Zhiyuan" are one group; "Y." and "Yang A." are their own.</summary>
    private static string GroupKey(PersonName name) =>
        name.HasFullFirstName && name.GivenNames.All(g => g.Length > 1) ? string.Concat(name.GivenNames) : name.Given;

    private List<List<int>> ClusterGroup(int[] members)
    {
        var n = members.Length;
        if (n == 1)
        {
            return [[members[0]]];
        }
        var similarity = new float[n * n];
        var mustLink = new List<(int, int)>();
        var strongLinks = new List<(int, int)>();
        for (var a = 0; a < n; a++)
        {
            for (var b = a + 1; b < n; b++)
            {
                var (i, j) = (members[a], members[b]);
                float p;
                if (constraints.CannotLink(i, j))
                {
                    p = float.NegativeInfinity;
                }
                else
                {
                    p = (float)model.Probability(signatures[i], i, signatures[j], j);
                    // Forced links, and links so strong (several shared co-authors) that they chain like a
                    // co-author graph: a person's papers with different co-authors still join through a paper they share.
                    if (constraints.MustLink(i, j))
                    {
                        mustLink.Add((a, b));
                    }
                    else if (p >= options.StrongLink && !constraints.IsForced(i) && !constraints.IsForced(j))
                    {
                        strongLinks.Add((a, b));
                    }
                }
                similarity[a * n + b] = p;
                similarity[b * n + a] = p;
            }
        }
        var labels = AverageLinkage.Cluster(n, similarity, options.Threshold, mustLink, strongLinks);
        var clusters = Enumerable.Range(0, n).GroupBy(a => labels[a]).OrderBy(g => g.Key)
            .Select(g => g.Select(a => members[a]).ToList()).ToList();
        return AttachUninformative(clusters);
    }

    /// <summary>
    /// A signature that says nothing but the name (no affiliation, co-author, venue, topic or year) and was left
    /// alone joins the largest cluster of its name: the person most papers with that name belong to is the likeliest
    /// author (and B-cubed agrees: on Qian's data this is worth several points of F1). Its confidence stays low.
    /// </summary>
    private List<List<int>> AttachUninformative(List<List<int>> clusters)
    {
        var largest = clusters.Where(c => c.Count > 1 || !IsUninformative(c[0]))
            .OrderByDescending(c => c.Count).FirstOrDefault();
        if (largest is null)
        {
            return clusters;
        }
        var result = new List<List<int>>();
        foreach (var cluster in clusters)
        {
            if (cluster.Count == 1 && cluster != largest && IsUninformative(cluster[0])
                && !largest.Any(j => constraints.CannotLink(cluster[0], j)))
            {
                largest.Add(cluster[0]);
            }
            else
            {
                result.Add(cluster);
            }
        }
        return result;
    }

    private bool IsUninformative(int i) =>
        features.Affiliations[i].IsEmpty && features.CoAuthors[i].Length == 0 && features.Venues[i].Length == 0
        && features.TermTopics[i].IsEmpty && signatures[i].TopicVector.IsEmpty && signatures[i].Year is null;

    private List<List<int>> JoinCompatible(List<List<int>> clusters)
    {
        if (clusters.Count == 1)
        {
            return clusters;
        }
        var names = clusters.Select(c => c.Select(i => signatures[i].Name.Given).Distinct(StringComparer.Ordinal).ToList()).ToList();
        var groups = clusters.Select(c => GroupKey(signatures[c[0]].Name)).ToList();
        var candidates = new List<(double Linkage, int A, int B)>();
        var forced = new List<(int A, int B)>();
        for (var a = 0; a < clusters.Count; a++)
        {
            for (var b = a + 1; b < clusters.Count; b++)
            {
                if (groups[a] == groups[b] || !Compatible(names[a], names[b]))
                {
                    continue;
                }
                var (linkage, mustLink) = Linkage(clusters[a], clusters[b]);
                if (mustLink)
                {
                    forced.Add((a, b));
                }
                else if (linkage > options.Threshold)
                {
                    candidates.Add((linkage, a, b));
                }
            }
        }
        var parent = Enumerable.Range(0, clusters.Count).ToArray();
        var namesOf = names.Select(n => n.ToHashSet(StringComparer.Ordinal)).ToArray();
        var membersOf = clusters.Select(c => new List<int>(c)).ToArray();
        int Find(int c)
        {
            while (parent[c] != c)
            {
                c = parent[c] = parent[parent[c]];
            }
            return c;
        }
        void Union(int ra, int rb)
        {
            var (keep, drop) = ra < rb ? (ra, rb) : (rb, ra);
            parent[drop] = keep;
            namesOf[keep].UnionWith(namesOf[drop]);
            membersOf[keep].AddRange(membersOf[drop]);
        }
        foreach (var (a, b) in forced)
        {
            if (Find(a) != Find(b))
            {
                Union(Find(a), Find(b));
            }
        }
        foreach (var (_, a, b) in candidates.OrderByDescending(c => c.Linkage).ThenBy(c => c.A).ThenBy(c => c.B))
        {
            var (ra, rb) = (Find(a), Find(b));
            if (ra == rb || !Compatible(namesOf[ra], namesOf[rb]) || AnyCannotLink(membersOf[ra], membersOf[rb]))
            {
                continue;   // an earlier merge made them incompatible ("Y." joined "Yang"; "Yi" cannot follow)
            }
            Union(ra, rb);
        }
        return Enumerable.Range(0, clusters.Count).Where(c => Find(c) == c).Select(c => membersOf[c]).ToList();
    }

    private static bool Compatible(IEnumerable<string> names, IEnumerable<string> otherNames) =>
        names.All(a => otherNames.All(b => GivenNames.Compare(a, b) != GivenNameMatch.Incompatible));

    private bool AnyCannotLink(List<int> a, List<int> b) =>
        a.Any(i => b.Any(j => constraints.CannotLink(i, j)));

    private (double Linkage, bool MustLink) Linkage(List<int> a, List<int> b)
    {
        double sum = 0;
        foreach (var i in a)
        {
            foreach (var j in b)
            {
                if (constraints.MustLink(i, j))
                {
                    return (1, true);
                }
                if (constraints.CannotLink(i, j))
                {
                    return (double.NegativeInfinity, false);
                }
                sum += model.Probability(signatures[i], i, signatures[j], j);
            }
        }
        return (sum / (a.Count * b.Count), false);
    }

    private AuthorCluster Describe(List<int> members)
    {
        members.Sort((a, b) => string.CompareOrdinal(signatures[a].Id, signatures[b].Id));
        var name = members.Select(i => signatures[i].Name)
            .GroupBy(n => n)
            .OrderByDescending(g => g.Key.GivenNames.Sum(t => t.Length))
            .ThenByDescending(g => g.Count())
            .ThenBy(g => g.Key.ToString(), StringComparer.Ordinal)
            .First().Key;
        var block = signatures[members[0]].Name.BlockKey;
        var evidence = new ClusterEvidence(signatures, features, model, members);
        var attributed = members.Select(i => new AttributedSignature(signatures[i].Id, Confidence(i, members), [.. constraints.Reasons(i), .. evidence.For(i)])).ToList();
        return new AuthorCluster($"{block}/{signatures[members[0]].Id}", block, name, attributed);
    }

    /// <summary>
    /// In a cluster of several: the average probability of being the same person as the others. Alone: one minus the
    /// highest probability of being one of the other signatures with the same given names.
    /// </summary>
    private double Confidence(int i, List<int> members)
    {
        if (constraints.IsForced(i))
        {
            return 1.0;
        }
        double Rounded(double value) => Math.Round(value, 3);
        if (members.Count > 1)
        {
            var others = Sample(members.Where(j => j != i).ToList());
            return Rounded(others.Average(j => model.Probability(signatures[i], i, signatures[j], j)));
        }
        var given = GroupKey(signatures[i].Name);
        var best = 0.0;
        // Only the signatures of the same block and given names: the ones it could have joined in stage 1.
        foreach (var j in Sample(_block.Where(j => j != i && GroupKey(signatures[j].Name) == given).ToList()))
        {
            best = Math.Max(best, model.Probability(signatures[i], i, signatures[j], j));
        }
        return Rounded(1.0 - best);
    }

    private static List<int> Sample(List<int> items)
    {
        if (items.Count <= ConfidenceSample)
        {
            return items;
        }
        var step = (double)items.Count / ConfidenceSample;
        return Enumerable.Range(0, ConfidenceSample).Select(k => items[(int)(k * step)]).ToList();
    }
}
