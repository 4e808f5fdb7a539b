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
            var below = LowerBound(sorted, values[i]);
            var equal = LowerBound(sorted, Math.BitIncrement(values[i])) - below;
            result[i] = (100.0 * (below + 0.5 * equal) / sorted.Count, $"{group} ({sorted.Count:N0} papers)");
        }
        return result;
    }

    private static int LowerBound(List<double> sorted, double value)
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
