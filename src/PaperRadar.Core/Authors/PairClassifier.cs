using System.Text.Json;
using System.Text.Json.Serialization;

namespace PaperRadar.Core.Authors;

/// <summary>
/// Gradient-boosted decision trees that give the probability that two signatures of one block are the same person,
/// from the pair's features (<see cref="PairwiseModel.FeatureNames"/>). The trees are trained with LightGBM (the
/// bench's <c>disambiguation --fit</c>, through ML.NET) and shipped as <c>PairModel.json</c>; evaluating them is a
/// walk down each tree, so the core library needs no machine-learning runtime and every prediction is the same
/// on every machine.
/// </summary>
public sealed class PairClassifier
{
    private readonly Tree[] _trees;

    private PairClassifier(PairModelFile file)
    {
        File = file;
        _trees = [.. file.Trees.Select(t => new Tree(t))];
    }

    /// <summary>What the model was trained on and how (written by the fit, shown in docs/disambiguation.md).</summary>
    public PairModelFile File { get; }

    /// <summary>What the classifier reads of a pair, in order: the columns a model must be trained on.</summary>
    public static IReadOnlyList<string> FeatureNames => PairwiseModel.FeatureNames;

    /// <summary>The model shipped with PaperRadar (<c>src/PaperRadar.Core/Authors/PairModel.json</c>).</summary>
    public static PairClassifier Default { get; } = LoadEmbedded();

    /// <summary>Reads a model written by <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">The JSON is not a pair model for this version's features, saying why.</exception>
    public static PairClassifier FromJson(string json)
    {
        PairModelFile? file;
        try
        {
            file = JsonSerializer.Deserialize(json, PairModelJson.Default.PairModelFile);
        }
        catch (JsonException e)
        {
            throw new FormatException($"pair model: not valid JSON ({e.Message})", e);
        }
        if (file is null || file.Trees.Count == 0)
        {
            throw new FormatException("pair model: no trees");
        }
        if (!file.Features.SequenceEqual(PairwiseModel.FeatureNames))
        {
            throw new FormatException($"pair model: trained on features [{string.Join(", ", file.Features)}], this version computes [{string.Join(", ", PairwiseModel.FeatureNames)}]; refit it (bench: disambiguation --fit)");
        }
        for (var t = 0; t < file.Trees.Count; t++)
        {
            file.Trees[t].Validate(t, file.Features.Count);
        }
        return new PairClassifier(file);
    }

    public string ToJson() => JsonSerializer.Serialize(File, PairModelJson.Default.PairModelFile);

    /// <summary>The probability of "same person" for one pair's features.</summary>
    public double Probability(ReadOnlySpan<float> features)
    {
        double score = File.Bias;
        foreach (var tree in _trees)
        {
            score += tree.Evaluate(features);
        }
        // Platt scaling as ML.NET calibrates LightGBM's raw score.
        return 1.0 / (1.0 + Math.Exp(File.PlattSlope * score + File.PlattOffset));
    }

    private static PairClassifier LoadEmbedded()
    {
        using var stream = typeof(PairClassifier).Assembly.GetManifestResourceStream("PaperRadar.Core.Authors.PairModel.json")
            ?? throw new InvalidOperationException("the pair model is not embedded in PaperRadar.Core (PairModel.json)");
        using var reader = new StreamReader(stream);
        return FromJson(reader.ReadToEnd());
    }

    private sealed class Tree(PairModelTree tree)
    {
        private readonly int[] _feature = [.. tree.SplitFeature];
        private readonly float[] _threshold = [.. tree.Threshold];
        private readonly int[] _left = [.. tree.Left];
        private readonly int[] _right = [.. tree.Right];
        private readonly double[] _leaf = [.. tree.LeafValue];

        public double Evaluate(ReadOnlySpan<float> features)
        {
            if (_feature.Length == 0)
            {
                return _leaf[0];
            }
            // A child index below zero is a leaf: ~index (ML.NET's convention for its regression trees).
            var node = 0;
            while (node >= 0)
            {
                node = features[_feature[node]] <= _threshold[node] ? _left[node] : _right[node];
            }
            return _leaf[~node];
        }
    }
}

/// <summary>The stored form of a <see cref="PairClassifier"/>.</summary>
public sealed record PairModelFile
{
    /// <summary>The feature names in order; must equal <see cref="PairwiseModel.FeatureNames"/>.</summary>
    public required IReadOnlyList<string> Features { get; init; }

    /// <summary>How the model was trained (data, sizes, parameters), in words.</summary>
    public string TrainedOn { get; init; } = "";

    public double Bias { get; init; }

    public double PlattSlope { get; init; } = -1;

    public double PlattOffset { get; init; }

    public required IReadOnlyList<PairModelTree> Trees { get; init; }
}

/// <summary>One regression tree: node i splits on <see cref="SplitFeature"/>[i] at <see cref="Threshold"/>[i] (≤ goes left).</summary>
public sealed record PairModelTree
{
    public IReadOnlyList<int> SplitFeature { get; init; } = [];

    public IReadOnlyList<float> Threshold { get; init; } = [];

    public IReadOnlyList<int> Left { get; init; } = [];

    public IReadOnlyList<int> Right { get; init; } = [];

    public required IReadOnlyList<double> LeafValue { get; init; }

    internal void Validate(int index, int featureCount)
    {
        var nodes = SplitFeature.Count;
        string Where() => $"pair model: tree {index}";
        if (Threshold.Count != nodes || Left.Count != nodes || Right.Count != nodes || LeafValue.Count != nodes + 1)
        {
            throw new FormatException($"{Where()}: {nodes} splits need as many thresholds and children and {nodes + 1} leaves");
        }
        for (var n = 0; n < nodes; n++)
        {
            if (SplitFeature[n] < 0 || SplitFeature[n] >= featureCount)
            {
                throw new FormatException($"{Where()}: node {n} splits on feature {SplitFeature[n]}, of {featureCount}");
            }
        }
        // A tree: from the root, every node and leaf is reached exactly once (no cycle, nothing shared or lost).
        var seenNodes = new bool[nodes];
        var seenLeaves = new bool[nodes + 1];
        var pending = new Stack<int>([0]);
        while (nodes > 0 && pending.TryPop(out var node))
        {
            if (node >= nodes || (node >= 0 && seenNodes[node]) || (node < 0 && (~node >= nodes + 1 || seenLeaves[~node])))
            {
                throw new FormatException($"{Where()}: node or leaf {node} is out of range or reached twice");
            }
            if (node < 0)
            {
                seenLeaves[~node] = true;
                continue;
            }
            seenNodes[node] = true;
            pending.Push(Left[node]);
            pending.Push(Right[node]);
        }
        if (nodes > 0 && (seenNodes.Contains(false) || seenLeaves.Contains(false)))
        {
            throw new FormatException($"{Where()}: some nodes or leaves cannot be reached from the root");
        }
    }
}

[JsonSourceGenerationOptions(WriteIndented = false, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PairModelFile))]
internal sealed partial class PairModelJson : JsonSerializerContext;
