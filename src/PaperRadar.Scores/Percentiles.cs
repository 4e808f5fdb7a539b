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
    /// Percentiles within peer groups: each item is ranked in the narrowest of its candidate groups (most specific
    /// first) that holds at least <paramref name="minimumGroup"/> items; the last candidate is used whatever its size.
    /// Returns each item's percentile and the label of the group it was ranked in.
    /// </summary>
    public static (double Percentile, string Group)[] InGroups(
        IReadOnlyList<double> values, IReadOnlyList<string[]> candidateGroups, int minimumGroup)
    {
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var candidates in candidateGroups)
        {
            foreach (var group in candidates)
            {
                sizes[group] = sizes.GetValueOrDefault(group) + 1;
            }
        }
        var chosen = candidateGroups.Select(c => c.FirstOrDefault(g => sizes[g] >= minimumGroup) ?? c[^1]).ToArray();
        var result = new (double, string)[values.Count];
        foreach (var members in Enumerable.Range(0, values.Count).GroupBy(i => chosen[i], StringComparer.Ordinal))
        {
            var indices = members.ToArray();
            var percentiles = Of(indices.Select(i => values[i]).ToArray());
            for (var m = 0; m < indices.Length; m++)
            {
                result[indices[m]] = (percentiles[m], $"{members.Key} ({indices.Length:N0} papers)");
            }
        }
        return result;
    }
}
