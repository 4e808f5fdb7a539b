using PaperRadar.Search.Vectors;

namespace PaperRadar.Tests.Search;

public sealed class ExactVectorIndexTests
{
    // Three unit vectors in the plane: along x, along y, and between them (closer to y).
    private static readonly VectorSet Plane = new(2, [10, 20, 30], [1, 0, 0, 1, 0.6f, 0.8f]);

    [Fact]
    public void HitsAreMostSimilarFirst()
    {
        var hits = new ExactVectorIndex(Plane).Search([0, 1], 3);

        Assert.Equal([20L, 30L, 10L], hits.Select(h => h.Key));
        Assert.Equal([1f, 0.8f, 0f], hits.Select(h => h.Similarity));
    }

    [Fact]
    public void KLargerThanTheSetReturnsEveryVector()
    {
        var hits = new ExactVectorIndex(Plane).Search([1, 0], 10);

        Assert.Equal([10L, 30L, 20L], hits.Select(h => h.Key));
    }

    [Fact]
    public void EqualSimilaritiesKeepTheSmallerKey()
    {
        var twins = new VectorSet(2, [5, 3, 9, 1], [0, 1, 0, 1, 0, 1, 1, 0]);

        var hits = new ExactVectorIndex(twins).Search([0, 1], 2);

        Assert.Equal([3L, 5L], hits.Select(h => h.Key));
    }

    [Fact]
    public void TheFilterDropsKeysBeforeCounting()
    {
        var hits = new ExactVectorIndex(Plane).Search([0, 1], 2, key => key != 20);

        Assert.Equal([30L, 10L], hits.Select(h => h.Key));
    }

    [Fact]
    public void AQueryOfAnotherDimensionIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new ExactVectorIndex(Plane).Search([1, 0, 0], 1));

        Assert.Contains("the query has 3 dimensions, the index 2", error.Message);
    }

    [Fact]
    public void NoHitsForKZeroOrAnEmptySet()
    {
        Assert.Empty(new ExactVectorIndex(Plane).Search([1, 0], 0));
        Assert.Empty(new ExactVectorIndex(new VectorSet(2, [], [])).Search([1, 0], 5));
    }
}
