using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using PaperRadar.Core;
using PaperRadar.Search.Embeddings;
using PaperRadar.Search.Vectors;
using PaperRadar.Storage;
using PaperRadar.Storage.Search;

namespace PaperRadar.Search.Indexing;

/// <summary>What <c>paperradar index</c> should do.</summary>
public sealed record IndexOptions
{
    /// <summary>A folder with an ONNX sentence-embedding model; null for the corpus-trained embedder.</summary>
    public string? ModelDirectory { get; init; }

    /// <summary>Retrain the corpus-trained embedder and recompute every vector and index.</summary>
    public bool Rebuild { get; init; }

    public LsaOptions Lsa { get; init; } = new();

    /// <summary>
    /// Retrain the corpus-trained embedder once the store holds this many times the papers it learnt from: new
    /// papers bring words its vocabulary lacks.
    /// </summary>
    public double RetrainGrowth { get; init; } = 1.25;

    /// <summary>From this many vectors on, an HNSW graph is built and searches use it (docs/performance.md: where it wins).</summary>
    public int ApproximateIndexThreshold { get; init; } = SearchEngine.DefaultApproximateIndexThreshold;
}

/// <summary>Where an index run is: a step's name and, for long steps, how far it got.</summary>
public sealed record IndexProgress(string Step, long Done, long Total);

/// <summary>What an index run did.</summary>
public sealed record IndexReport(
    KeywordRefresh Keyword, string Embedder, bool Trained, long Embedded, long UnchangedVectors, long RemovedVectors,
    string? VectorIndex, TimeSpan Elapsed);

/// <summary>
/// Brings the derived search indices up to date with the papers: the keyword index, the embedder (trained on the
/// corpus, or a model the user points at), the vectors of new and changed papers, and the approximate vector index.
/// </summary>
public static class SearchIndexer
{
    private const int Batch = 2_000;

    public static IndexReport Run(PaperStore store, IndexOptions options, IProgress<IndexProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        if (store.DerivedPapersAreStale)
        {
            progress?.Report(new IndexProgress("re-deriving papers", 0, 0));
            store.RederiveAllPapers();
        }

        var keyword = new KeywordIndex(store).Refresh(
            progress is null ? null : new SynchronousProgress<(long Done, long Total)>(p => progress.Report(new IndexProgress("keyword index", p.Done, p.Total))),
            cancellationToken);

        var vectors = new VectorStore(store);
        var papers = vectors.PaperTexts().ToList();
        var (embedder, trained) = options.ModelDirectory is { } directory
            ? (OnnxEmbedder.Load(directory), false)
            : CorpusEmbedder(vectors, papers, options, progress);
        try
        {
            if (!trained && vectors.Embedders().All(e => e.Name != embedder.Name))
            {
                vectors.SaveEmbedder(embedder.Name, embedder.Dimensions, papers.Count, model: null);
            }

            var stored = vectors.VectorHashes(embedder.Name);
            var stale = new List<(PaperText Paper, byte[] Hash)>();
            foreach (var paper in papers)
            {
                var hash = TextHash(paper);
                if (options.Rebuild || !stored.TryGetValue(paper.Key, out var known) || !known.AsSpan().SequenceEqual(hash))
                {
                    stale.Add((paper, hash));
                }
            }
            long embedded = 0;
            foreach (var chunk in stale.Chunk(Batch))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var texts = chunk.Select(p => LsaEmbedder.PaperText(p.Paper.Title, p.Paper.Abstract)).ToList();
                var values = EmbedAll(embedder, texts);
                vectors.WriteVectors(embedder.Name, chunk.Select(p => (p.Paper.Key, p.Hash)).ToList(), values, embedder.Dimensions);
                embedded += chunk.Length;
                progress?.Report(new IndexProgress($"vectors ({embedder.Name})", embedded, stale.Count));
            }
            var removed = vectors.DeleteVectorsOfRemovedPapers(embedder.Name);
            if (trained)
            {
                foreach (var old in vectors.Embedders().Where(e => e.Name != embedder.Name && e.Name.StartsWith("lsa-", StringComparison.Ordinal)))
                {
                    vectors.DeleteEmbedder(old.Name);
                }
            }
            vectors.CurrentEmbedder = embedder.Name;

            var vectorIndex = RefreshApproximateIndex(vectors, embedder, options, progress, cancellationToken);
            return new IndexReport(keyword, embedder.Name, trained, embedded, papers.Count - stale.Count, removed, vectorIndex, clock.Elapsed);
        }
        finally
        {
            (embedder as IDisposable)?.Dispose();
        }
    }

    /// <summary>The hash of what an embedder reads of a paper: a changed title or abstract makes its vector stale.</summary>
    public static byte[] TextHash(PaperText paper) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(LsaEmbedder.PaperText(paper.Title, paper.Abstract)))[..16];

    private static (ITextEmbedder Embedder, bool Trained) CorpusEmbedder(
        VectorStore vectors, List<PaperText> papers, IndexOptions options, IProgress<IndexProgress>? progress)
    {
        if (!options.Rebuild && vectors.LatestModel("lsa-") is { } stored)
        {
            var model = LsaEmbedder.Deserialize(stored.Model);
            if (model.Options with { Dimensions = options.Lsa.Dimensions } == options.Lsa &&
                papers.Count <= model.TrainedOn * options.RetrainGrowth)
            {
                return (model, false);
            }
        }
        if (papers.Count == 0)
        {
            throw new InvalidOperationException("the store has no papers to learn from; import papers first");
        }
        var texts = papers.Select(p => LsaEmbedder.PaperText(p.Title, p.Abstract)).ToList();
        var embedder = LsaEmbedder.Train(texts, options.Lsa,
            progress is null ? null : new SynchronousProgress<string>(step => progress.Report(new IndexProgress($"training the embedder: {step}", 0, 0))));
        vectors.SaveEmbedder(embedder.Name, embedder.Dimensions, embedder.TrainedOn, embedder.Serialize());
        return (embedder, true);
    }

    private static float[] EmbedAll(ITextEmbedder embedder, IReadOnlyList<string> texts)
    {
        switch (embedder)
        {
            case LsaEmbedder lsa:
                return lsa.EmbedAll(texts);
            case OnnxEmbedder onnx:
                var batch = new float[texts.Count * onnx.Dimensions];
                onnx.EmbedBatch(texts, batch);
                return batch;
            default:
                var values = new float[texts.Count * embedder.Dimensions];
                for (var i = 0; i < texts.Count; i++)
                {
                    embedder.Embed(texts[i], values.AsSpan(i * embedder.Dimensions, embedder.Dimensions));
                }
                return values;
        }
    }

    private static string? RefreshApproximateIndex(VectorStore vectors, ITextEmbedder embedder, IndexOptions options,
        IProgress<IndexProgress>? progress, CancellationToken cancellationToken)
    {
        var count = vectors.CountVectors(embedder.Name);
        if (count < options.ApproximateIndexThreshold)
        {
            vectors.DeleteIndex(embedder.Name);
            return null;
        }
        var (keys, values) = vectors.LoadVectors(embedder.Name, embedder.Dimensions);
        var hash = VectorsHash(keys, values);
        if (!options.Rebuild && vectors.LoadIndex(embedder.Name) is { } existing && existing.VectorsHash.AsSpan().SequenceEqual(hash))
        {
            return $"hnsw over {keys.Length:N0} vectors (unchanged)";
        }
        progress?.Report(new IndexProgress("approximate vector index (HNSW)", 0, keys.Length));
        var index = HnswIndex.Build(new VectorSet(embedder.Dimensions, keys, values), cancellationToken: cancellationToken);
        using var graph = new MemoryStream();
        index.Save(graph);
        vectors.SaveIndex(embedder.Name, "hnsw", keys.Length, hash, graph.ToArray());
        progress?.Report(new IndexProgress("approximate vector index (HNSW)", keys.Length, keys.Length));
        return $"hnsw over {keys.Length:N0} vectors (built)";
    }

    /// <summary>Identifies a set of vectors: a stored graph is only used over exactly the vectors it was built on.</summary>
    public static byte[] VectorsHash(long[] keys, float[] values)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(MemoryMarshal.AsBytes(keys.AsSpan()));
        hash.AppendData(MemoryMarshal.AsBytes(values.AsSpan()));
        return hash.GetHashAndReset();
    }
}
