using System.Numerics.Tensors;
using PaperRadar.Core.Model;
using PaperRadar.Scores;
using PaperRadar.Storage;

namespace PaperRadar.Tests;

public sealed class PercentilesTests
{
    [Fact]
    public void TiesShareTheirMidRankAndTheOrderIsKept()
    {
        var percentiles = Percentiles.Of([0.3, 0.1, 0.3, 0.9]);
        Assert.Equal([50, 12.5, 50, 87.5], percentiles);
    }

    [Fact]
    public void ASmallGroupIsRankedInTheWiderOne()
    {
        // Two papers of cs.XX cannot be ranked among themselves (minimum 3); they are ranked among all five of cs.*.
        string[][] groups = [["cs.XX", "cs.*"], ["cs.XX", "cs.*"], ["cs.LG", "cs.*"], ["cs.LG", "cs.*"], ["cs.LG", "cs.*"]];
        var ranked = Percentiles.InGroups([0.5, 0.1, 0.2, 0.3, 0.4], groups, minimumGroup: 3);
        Assert.Equal("cs.* (5 papers)", ranked[0].Group);
        Assert.Equal(90, ranked[0].Percentile);
        Assert.Equal("cs.LG (3 papers)", ranked[2].Group);
        Assert.Equal(100.0 / 6, ranked[2].Percentile, 6);
    }
}

public sealed class NearestEarlierTests
{
    /// <summary>Generated unit vectors: the search is checked against a brute-force oracle, not against real data.</summary>
    private static float[] RandomUnitVectors(int count, int dimensions, int seed)
    {
        var random = new Random(seed);
        var values = new float[count * dimensions];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }
        for (var i = 0; i < count; i++)
        {
            var row = values.AsSpan(i * dimensions, dimensions);
            TensorPrimitives.Divide(row, TensorPrimitives.Norm(row), row);
        }
        return values;
    }

    [Fact]
    public void FindsTheExactTopKWithinEachPrefix()
    {
        const int Count = 300, Dimensions = 16, K = 5;
        var vectors = RandomUnitVectors(Count, Dimensions, seed: 7);
        var queries = Enumerable.Range(0, Count).Where(i => i % 7 == 0).ToArray();
        var earlierEnd = queries.Select(q => q / 2 * 2).ToArray();   // days of two papers: the same day is not earlier
        var maturedEnd = earlierEnd.Select(e => e / 3).ToArray();

        var found = NearestEarlier.Find(vectors, Dimensions, queries, earlierEnd, maturedEnd, K);

        for (var n = 0; n < queries.Length; n++)
        {
            int[] Oracle(int end) => Enumerable.Range(0, end)
                .OrderByDescending(j => TensorPrimitives.Dot(vectors.AsSpan(j * Dimensions, Dimensions), vectors.AsSpan(queries[n] * Dimensions, Dimensions)))
                .ThenBy(j => j).Take(K).ToArray();
            Assert.Equal(Oracle(earlierEnd[n]), found[n].Earlier.Indices);
            Assert.Equal(Oracle(maturedEnd[n]), found[n].Matured.Indices);
            Assert.All(found[n].Earlier.Indices, j => Assert.True(j < earlierEnd[n]));
        }
    }

    [Fact]
    public void AnEqualSimilarityKeepsTheEarlierPaper()
    {
        // Papers 0 and 1 are the same vector; the query (2) is that vector too: the nearest is paper 0, then 1.
        float[] vectors = [1, 0, 1, 0, 1, 0, 0, 1];
        var found = NearestEarlier.Find(vectors, 2, [2], [2], [0], k: 1);
        Assert.Equal([0], found[0].Earlier.Indices);
        Assert.Empty(found[0].Matured.Indices);
    }
}

public sealed class ImpactFeaturesTests
{
    private static readonly AnalyzeOptions Options = new() { HorizonYears = 3, MinimumPapersWithOutcomes = 2 };

    private static ScoringPaper Paper(string id, int year, params string[] authors) =>
        new(0, id, new DateOnly(year, 1, 1), null, "ACL", 8, null, false, null, 40, 0, authors, null);

    [Fact]
    public void TheOutcomeCountsCitationsWithinTheHorizonOnly()
    {
        var papers = new[] { Paper("acl:A", 2000, "Ann Lee"), Paper("acl:B", 2001, "Bo Chen"), Paper("acl:C", 2002, "Cy Dee"), Paper("acl:D", 2004, "Di Eve") };
        var features = new ImpactFeatures(papers, [("acl:B", "acl:A"), ("acl:C", "acl:A"), ("acl:D", "acl:A")], Options);
        var a = features.Examples(new Dictionary<string, StoredNovelty>()).Single(e => e.Id == "acl:A");
        Assert.Equal(OutcomeKind.Citations, a.Kind);
        Assert.Equal(2, a.Outcome);   // 2001 and 2002 are within three years of 2000; 2004 is not
    }

    [Fact]
    public void NothingAfterAPaperAppearedEntersItsFeatures()
    {
        // Ann's 2000 paper is cited in 2001; her 2002 paper's features see that citation. Citations and papers added
        // after 2002 (a 2004 paper citing both) must leave the 2002 paper's features as they were.
        ScoringPaper[] before = [Paper("acl:A", 2000, "Ann Lee"), Paper("acl:B", 2001, "Bo Chen", "Ann Lee"), Paper("acl:C", 2002, "Ann Lee")];
        (string, string)[] citations = [("acl:B", "acl:A")];
        var featuresBefore = new ImpactFeatures(before, citations, Options).Examples(new Dictionary<string, StoredNovelty>()).Single(e => e.Id == "acl:C");

        ScoringPaper[] after = [.. before, Paper("acl:D", 2004, "Di Eve", "Ann Lee")];
        (string, string)[] moreCitations = [.. citations, ("acl:D", "acl:A"), ("acl:D", "acl:C")];
        var featuresAfter = new ImpactFeatures(after, moreCitations, Options).Examples(new Dictionary<string, StoredNovelty>()).Single(e => e.Id == "acl:C");

        Assert.Equal(featuresBefore.Features, featuresAfter.Features);
        Assert.Equal(1, featuresBefore.Features[1]);   // Ann's prior h-index on 2002-01-01: one paper cited once
        Assert.Equal(2, featuresBefore.Features[3]);   // two prior papers
        Assert.Equal(1, featuresAfter.Outcome);        // the 2004 citation is within three years of 2002
    }

    [Fact]
    public void AFieldWithoutCitationsOrUpvotesHasNoOutcome()
    {
        var papers = new[]
        {
            new ScoringPaper(0, "2501.00001", new DateOnly(2025, 1, 2), "cs.LG", null, null, null, false, null, 40, 900, ["A B"], null),
            new ScoringPaper(0, "2501.00002", new DateOnly(2025, 1, 3), "cs.LG", null, null, null, false, null, 40, 900, ["C D"], null),
        };
        var features = new ImpactFeatures(papers, [], Options);
        Assert.Equal(OutcomeKind.None, features.Fields["cs.LG"].Kind);
        Assert.Empty(features.Examples(new Dictionary<string, StoredNovelty>()));
    }

    [Fact]
    public void AFieldWithUpvotesButNoCitationsIsMeasuredByUpvotes()
    {
        // Papers featured on Hugging Face have upvotes; those never featured are not observations (no outcome).
        var papers = new[]
        {
            new ScoringPaper(0, "2501.00001", new DateOnly(2025, 1, 2), "cs.CL", null, null, null, true, 42, 40, 900, ["A B"], null),
            new ScoringPaper(0, "2501.00002", new DateOnly(2025, 1, 3), "cs.CL", null, null, null, false, 3, 40, 900, ["C D"], null),
            new ScoringPaper(0, "2501.00003", new DateOnly(2025, 1, 4), "cs.CL", null, null, null, false, null, 40, 900, ["E F"], null),
        };
        var features = new ImpactFeatures(papers, [], Options);
        Assert.Equal(OutcomeKind.Upvotes, features.Fields["cs.CL"].Kind);
        var examples = features.Examples(new Dictionary<string, StoredNovelty>()).ToDictionary(e => e.Id);
        Assert.Equal(42, examples["2501.00001"].Outcome);
        Assert.Null(examples["2501.00003"].Outcome);
        Assert.True(features.IsMatured("2501.00002"));
        Assert.False(features.IsMatured("2501.00003"));
    }

    [Theory]
    [InlineData("NeurIPS 2025", "neurips")]
    [InlineData("ACL 2024 Findings", "acl findings")]
    [InlineData("the 3rd Workshop on NLP", "the workshop on nlp")]
    [InlineData("  ", null)]
    public void AVenueFamilyDropsYearsAndEditions(string venue, string? family) => Assert.Equal(family, ImpactFeatures.VenueFamily(venue));
}

public sealed class ImpactModelTests
{
    /// <summary>Generated rows whose outcome grows with feature 1 (a stand-in for the prior h-index) plus noise.</summary>
    private static (List<float[]> Features, List<double> Outcomes) Rows(int count, int seed)
    {
        var random = new Random(seed);
        var features = new List<float[]>();
        var outcomes = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var row = new float[ImpactFeatures.Count];
            for (var f = 0; f < row.Length; f++)
            {
                row[f] = (float)random.NextDouble() * 10;
            }
            features.Add(row);
            outcomes.Add(Math.Max(0, Math.Round(row[1] * 2 + random.NextDouble() * 3)));
        }
        return (features, outcomes);
    }

    [Fact]
    public void LearnsTheInformativeFeatureAndNamesItAsTheTopFactor()
    {
        var (features, outcomes) = Rows(600, seed: 3);
        var model = ImpactModel.Train(features, outcomes);
        var (test, actual) = Rows(200, seed: 4);
        var predictions = model.Predict(test);
        var rho = MathNet.Numerics.Statistics.Correlation.Spearman(predictions.Select(p => p.Prediction), actual);
        Assert.True(rho > 0.8, $"rho {rho}");
        var topFactors = predictions.Select(p => Enumerable.Range(0, ImpactFeatures.Count).MaxBy(f => Math.Abs(p.Contributions[f]))).ToList();
        Assert.True(topFactors.Count(f => f == 1) > 150, "feature 1 should move most predictions most");
    }

    [Fact]
    public void TrainingTwiceGivesIdenticalPredictions()
    {
        var (features, outcomes) = Rows(300, seed: 5);
        var first = ImpactModel.Train(features, outcomes).Predict(features);
        var second = ImpactModel.Train(features, outcomes).Predict(features);
        Assert.Equal(first.Select(p => p.Prediction), second.Select(p => p.Prediction));
        Assert.Equal(first.SelectMany(p => p.Contributions), second.SelectMany(p => p.Contributions));
    }
}

public sealed class AuthorScoresTests
{
    private static Paper WithScores(string id, double? novelty, double? impact) => new()
    {
        Id = PaperId.Parse(id),
        Title = id,
        Scores = new PaperScores(
            new NoveltyScore(novelty, novelty is null ? null : 0.5, "cs.LG, 2025", 1000, [], novelty is null ? "too few earlier papers" : null),
            new ImpactScore(impact, impact is null ? null : 1.0, "cs.LG", null, [], impact is null ? "no outcomes" : null)),
    };

    [Fact]
    public void AnAuthorsScoresAreTheMediansOfTheirPapersThatHaveThem()
    {
        var scores = AuthorScores.Of([WithScores("2501.00001", 10, null), WithScores("2501.00002", 80, 40), WithScores("2501.00003", 30, null), WithScores("2501.00004", null, null)]);
        Assert.Equal(30, scores.Novelty);
        Assert.Equal(3, scores.NoveltyPapers);
        Assert.Equal(40, scores.Impact);
        Assert.Equal(1, scores.ImpactPapers);
        Assert.Null(AuthorScores.Of([WithScores("2501.00005", null, null)]).Novelty);
    }
}
