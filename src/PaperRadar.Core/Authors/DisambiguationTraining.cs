using MathNet.Numerics.LinearAlgebra;

namespace PaperRadar.Core.Authors;

/// <summary>Learns the pairwise model's weights from labelled signatures (S2AND-style gold clusters).</summary>
public static class DisambiguationTraining
{
    /// <summary>Pairs taken per block at most (an even sample beyond), so that one huge block does not dominate.</summary>
    private const int MaxPairsPerBlock = 20_000;

    /// <summary>
    /// Fits a logistic regression (Newton's method, L2-regularised) of "same person" on the features of every pair
    /// of labelled signatures in one block whose given names are compatible, positives and negatives weighted
    /// equally. Each dataset's features (name commonness, TF-IDF) come from all its signatures; only the pairs of
    /// signatures in its gold are used. Returns <paramref name="start"/> with the fitted weights; the threshold is
    /// left to be tuned.
    /// </summary>
    public static DisambiguationOptions Fit(
        IEnumerable<(IReadOnlyList<AuthorSignature> Signatures, IReadOnlyDictionary<string, string> Gold)> datasets,
        DisambiguationOptions? start = null,
        double regularisation = 1.0)
    {
        start ??= DisambiguationOptions.Default;
        var rows = new List<double[]>();
        var labels = new List<bool>();
        foreach (var (signatures, gold) in datasets)
        {
            var features = SignatureFeatures.Build(signatures);
            var model = new PairwiseModel(start, features);
            var blocks = Enumerable.Range(0, signatures.Count)
                .Where(i => gold.ContainsKey(signatures[i].Id))
                .GroupBy(i => signatures[i].Name.BlockKey, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal);
            foreach (var block in blocks)
            {
                var members = block.OrderBy(i => signatures[i].Id, StringComparer.Ordinal).ToArray();
                var pairs = new List<(int, int)>();
                for (var a = 0; a < members.Length; a++)
                {
                    for (var b = a + 1; b < members.Length; b++)
                    {
                        var (i, j) = (members[a], members[b]);
                        if (GivenNames.Compare(signatures[i].Name.Given, signatures[j].Name.Given) != GivenNameMatch.Incompatible)
                        {
                            pairs.Add((i, j));
                        }
                    }
                }
                var step = Math.Max(1, pairs.Count / MaxPairsPerBlock);
                for (var k = 0; k < pairs.Count; k += step)
                {
                    var (i, j) = pairs[k];
                    var row = new double[PairwiseModel.FeatureCount];
                    model.Features(signatures[i], i, signatures[j], j, row);
                    rows.Add(row);
                    labels.Add(gold[signatures[i].Id] == gold[signatures[j].Id]);
                }
            }
        }
        return start.FromWeights(FitLogistic(rows, labels, regularisation));
    }

    private static double[] FitLogistic(List<double[]> rows, List<bool> labels, double regularisation)
    {
        var dimensions = PairwiseModel.FeatureCount;
        var positives = labels.Count(l => l);
        var negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            throw new ArgumentException("the labelled pairs need both same-person and different-person pairs to fit a model");
        }
        var positiveWeight = labels.Count / (2.0 * positives);
        var negativeWeight = labels.Count / (2.0 * negatives);
        var weights = Vector<double>.Build.Dense(dimensions);
        for (var iteration = 0; iteration < 30; iteration++)
        {
            var gradient = Vector<double>.Build.Dense(dimensions);
            var hessian = Matrix<double>.Build.Dense(dimensions, dimensions);
            for (var r = 0; r < rows.Count; r++)
            {
                var x = rows[r];
                double z = 0;
                for (var k = 0; k < dimensions; k++)
                {
                    z += weights[k] * x[k];
                }
                var p = 1.0 / (1.0 + Math.Exp(-z));
                var w = labels[r] ? positiveWeight : negativeWeight;
                var residual = w * ((labels[r] ? 1 : 0) - p);
                var curvature = w * p * (1 - p);
                for (var k = 0; k < dimensions; k++)
                {
                    gradient[k] += residual * x[k];
                    for (var m = 0; m < dimensions; m++)
                    {
                        hessian[k, m] += curvature * x[k] * x[m];
                    }
                }
            }
            for (var k = 0; k < dimensions; k++)
            {
                // The bias is not regularised; every weight of a feature that never occurs stays 0.
                if (k > 0)
                {
                    gradient[k] -= regularisation * weights[k];
                }
                hessian[k, k] += k > 0 ? regularisation : 1e-9;
            }
            var delta = hessian.Solve(gradient);
            weights += delta;
            if (delta.L2Norm() < 1e-6)
            {
                break;
            }
        }
        return [.. weights];
    }
}
