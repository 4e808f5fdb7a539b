namespace PaperRadar.Core.Authors;

/// <summary>What must or must not be one person whatever the model says: known identifiers and user corrections.</summary>
internal sealed class Constraints
{
    private readonly int[] _forcedRoot;
    private readonly HashSet<(int, int)> _cannotLink = [];
    private readonly Dictionary<int, List<string>> _reasons = [];

    // Signatures a known identifier or a "same person" correction ties to others: their place is not the model's to
    // decide (confidence 1, no chaining by strong links). A "different person" correction only forbids some merges.
    private readonly HashSet<int> _forced = [];
    private readonly IReadOnlyList<AuthorSignature> _signatures;
    private readonly Dictionary<string, int> _index;

    private Constraints(IReadOnlyList<AuthorSignature> signatures, Dictionary<string, int> index)
    {
        _signatures = signatures;
        _index = index;
        _forcedRoot = Enumerable.Range(0, signatures.Count).ToArray();
    }

    public bool HasCannotLinks => _cannotLink.Count > 0;

    public static Constraints Build(IReadOnlyList<AuthorSignature> signatures, IReadOnlyList<AuthorCorrection> corrections)
    {
        var index = new Dictionary<string, int>(signatures.Count, StringComparer.Ordinal);
        for (var i = 0; i < signatures.Count; i++)
        {
            if (!index.TryAdd(signatures[i].Id, i))
            {
                throw new ArgumentException($"Two signatures have the id \"{signatures[i].Id}\".", nameof(signatures));
            }
        }
        var constraints = new Constraints(signatures, index);
        var firstWithIdentifier = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < signatures.Count; i++)
        {
            if (signatures[i].KnownIdentifier is { Length: > 0 } identifier)
            {
                constraints.AddReason(i, $"known identifier {identifier}");
                constraints._forced.Add(i);
                if (firstWithIdentifier.TryGetValue(identifier, out var first))
                {
                    constraints.Union(first, i);
                }
                else
                {
                    firstWithIdentifier[identifier] = i;
                }
            }
        }
        foreach (var correction in corrections)
        {
            var a = constraints.IndexOf(correction.SignatureId);
            var b = constraints.IndexOf(correction.OtherSignatureId);
            if (correction.SamePerson)
            {
                constraints.Union(a, b);
                constraints._forced.Add(a);
                constraints._forced.Add(b);
                constraints.AddReason(a, "user correction: " + (correction.Reason ?? $"same person as {correction.OtherSignatureId}"));
                constraints.AddReason(b, "user correction: " + (correction.Reason ?? $"same person as {correction.SignatureId}"));
            }
            else
            {
                constraints._cannotLink.Add((Math.Min(a, b), Math.Max(a, b)));
                constraints.AddReason(a, "user correction: " + (correction.Reason ?? $"not the person of {correction.OtherSignatureId}"));
                constraints.AddReason(b, "user correction: " + (correction.Reason ?? $"not the person of {correction.SignatureId}"));
            }
        }
        // Flattened once, so that blocks clustered in parallel only read it.
        for (var i = 0; i < signatures.Count; i++)
        {
            constraints._forcedRoot[i] = constraints.ForcedRoot(i);
        }
        return constraints;
    }

    private int IndexOf(string signatureId) => _index.TryGetValue(signatureId, out var i)
        ? i
        : throw new ArgumentException($"A correction names the signature \"{signatureId}\", which is not among the signatures.");

    private void AddReason(int i, string reason)
    {
        if (!_reasons.TryGetValue(i, out var list))
        {
            _reasons[i] = list = [];
        }
        if (!list.Contains(reason))
        {
            list.Add(reason);   // one reason said once, however many corrections of one fact name the signature
        }
    }

    public IReadOnlyList<string> Reasons(int i) => _reasons.TryGetValue(i, out var list) ? list : [];

    public bool IsForced(int i) => _forced.Contains(i);

    public int ForcedRoot(int i)
    {
        while (_forcedRoot[i] != i)
        {
            i = _forcedRoot[i];
        }
        return i;
    }

    private void Union(int a, int b)
    {
        var (ra, rb) = (ForcedRoot(a), ForcedRoot(b));
        if (ra != rb)
        {
            _forcedRoot[Math.Max(ra, rb)] = Math.Min(ra, rb);
        }
    }

    public bool MustLink(int a, int b) => ForcedRoot(a) == ForcedRoot(b);

    /// <summary>Two different known identifiers, or a user's "different person".</summary>
    public bool CannotLink(int a, int b)
    {
        var (idA, idB) = (_signatures[a].KnownIdentifier, _signatures[b].KnownIdentifier);
        if (idA is { Length: > 0 } && idB is { Length: > 0 } && !string.Equals(idA, idB, StringComparison.Ordinal))
        {
            return true;
        }
        return _cannotLink.Count > 0 && _cannotLink.Contains((Math.Min(a, b), Math.Max(a, b)));
    }

    /// <summary>Merges the clusters of different blocks that a correction or identifier says are one person.</summary>
    public List<AuthorCluster> JoinAcrossBlocks(List<AuthorCluster> clusters)
    {
        var clusterOfRoot = new Dictionary<int, int>();
        var parent = Enumerable.Range(0, clusters.Count).ToArray();
        int Find(int c)
        {
            while (parent[c] != c)
            {
                c = parent[c] = parent[parent[c]];
            }
            return c;
        }
        var joined = false;
        for (var c = 0; c < clusters.Count; c++)
        {
            foreach (var signature in clusters[c].Signatures)
            {
                var i = _index[signature.SignatureId];
                if (!IsForced(i))
                {
                    continue;
                }
                var root = ForcedRoot(i);
                if (clusterOfRoot.TryGetValue(root, out var other) && Find(other) != Find(c))
                {
                    parent[Math.Max(Find(other), Find(c))] = Math.Min(Find(other), Find(c));
                    joined = true;
                }
                else
                {
                    clusterOfRoot.TryAdd(root, c);
                }
            }
        }
        if (!joined)
        {
            return clusters;
        }
        return Enumerable.Range(0, clusters.Count)
            .GroupBy(Find)
            .Select(g =>
            {
                var members = g.Select(c => clusters[c]).OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
                return members[0] with
                {
                    Signatures = members.SelectMany(c => c.Signatures).OrderBy(s => s.SignatureId, StringComparer.Ordinal).ToList(),
                };
            })
            .ToList();
    }
}
