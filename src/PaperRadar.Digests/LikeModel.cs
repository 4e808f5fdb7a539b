using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace PaperRadar.Digests;

/// <summary>
/// "Papers like these": a linear classifier on the papers' stored vectors, trained on one subscriber's library
/// (positive) against other papers (negative), then used to score new papers — the method arxiv-sanity made popular
/// (a per-user linear SVM on tf-idf vectors, saved papers against the rest). Here it is an L2-regularised logistic
/// regression with class-balanced weights (the library is a handful against thousands), minimised with Math.NET's
/// L-BFGS; the loss and its gradient are written out because they are two lines each over SIMD dot products, and
/// no package in the mirror offers a logistic regression that trains in milliseconds without a data pipeline
/// (ML.NET's trainers need an MLContext and IDataView per model: ten thousand subscribers, ten thousand pipelines).
/// </summary>
public sealed class LikeModel
{
    /// <summary>
    /// The inverse regularisation strength, as in scikit-learn (C in ½‖w‖² + C·Σ weightᵢ·lossᵢ). Chosen on authors
    /// other than those the benchmark reports (docs/relevance.md).
    /// </summary>
    public const double DefaultC = 1.0;

    /// <summary>Negatives drawn from the store for each model: the rest of the corpus, sampled, as it costs linearly.</summary>
    public const int DefaultNegatives = 2_000;

    /// <summary>
    /// The share of other papers a new paper must score above to be sent: the model ranks, it does not decide, so a
    /// digest takes the new papers that look less like a random paper than 98% of random papers do (a day of ~500
    /// unrelated papers then yields ~10, a day rich in the library's topic more).
    /// </summary>
    public const double NegativeQuantile = 0.98;

    private LikeModel(float[] weights, float bias, float threshold)
    {
        Weights = weights;
        Bias = bias;
        Threshold = threshold;
    }

    public float[] Weights { get; }

    public float Bias { get; }

    /// <summary>The score above which a paper is sent (see <see cref="NegativeQuantile"/>).</summary>
    public float Threshold { get; }

    public int Dimensions => Weights.Length;

    /// <summary>The decision value: positive when the model takes the paper for one like the library's.</summary>
    public float Score(ReadOnlySpan<float> vector) => TensorPrimitives.Dot(Weights, vector) + Bias;

    /// <summary>
    /// Trains on <paramref name="positives"/> against <paramref name="negatives"/> (vectors of
    /// <paramref name="dimensions"/> floats each, row after row).
    /// </summary>
    public static LikeModel Train(ReadOnlySpan<float> positives, ReadOnlySpan<float> negatives, int dimensions, double c = DefaultC,
        int maxIterations = 100)
    {
        var positiveCount = positives.Length / dimensions;
        var negativeCount = negatives.Length / dimensions;
        if (positiveCount == 0 || positives.Length % dimensions != 0 || negatives.Length % dimensions != 0)
        {
            throw new ArgumentException("a model needs at least one positive, and whole vectors of the given dimensions");
        }
        var rows = new float[(positiveCount + negativeCount) * dimensions];
        positives.CopyTo(rows);
        negatives.CopyTo(rows.AsSpan(positives.Length));
        var total = positiveCount + negativeCount;
        // Balanced: each class weighs as much in the loss, as scikit-learn's class_weight="balanced".
        var positiveWeight = negativeCount == 0 ? 1.0 : total / (2.0 * positiveCount);
        var negativeWeight = negativeCount == 0 ? 1.0 : total / (2.0 * negativeCount);
        var weights = new float[dimensions];
        var gradient = new float[dimensions];

        (double, Vector<double>) LossAndGradient(Vector<double> parameters)
        {
            for (var j = 0; j < dimensions; j++)
            {
                weights[j] = (float)parameters[j];
            }
            var bias = parameters[dimensions];
            Array.Clear(gradient);
            double loss = 0, biasGradient = 0;
            for (var i = 0; i < total; i++)
            {
                var row = rows.AsSpan(i * dimensions, dimensions);
                var label = i < positiveCount ? 1.0 : -1.0;
                var classWeight = i < positiveCount ? positiveWeight : negativeWeight;
                var margin = label * (TensorPrimitives.Dot(weights, row) + bias);
                // log(1 + e^-m), computed without overflow for large |m|.
                loss += classWeight * (margin > 0 ? Math.Log(1 + Math.Exp(-margin)) : -margin + Math.Log(1 + Math.Exp(margin)));
                var slope = -classWeight * label / (1 + Math.Exp(margin));
                TensorPrimitives.MultiplyAdd(row, (float)(c * slope), gradient, gradient);
                biasGradient += c * slope;
            }
            var result = Vector<double>.Build.Dense(dimensions + 1);
            var norm = 0.0;
            for (var j = 0; j < dimensions; j++)
            {
                result[j] = gradient[j] + parameters[j];
                norm += parameters[j] * parameters[j];
            }
            result[dimensions] = biasGradient;
            return (0.5 * norm + c * loss, result);
        }

        var minimizer = new LimitedMemoryBfgsMinimizer(1e-5, 1e-7, 1e-7, 7, maxIterations);
        Vector<double> solution;
        try
        {
            solution = minimizer.FindMinimum(ObjectiveFunction.Gradient(LossAndGradient), Vector<double>.Build.Dense(dimensions + 1)).MinimizingPoint;
        }
        catch (OptimizationException)
        {
            // Not converged within the budget, or the line search failed (the gradient is summed in single precision, as
            // the vectors are stored): descend with backtracking instead, keeping the best point found (a ranking needs
            // the direction, not the last decimal). The benchmark's 10,000 subscriptions met the second case.
            solution = GradientDescentFallback(LossAndGradient, dimensions, maxIterations);
        }
        var trained = solution.Take(dimensions).Select(v => (float)v).ToArray();
        var bias = (float)solution[dimensions];
        var negativeScores = new float[negativeCount];
        for (var i = 0; i < negativeCount; i++)
        {
            negativeScores[i] = TensorPrimitives.Dot(trained, negatives.Slice(i * dimensions, dimensions)) + bias;
        }
        Array.Sort(negativeScores);
        var threshold = negativeCount == 0 ? 0 : negativeScores[Math.Min(negativeCount - 1, (int)(NegativeQuantile * negativeCount))];
        return new LikeModel(trained, bias, threshold);
    }

    private static Vector<double> GradientDescentFallback(Func<Vector<double>, (double, Vector<double>)> lossAndGradient, int dimensions, int iterations)
    {
        var point = Vector<double>.Build.Dense(dimensions + 1);
        var step = 0.1;
        var (loss, gradient) = lossAndGradient(point);
        for (var i = 0; i < iterations * 3; i++)
        {
            var next = point - step * gradient;
            var (nextLoss, nextGradient) = lossAndGradient(next);
            if (nextLoss < loss)
            {
                (point, loss, gradient) = (next, nextLoss, nextGradient);
                step *= 1.2;
            }
            else
            {
                step /= 2;
            }
        }
        return point;
    }

    public byte[] ToBytes()
    {
        var values = new float[Weights.Length + 2];
        Weights.CopyTo(values, 0);
        values[^2] = Bias;
        values[^1] = Threshold;
        return MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
    }

    public static LikeModel FromBytes(byte[] bytes)
    {
        var values = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        return new LikeModel(values[..^2], values[^2], values[^1]);
    }
}
