namespace PaperRadar.Core.Authors;

/// <summary>B-cubed precision, recall and F1 of a clustering against gold clusters (Bagga and Baldwin, 1998).</summary>
public sealed record BCubedScore(double Precision, double Recall, double F1, int Signatures)
{
    /// <summary>
    /// For each signature in <paramref name="gold"/>: precision is the share of its predicted cluster that is in its
    /// gold cluster, recall the share of its gold cluster that is in its predicted cluster; both averaged over the
    /// gold signatures. Predicted clusters are restricted to the gold signatures (as S2AND does), and a gold
    /// signature missing from <paramref name="predicted"/> counts as a cluster of its own.
    /// </summary>
    /// <param name="gold">Signature id → gold person.</param>
    /// <param name="predicted">Signature id → predicted person.</param>
    public static BCubedScore Compute(IReadOnlyDictionary<string, string> gold, IReadOnlyDictionary<string, string> predicted)
    {
        if (gold.Count == 0)
        {
            return new BCubedScore(0, 0, 0, 0);
        }
        var predictedOf = gold.Keys.ToDictionary(s => s, s => predicted.TryGetValue(s, out var p) ? "p:" + p : "missing:" + s, StringComparer.Ordinal);
        var goldSize = gold.Values.GroupBy(g => g, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var predictedSize = predictedOf.Values.GroupBy(p => p, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var overlap = gold.Keys.GroupBy(s => (gold[s], predictedOf[s])).ToDictionary(g => g.Key, g => g.Count());
        double precision = 0, recall = 0;
        foreach (var signature in gold.Keys)
        {
            var (g, p) = (gold[signature], predictedOf[signature]);
            var both = overlap[(g, p)];
            precision += (double)both / predictedSize[p];
            recall += (double)both / goldSize[g];
        }
        precision /= gold.Count;
        recall /= gold.Count;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new BCubedScore(precision, recall, f1, gold.Count);
    }
}
