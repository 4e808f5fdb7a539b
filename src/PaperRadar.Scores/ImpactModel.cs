using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace PaperRadar.Scores;

/// <summary>
/// Gradient-boosted regression trees (LightGBM through ML.NET) from the features of <see cref="ImpactFeatures"/> to
/// log(1 + outcome), with each prediction's feature contributions (ML.NET's per-path attribution for tree models).
/// Deterministic: a fixed seed and one thread, so two analyses of the same store give the same scores.
/// </summary>
public sealed class ImpactModel
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly ITransformer _contributions;

    private ImpactModel(MLContext ml, ITransformer model, ITransformer contributions)
    {
        _ml = ml;
        _model = model;
        _contributions = contributions;
    }

    public static ImpactModel Train(IReadOnlyList<float[]> features, IReadOnlyList<double> outcomes)
    {
        if (features.Count != outcomes.Count || features.Count == 0)
        {
            throw new ArgumentException($"training needs as many outcomes as feature rows, and at least one ({features.Count} rows, {outcomes.Count} outcomes)");
        }
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(features.Select((f, i) => new Example { Features = f, Label = (float)Math.Log(1 + outcomes[i]) }));
        var trainer = ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
        {
            NumberOfLeaves = 15,
            MinimumExampleCountPerLeaf = 20,
            LearningRate = 0.05,
            NumberOfIterations = 200,
            Seed = 1,
            NumberOfThreads = 1,
            Verbose = false,
            Silent = true,
        });
        var model = trainer.Fit(data);
        var contributions = ml.Transforms.CalculateFeatureContribution(model, ImpactFeatures.Count, ImpactFeatures.Count, normalize: false).Fit(data);
        return new ImpactModel(ml, model, model.Append(contributions));
    }

    /// <summary>Each row's prediction (log scale) and every feature's contribution to it.</summary>
    public IReadOnlyList<(double Prediction, float[] Contributions)> Predict(IReadOnlyList<float[]> features)
    {
        var data = _ml.Data.LoadFromEnumerable(features.Select(f => new Example { Features = f }));
        return _ml.Data.CreateEnumerable<Prediction>(_contributions.Transform(data), reuseRowObject: false)
            .Select(p => ((double)p.Score, p.FeatureContributions))
            .ToList();
    }

#pragma warning disable CA1812, CA1819 // ML.NET instantiates these; its schema needs array properties
    private sealed class Example
    {
        [VectorType(ImpactFeatures.Count)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    private sealed class Prediction
    {
        public float Score { get; set; }

        [VectorType(ImpactFeatures.Count)]
        public float[] FeatureContributions { get; set; } = [];
    }
#pragma warning restore CA1812, CA1819
}
