using System.Text.Json.Nodes;
using PaperRadar.Core.Authors;

namespace PaperRadar.Tests.Authors;

public sealed class PairClassifierTests
{
    private static readonly int FeatureCount = PairClassifier.FeatureNames.Count;

    /// <summary>Feature rows spread over each feature's range, from a fixed seed.</summary>
    private static List<float[]> Rows(int count)
    {
        var random = new Random(7);
        return Enumerable.Range(0, count)
            .Select(_ => Enumerable.Range(0, FeatureCount).Select(_ => (float)(random.NextDouble() * 6 - 2)).ToArray())
            .ToList();
    }

    [Fact]
    public void TheShippedModelReadsTheFeaturesThisVersionComputes()
    {
        var file = PairClassifier.Default.File;
        Assert.Equal(PairClassifier.FeatureNames, file.Features);
        Assert.True(file.Trees.Count > 10, $"the shipped model has {file.Trees.Count} trees");
        Assert.Contains("tuning halves", file.TrainedOn, StringComparison.Ordinal);
    }

    [Fact]
    public void ProbabilitiesAreTheSameAfterARoundTripAndOnEveryCall()
    {
        var reloaded = PairClassifier.FromJson(PairClassifier.Default.ToJson());
        var rows = Rows(500);
        var first = rows.Select(r => PairClassifier.Default.Probability(r)).ToList();
        Assert.Equal(first, rows.Select(r => reloaded.Probability(r)).ToList());
        Assert.Equal(first, rows.Select(r => PairClassifier.Default.Probability(r)).ToList());
        Assert.All(first, p => Assert.InRange(p, 0, 1));
        // The model is not a constant: it tells pairs apart.
        Assert.True(first.Max() - first.Min() > 0.5, $"probabilities range only from {first.Min()} to {first.Max()}");
    }

    [Fact]
    public void SharedCoAuthorsMakeTheSamePersonMoreLikely()
    {
        var names = PairClassifier.FeatureNames.ToList();
        var row = new float[FeatureCount];
        row[names.IndexOf("same full given names")] = 1;
        row[names.IndexOf("papers in the block (log)")] = (float)Math.Log(100);
        row[names.IndexOf("papers with the full name (log)")] = (float)Math.Log(20);
        row[names.IndexOf("co-authors on the smaller list (log)")] = (float)Math.Log(4);
        row[names.IndexOf("topic cosine")] = 0.1f;
        row[names.IndexOf("venue Jaccard")] = 0;
        row[names.IndexOf("affiliation cosine")] = -2;
        row[names.IndexOf("years apart")] = 1;
        row[names.IndexOf("authors on the larger paper (log)")] = (float)Math.Log(6);
        var none = PairClassifier.Default.Probability(row);
        row[names.IndexOf("shared co-authors")] = 3;
        row[names.IndexOf("shared co-authors, rarity-weighted")] = 30;
        var three = PairClassifier.Default.Probability(row);
        Assert.True(three > none + 0.2, $"three shared co-authors: {three}, none: {none}");
    }

    [Fact]
    public void AModelForOtherFeaturesIsRefusedSayingWhy()
    {
        var json = JsonNode.Parse(PairClassifier.Default.ToJson())!;
        json["features"]!.AsArray().RemoveAt(0);
        var error = Assert.Throws<FormatException>(() => PairClassifier.FromJson(json.ToJsonString()));
        Assert.Contains("refit", error.Message, StringComparison.Ordinal);
        Assert.Contains("same full given names", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATreeThatLoopsIsRefused()
    {
        var json = JsonNode.Parse(PairClassifier.Default.ToJson())!;
        var tree = json["trees"]![0]!;
        tree["left"]![0] = 0;   // the root's left child is the root itself
        var error = Assert.Throws<FormatException>(() => PairClassifier.FromJson(json.ToJsonString()));
        Assert.Contains("tree 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BrokenJsonIsRefusedSayingWhy()
    {
        var error = Assert.Throws<FormatException>(() => PairClassifier.FromJson("{\"features\": [1,"));
        Assert.StartsWith("pair model: not valid JSON", error.Message, StringComparison.Ordinal);
    }
}
