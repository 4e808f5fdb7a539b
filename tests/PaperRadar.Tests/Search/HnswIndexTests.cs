using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PaperRadar.Search.Vectors;

namespace PaperRadar.Tests.Search;

/// <summary>
/// The HNSW index against the exact index on generated data: this is a scale and algorithm test (thousands of
/// clustered vectors with a known exact answer), and the corpus has no stored embeddings to use instead.
/// </summary>
public sealed class HnswIndexTests
{
    private const int K = 10;

    /// <summary>5,000 clustered vectors of 64 dimensions, their index (built once) and 200 queries from the same clusters.</summary>
    private static readonly Lazy<(VectorSet Vectors, HnswIndex Index, float[][] Queries)> Clustered = new(() =>
    {
        var generator = new GeneratedVectors(dimensions: 64, clusters: 25, seed: 1);
        var vectors = generator.Set(5_000, i => 1_000_000 + (7L * i));
        var queries = Enumerable.Range(0, 200).Select(_ => generator.Next()).ToArray();
        return (vectors, HnswIndex.Build(vectors), queries);
    });

    [Fact]
    public void RecallAtTenAgainstTheExactIndexIsAtLeast95Percent()
    {
        var (vectors, index, queries) = Clustered.Value;

        var recall = Recall(index, new ExactVectorIndex(vectors), queries, accept: null);

        Assert.True(recall >= 0.95, $"recall@10 {recall:F3}");
    }

    [Fact]
    public void ResultsAreMostSimilarFirstWithDistinctKeys()
    {
        var (_, index, queries) = Clustered.Value;

        foreach (var query in queries)
        {
            var hits = index.Search(query, K);
            Assert.Equal(K, hits.Count);
            Assert.Equal(K, hits.Select(h => h.Key).Distinct().Count());
            Assert.True(hits.Zip(hits.Skip(1)).All(pair => pair.First.Similarity >= pair.Second.Similarity));
        }
    }

    [Fact]
    public void TheFilterNeverReturnsRejectedKeysAndStillReturnsK()
    {
        var (vectors, index, queries) = Clustered.Value;
        static bool Accept(long key) => key % 5 == 0;   // every fifth vector

        foreach (var query in queries)
        {
            var hits = index.Search(query, K, Accept);
            Assert.Equal(K, hits.Count);
            Assert.All(hits, hit => Assert.True(Accept(hit.Key)));
        }
        var recall = Recall(index, new ExactVectorIndex(vectors), queries, Accept);
        Assert.True(recall >= 0.95, $"filtered recall@10 {recall:F3}");
    }

    /// <summary>Filters accepting 3 and 12 of the 5,000 vectors are too selective for the graph: the exact scan answers.</summary>
    [Fact]
    public void AVerySelectiveFilterStillFindsEveryAcceptedKey()
    {
        var (vectors, index, queries) = Clustered.Value;
        var exact = new ExactVectorIndex(vectors);
        var few = new HashSet<long> { vectors.KeyAt(3), vectors.KeyAt(1_234), vectors.KeyAt(4_999) };
        var dozen = Enumerable.Range(0, 12).Select(i => vectors.KeyAt(i * 401)).ToHashSet();

        foreach (var query in queries.Take(20))
        {
            Assert.Equal(exact.Search(query, K, few.Contains), index.Search(query, K, few.Contains));
            Assert.Equal(exact.Search(query, K, dozen.Contains), index.Search(query, K, dozen.Contains));
            Assert.Empty(index.Search(query, K, _ => false));
        }
    }

    [Fact]
    public void KLargerThanEfSearchStillReturnsKHits()
    {
        var (_, index, queries) = Clustered.Value;

        var hits = index.Search(queries[0], k: 100, ef: 1);

        Assert.Equal(100, hits.Count);
        Assert.Equal(100, hits.Select(h => h.Key).Distinct().Count());
    }

    [Fact]
    public void AHigherEfSearchDoesNotLowerRecall()
    {
        var (vectors, index, queries) = Clustered.Value;
        var exact = new ExactVectorIndex(vectors);
        var truth = queries.Select(q => exact.Search(q, K).Select(h => h.Key).ToHashSet()).ToArray();

        double RecallAt(int ef) => queries.Select((q, i) => index.Search(q, K, ef).Count(h => truth[i].Contains(h.Key))).Sum() / (double)(K * queries.Length);

        Assert.True(RecallAt(200) >= RecallAt(10));
        Assert.True(RecallAt(400) >= 0.99, $"recall@10 with ef 400: {RecallAt(400):F3}");
    }

    [Fact]
    public void TheGraphKeepsItsInvariants()
    {
        var (vectors, index, _) = Clustered.Value;
        var m = index.Options.M;
        var nodesOnLayer = Enumerable.Range(0, index.MaxLevel + 1)
            .Select(level => Enumerable.Range(0, vectors.Count).Count(node => index.LevelOf(node) >= level)).ToArray();

        Assert.Equal(index.MaxLevel, index.LevelOf(index.EntryPoint));
        for (var node = 0; node < vectors.Count; node++)
        {
            Assert.InRange(index.LevelOf(node), 0, index.MaxLevel);
            for (var level = 0; level <= index.LevelOf(node); level++)
            {
                var neighbours = index.NeighboursOf(node, level).ToArray();
                // Every node has a link on each of its layers, unless it is alone on that layer.
                Assert.InRange(neighbours.Length, nodesOnLayer[level] > 1 ? 1 : 0, level == 0 ? 2 * m : m);
                Assert.Equal(neighbours.Length, neighbours.Distinct().Count());
                Assert.All(neighbours, n => Assert.True(n != node && n >= 0 && n < vectors.Count && index.LevelOf(n) >= level));
            }
        }
    }

    [Fact]
    public void TheSameVectorsAndSeedGiveTheSameGraphOnAnyNumberOfThreads()
    {
        var vectors = new GeneratedVectors(dimensions: 16, clusters: 8, seed: 3).Set(3_000);

        var sequential = Saved(HnswIndex.Build(vectors, new HnswOptions { MaxDegreeOfParallelism = 1 }));
        var parallel = Saved(HnswIndex.Build(vectors, new HnswOptions { MaxDegreeOfParallelism = 4 }));
        var otherSeed = Saved(HnswIndex.Build(vectors, new HnswOptions { Seed = 43 }));

        Assert.Equal(sequential, parallel);
        Assert.NotEqual(sequential, otherSeed);
    }

    [Fact]
    public void SaveAndLoadGiveTheSameResults()
    {
        var (vectors, index, queries) = Clustered.Value;
        var saved = Saved(index);

        var loaded = HnswIndex.Load(new MemoryStream(saved), vectors);

        Assert.Equal(index.Options with { MaxDegreeOfParallelism = -1 }, loaded.Options);
        Assert.Equal(saved, Saved(loaded));
        foreach (var query in queries)
        {
            Assert.Equal(index.Search(query, K), loaded.Search(query, K));
            Assert.Equal(index.Search(query, K, key => key % 3 == 0), loaded.Search(query, K, key => key % 3 == 0));
        }
    }

    [Fact]
    public void LoadReadsAGraphFromTheMiddleOfAStream()
    {
        var vectors = GeneratedVectors.Uniform(50, 8, seed: 5);
        var index = HnswIndex.Build(vectors);
        using var stream = new MemoryStream();
        stream.Write("header"u8);
        index.Save(stream);
        stream.Write("trailer"u8);

        stream.Position = "header"u8.Length;
        var loaded = HnswIndex.Load(stream, vectors);

        Assert.Equal(Saved(index), Saved(loaded));
        Assert.Equal("trailer"u8.Length, stream.Length - stream.Position);
    }

    [Fact]
    public void LoadingSomethingElseFailsWithAClearMessage()
    {
        var vectors = GeneratedVectors.Uniform(200, 8, seed: 5);
        var saved = Saved(HnswIndex.Build(vectors));

        Assert.Contains("not an HNSW graph", LoadError(new byte[100], vectors));
        Assert.Contains("not an HNSW graph", LoadError("{\"json\": true, \"padding\": \"....\"}"u8.ToArray(), vectors));
        Assert.Contains("ends early", LoadError([], vectors));
        Assert.Contains("ends early", LoadError(saved[..40], vectors));
        Assert.Contains("ends early", LoadError(saved[..^1], vectors));

        var damaged = (byte[])saved.Clone();
        damaged[saved.Length / 2] ^= 0x10;
        Assert.Contains("damaged", LoadError(damaged, vectors));

        var fewer = GeneratedVectors.Uniform(199, 8, seed: 5);
        Assert.Contains("is for 200 vectors of 8 dimensions; the vector set has 199 of 8", LoadError(saved, fewer));
        var others = GeneratedVectors.Uniform(200, 8, seed: 6);
        Assert.Contains("built over other vectors", LoadError(saved, others));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TinySetsAreSearchedExactly(int count)
    {
        var vectors = GeneratedVectors.Uniform(count, 4, seed: count);
        var index = HnswIndex.Build(vectors);
        var exact = new ExactVectorIndex(vectors);
        float[] query = [0.5f, 0.5f, 0.5f, 0.5f];

        var loaded = HnswIndex.Load(new MemoryStream(Saved(index)), vectors);

        Assert.Equal(count == 0, index.MaxLevel == -1);
        foreach (var k in new[] { 1, 2, 5 })
        {
            Assert.Equal(exact.Search(query, k), index.Search(query, k));
            Assert.Equal(exact.Search(query, k), loaded.Search(query, k));
        }
        Assert.Empty(index.Search(query, 0));
        Assert.Equal(exact.Search(query, 5, key => key > 0), index.Search(query, 5, key => key > 0));
    }

    [Fact]
    public void WrongQueriesAndOptionsAreRejected()
    {
        var vectors = GeneratedVectors.Uniform(10, 4, seed: 1);
        var index = HnswIndex.Build(vectors);

        var error = Assert.Throws<ArgumentException>(() => index.Search(new float[3], K));
        Assert.Contains("the query has 3 dimensions, the index 4", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Search(new float[4], K, ef: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.EfSearch = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => HnswIndex.Build(vectors, new HnswOptions { M = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => HnswIndex.Build(vectors, new HnswOptions { EfConstruction = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => HnswIndex.Build(vectors, new HnswOptions { MaxDegreeOfParallelism = 0 }));
    }

    [Fact]
    public void ACancelledBuildStops()
    {
        var vectors = GeneratedVectors.Uniform(2_000, 8, seed: 1);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => HnswIndex.Build(vectors, cancellationToken: cancellation.Token));
    }

    /// <summary>
    /// Up to 33 vectors, layer 0 never has to drop a link (M0 = 32), so the graph is connected and a search whose ef
    /// covers the whole set compares every vector: it must give exactly the exact index's answer, ties included.
    /// </summary>
    [Property(MaxTest = 200)]
    public Property SmallSetsWithEfCoveringThemAreSearchedExactly() => Prop.ForAll(SmallCases().ToArbitrary(), c =>
    {
        var vectors = GeneratedVectors.Uniform(c.Count, c.Dimensions, c.Seed);
        var index = HnswIndex.Build(vectors, new HnswOptions { Seed = c.Seed });
        var query = GeneratedVectors.Uniform(1, c.Dimensions, c.Seed + 1).VectorAt(0).ToArray();

        return index.Search(query, c.K, ef: c.Count + 1).SequenceEqual(new ExactVectorIndex(vectors).Search(query, c.K));
    });

    /// <summary>Whatever the filter, hits are accepted, distinct, most similar first, and as many as k allows.</summary>
    [Property(MaxTest = 100)]
    public Property FilteredResultsAreAcceptedSortedAndComplete() => Prop.ForAll(FilterCases().ToArbitrary(), c =>
    {
        var vectors = GeneratedVectors.Uniform(c.Count, 6, c.Seed);
        var index = HnswIndex.Build(vectors, new HnswOptions { M = 4, EfConstruction = 20, EfSearch = 4 });
        var query = GeneratedVectors.Uniform(1, 6, c.Seed + 1).VectorAt(0).ToArray();
        bool Accept(long key) => Math.Abs(key) % c.Modulus == 0;
        var accepted = Enumerable.Range(0, c.Count).Count(i => Accept(vectors.KeyAt(i)));

        var hits = index.Search(query, c.K, Accept);

        return hits.Count == Math.Min(c.K, accepted)
            && hits.All(h => Accept(h.Key))
            && hits.Select(h => h.Key).Distinct().Count() == hits.Count
            && hits.Zip(hits.Skip(1)).All(pair => pair.First.Similarity >= pair.Second.Similarity);
    });

    private static Gen<(int Seed, int Count, int Dimensions, int K)> SmallCases() =>
        from seed in Gen.Choose(0, 1_000_000)
        from count in Gen.Choose(0, 33)
        from dimensions in Gen.Choose(1, 8)
        from k in Gen.Choose(1, 40)
        select (seed, count, dimensions, k);

    private static Gen<(int Seed, int Count, int Modulus, int K)> FilterCases() =>
        from seed in Gen.Choose(0, 1_000_000)
        from count in Gen.Choose(0, 400)
        from modulus in Gen.Choose(1, 200)
        from k in Gen.Choose(1, 30)
        select (seed, count, modulus, k);

    private static double Recall(HnswIndex index, ExactVectorIndex exact, float[][] queries, Func<long, bool>? accept)
    {
        var found = 0;
        var wanted = 0;
        foreach (var query in queries)
        {
            var truth = exact.Search(query, K, accept).Select(h => h.Key).ToHashSet();
            found += index.Search(query, K, accept).Count(h => truth.Contains(h.Key));
            wanted += truth.Count;
        }
        return found / (double)wanted;
    }

    private static byte[] Saved(HnswIndex index)
    {
        using var stream = new MemoryStream();
        index.Save(stream);
        return stream.ToArray();
    }

    private static string LoadError(byte[] stream, VectorSet vectors) =>
        Assert.Throws<InvalidDataException>(() => HnswIndex.Load(new MemoryStream(stream), vectors)).Message;
}
