using PaperRadar.Core.Authors;

namespace PaperRadar.Tests.Authors;

public sealed class BCubedTests
{
    [Fact]
    public void ScoresAgainstGoldAsBaggaAndBaldwinDefineIt()
    {
        // Gold: {1,2,3} {4,5}; predicted: {1,2} {3,4,5}.
        var gold = new Dictionary<string, string> { ["1"] = "a", ["2"] = "a", ["3"] = "a", ["4"] = "b", ["5"] = "b" };
        var predicted = new Dictionary<string, string> { ["1"] = "x", ["2"] = "x", ["3"] = "y", ["4"] = "y", ["5"] = "y" };
        var score = BCubedScore.Compute(gold, predicted);
        // Precision: 1, 1, 1/3, 2/3, 2/3 → 11/15. Recall: 2/3, 2/3, 1/3, 1, 1 → 11/15.
        Assert.Equal(11.0 / 15, score.Precision, 12);
        Assert.Equal(11.0 / 15, score.Recall, 12);
        Assert.Equal(11.0 / 15, score.F1, 12);
        Assert.Equal(5, score.Signatures);
    }

    [Fact]
    public void PredictedSignaturesOutsideTheGoldAreIgnoredAndMissingOnesStandAlone()
    {
        var gold = new Dictionary<string, string> { ["1"] = "a", ["2"] = "a" };
        var predicted = new Dictionary<string, string> { ["1"] = "x", ["9"] = "x" };
        var score = BCubedScore.Compute(gold, predicted);
        Assert.Equal(1.0, score.Precision);
        Assert.Equal(0.5, score.Recall);
    }
}
