namespace PaperRadar.Scores;

/// <summary>Mid-rank percentiles: the share of a group below a value plus half the share equal to it, times 100.</summary>
public static class Percentiles
{
    /// <summary>The percentile of each value within <paramref name="values"/> (same order), 0-100.</summary>
    public static double[] Of(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var result = new double[values.Count];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end < order.Length && values[order[end]] == values[order[start]])
            {
                end++;
            }
            var percentile = 100.0 * (start + 0.5 * (end - start)) / values.Count;
            for (var i = start; i < end; i++)
            {
                result[order[i]] = percentile;
            }
            start = end;
        }
        return result;
    }

    /// <summary>
    /// Percentiles within peer groups: each item is ranked among every member of the narrowest of its candidate groups
    /// (most specific first) that holds at least <paramref name="minimumGroup"/> items; the last candidate is used
    /// whatever its size. Returns each item's percentile and the label of the group it was ranked in.
    /// </summary>
    public static (double Percentile, string Group)[] InGroups(
        IReadOnlyList<double> values, IReadOnlyList<string[]> candidateGroups, int minimumGroup)
    {
        var members = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        for (var i = 0; i < values.Count; i++)
        {
            foreach (var group in candidateGroups[i])
            {
                (members.TryGetValue(group, out var list) ? list : members[group] = []).Add(values[i]);
            }
        }
        foreach (var list in members.Values)
        {
            list.Sort();
        }
        var result = new (double, string)[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            var group = candidateGroups[i].FirstOrDefault(g => members[g].Count >= minimumGroup) ?? candidateGroups[i][^1];
            var sorted = members[group];
            result[i] = (100.0 * MidRankShare(sorted, values[i]), $"{group} ({sorted.Count:N0} papers)");
        }
        return result;
    }

    /// <summary>
    /// The share (0-1) of <paramref name="sorted"/> below <paramref name="value"/> plus half the share equal to it:
    /// a mid-rank percentile over 100, and, averaged over positives against sorted negatives, the AUC.
    /// </summary>
    public static double MidRankShare(IReadOnlyList<double> sorted, double value)
    {
        var below = LowerBound(sorted, value);
        var equal = LowerBound(sorted, Math.BitIncrement(value)) - below;
        return (below + 0.5 * equal) / sorted.Count;
    }

    private static int LowerBound(IReadOnlyList<double> sorted, double value)
    {
        int low = 0, high = sorted.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (sorted[middle] < value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }
}
