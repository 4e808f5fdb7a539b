namespace PaperRadar.Core.Authors;

/// <summary>
/// Agglomerative clustering with average linkage over a similarity matrix, stopped at a threshold.
/// </summary>
/// <remarks>
/// Hand-written: neither MathNet.Numerics nor System.Numerics.Tensors has hierarchical clustering, and the
/// constraints (cannot-link as −∞, which average linkage carries through every later merge; forced merges first)
/// need control over the loop. Each row caches its best neighbour, so a run costs about O(n²) instead of O(n³).
/// Ties go to the lowest indices, so the result depends only on the input order.
/// </remarks>
internal static class AverageLinkage
{
    /// <summary>
    /// Clusters <paramref name="n"/> items. <paramref name="similarity"/> is row-major n×n and is overwritten.
    /// <paramref name="mustLink"/> pairs are merged first, whatever their similarity; then <paramref name="strongLinks"/>
    /// pairs, unless their clusters cannot link (−∞: a strong link never chains around a "different person").
    /// Returns each item's cluster as the smallest item index in it.
    /// </summary>
    public static int[] Cluster(int n, float[] similarity, double threshold, IEnumerable<(int, int)>? mustLink = null,
        IEnumerable<(int, int)>? strongLinks = null)
    {
        var size = new int[n];
        var active = new bool[n];
        var parent = new int[n];
        for (var i = 0; i < n; i++)
        {
            size[i] = 1;
            active[i] = true;
            parent[i] = i;
        }
        int Find(int i)
        {
            while (parent[i] != i)
            {
                i = parent[i] = parent[parent[i]];
            }
            return i;
        }
        void Merge(int a, int b)
        {
            // Lance–Williams update for average linkage, into the lower index.
            var (keep, drop) = a < b ? (a, b) : (b, a);
            for (var k = 0; k < n; k++)
            {
                if (!active[k] || k == keep || k == drop)
                {
                    continue;
                }
                var merged = (size[keep] * similarity[keep * n + k] + size[drop] * similarity[drop * n + k]) / (size[keep] + size[drop]);
                if (float.IsNaN(merged))
                {
                    merged = float.NegativeInfinity;
                }
                similarity[keep * n + k] = merged;
                similarity[k * n + keep] = merged;
            }
            size[keep] += size[drop];
            active[drop] = false;
            parent[drop] = keep;
        }

        if (mustLink is not null)
        {
            foreach (var (a, b) in mustLink)
            {
                var (ra, rb) = (Find(a), Find(b));
                if (ra != rb)
                {
                    Merge(ra, rb);
                }
            }
        }
        if (strongLinks is not null)
        {
            foreach (var (a, b) in strongLinks)
            {
                var (ra, rb) = (Find(a), Find(b));
                if (ra != rb && !float.IsNegativeInfinity(similarity[ra * n + rb]))
                {
                    Merge(ra, rb);
                }
            }
        }

        var best = new int[n];
        void RefreshBest(int i)
        {
            var bestJ = -1;
            var bestSimilarity = float.NegativeInfinity;
            for (var j = 0; j < n; j++)
            {
                if (j != i && active[j] && similarity[i * n + j] > bestSimilarity)
                {
                    bestSimilarity = similarity[i * n + j];
                    bestJ = j;
                }
            }
            best[i] = bestJ;
        }
        for (var i = 0; i < n; i++)
        {
            if (active[i])
            {
                RefreshBest(i);
            }
        }

        while (true)
        {
            var bestI = -1;
            var bestSimilarity = float.NegativeInfinity;
            for (var i = 0; i < n; i++)
            {
                if (active[i] && best[i] >= 0 && similarity[i * n + best[i]] > bestSimilarity)
                {
                    bestSimilarity = similarity[i * n + best[i]];
                    bestI = i;
                }
            }
            if (bestI < 0 || bestSimilarity <= threshold)
            {
                break;
            }
            var bestJ = best[bestI];
            var keep = Math.Min(bestI, bestJ);
            var drop = Math.Max(bestI, bestJ);
            Merge(keep, drop);
            RefreshBest(keep);
            for (var k = 0; k < n; k++)
            {
                if (!active[k] || k == keep)
                {
                    continue;
                }
                if (best[k] == keep || best[k] == drop)
                {
                    RefreshBest(k);
                }
                else if (best[k] < 0 || similarity[k * n + keep] > similarity[k * n + best[k]]
                         || (similarity[k * n + keep] == similarity[k * n + best[k]] && keep < best[k]))
                {
                    best[k] = keep;
                }
            }
        }

        var result = new int[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = Find(i);
        }
        return result;
    }
}
