using PaperRadar.Core.Authors;

namespace PaperRadar.Tests.Authors;

public sealed class PersonIdsTests
{
    private static readonly Func<string, bool> NothingTaken = _ => false;

    [Fact]
    public void NewIdsAreDerivedFromTheBlockAndTheFirstSignatureAndLookLikeIds()
    {
        var ids = PersonIds.Assign("y liu", [["2401.00002#1", "2401.00001#0"], ["2402.00001#3"]], new Dictionary<string, string>(), NothingTaken);

        Assert.Equal(PersonIds.New("y liu", "2401.00001#0", NothingTaken), ids[0]);
        Assert.StartsWith("y-liu-", ids[0], StringComparison.Ordinal);
        Assert.NotEqual(ids[0], ids[1]);
        Assert.All(ids, id => Assert.True(PersonIds.LooksLikeId(id), id));
        // The same input gives the same ids, whatever the order of the clusters.
        var again = PersonIds.Assign("y liu", [["2402.00001#3"], ["2401.00001#0", "2401.00002#1"]], new Dictionary<string, string>(), NothingTaken);
        Assert.Equal([ids[1], ids[0]], again);
    }

    [Fact]
    public void AClusterKeepsThePreviousIdItSharesMostEntriesWith()
    {
        var previous = new Dictionary<string, string>
        {
            ["a#0"] = "y-liu-aaaaaaaa",
            ["b#0"] = "y-liu-aaaaaaaa",
            ["c#0"] = "y-liu-aaaaaaaa",
            ["d#0"] = "y-liu-bbbbbbbb",
        };
        // An earlier paper joins the first person, and the first person's c#0 now goes with d#0: the ids follow the
        // larger overlaps, not the smallest signature (z#0 is new and comes first).
        var ids = PersonIds.Assign("y liu", [["0#0", "a#0", "b#0"], ["c#0", "d#0"], ["z#0"]], previous, NothingTaken);

        Assert.Equal("y-liu-aaaaaaaa", ids[0]);
        Assert.Equal("y-liu-bbbbbbbb", ids[1]);
        Assert.Equal(PersonIds.New("y liu", "z#0", NothingTaken), ids[2]);
    }

    [Fact]
    public void APreviousIdGoesToOneClusterOnlyAndTheOtherHalfOfASplitGetsANewId()
    {
        var previous = new Dictionary<string, string> { ["a#0"] = "p-1", ["b#0"] = "p-1", ["c#0"] = "p-1" };

        var ids = PersonIds.Assign("y liu", [["c#0"], ["a#0", "b#0"]], previous, NothingTaken);

        Assert.Equal("p-1", ids[1]);
        Assert.NotEqual("p-1", ids[0]);
    }

    [Fact]
    public void ATakenIdIsNeverGivenToANewPerson()
    {
        var first = PersonIds.New("y liu", "a#0", NothingTaken);

        var second = PersonIds.New("y liu", "a#0", id => id == first);

        Assert.NotEqual(first, second);
        Assert.True(PersonIds.LooksLikeId(second));
    }

    [Theory]
    [InlineData("y-liu-3fa9c2d1", true)]
    [InlineData("j-vanderberg-00000000", true)]
    [InlineData("y liu/2401.00001#0", false)]
    [InlineData("Yang Liu", false)]
    [InlineData("y-liu-3FA9C2D1", false)]
    public void IdsHaveARecognisableShape(string text, bool expected) => Assert.Equal(expected, PersonIds.LooksLikeId(text));
}

public sealed class EffectiveCorrectionsTests
{
    private static CorrectionFact Merge(long id, string[] first, string[] second) =>
        new(id, CorrectionKind.Merge, "p-a", "p-b", first, second);

    private static CorrectionFact Split(long id, string[] moved, string[] stayed) =>
        new(id, CorrectionKind.Split, "p-a", "p-new", moved, stayed);

    private static HashSet<string> All(params string[] signatures) => signatures.ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void AMergeChainsItsSignaturesIntoOnePersonWithTheFactAsReason()
    {
        var corrections = EffectiveCorrections.Replay([Merge(1, ["a", "b"], ["c"])]).For(All("a", "b", "c", "d"));

        Assert.Equal(2, corrections.Count);
        Assert.All(corrections, c => Assert.True(c.SamePerson));
        Assert.Equal(["a", "b", "c"], corrections.SelectMany(c => new[] { c.SignatureId, c.OtherSignatureId }).Distinct().Order());
        Assert.All(corrections, c => Assert.Equal("p-b merged into p-a (correction #1)", c.Reason));
    }

    [Fact]
    public void ASplitKeepsTheMovedPapersTogetherAndApartFromTheOthers()
    {
        var corrections = EffectiveCorrections.Replay([Split(1, ["x", "y"], ["a", "b"])]).For(All("a", "b", "x", "y"));

        Assert.Contains(corrections, c => c.SamePerson && c.SignatureId == "x" && c.OtherSignatureId == "y");
        Assert.Equal(4, corrections.Count(c => !c.SamePerson));
        Assert.DoesNotContain(corrections, c => c.SamePerson && (c.SignatureId == "a" || c.OtherSignatureId == "a"));
    }

    [Fact]
    public void OnlyTheSignaturesOfTheBlockAskedForAreCorrected()
    {
        var corrections = EffectiveCorrections.Replay([Merge(1, ["a", "b"], ["c"])]).For(All("a", "c"));

        Assert.Equal([("a", "c")], corrections.Select(c => (c.SignatureId, c.OtherSignatureId)));
    }

    [Fact]
    public void ALaterSplitTakesItsPapersOutOfAnEarlierMerge()
    {
        var effective = EffectiveCorrections.Replay([Merge(1, ["a", "b"], ["c", "d"]), Split(2, ["c"], ["a", "b", "d"])]);
        var corrections = effective.For(All("a", "b", "c", "d"));

        Assert.DoesNotContain(corrections, c => c.SamePerson && (c.SignatureId == "c" || c.OtherSignatureId == "c"));
        Assert.Contains(corrections, c => !c.SamePerson && c.SignatureId == "c" && c.OtherSignatureId == "a");
        Assert.Contains(effective.TogetherGroups(), g => g.Signatures.SequenceEqual(["a", "b", "d"]) && g.PreferredId == "p-a");
    }

    [Fact]
    public void ALaterMergeUndoesAnEarlierSplitBetweenThePeopleItJoins()
    {
        var effective = EffectiveCorrections.Replay([Split(1, ["x"], ["a"]), Merge(2, ["a"], ["x"])]);
        var corrections = effective.For(All("a", "x"));

        Assert.DoesNotContain(corrections, c => !c.SamePerson);
        Assert.Contains(corrections, c => c.SamePerson);
    }
}
