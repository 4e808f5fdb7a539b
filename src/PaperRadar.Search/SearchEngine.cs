using PaperRadar.Core.Model;
using PaperRadar.Core.Search;
using PaperRadar.Search.Embeddings;
using PaperRadar.Search.Vectors;
using PaperRadar.Storage;
using PaperRadar.Storage.Search;

namespace PaperRadar.Search;

/// <summary>How a free-text query is matched.</summary>
public enum SearchMode
{
    /// <summary>BM25 over the words (<see cref="KeywordIndex"/>).</summary>
    Keyword,

    /// <summary>Nearest papers by meaning (the query embedded like the papers).</summary>
    Semantic,

    /// <summary>Both, fused by reciprocal rank (the default).</summary>
    Hybrid,
}

/// <summary>One result. <see cref="FoundBy"/>: which of keyword and semantic search found it.</summary>
public sealed record SearchResult(
    int Rank, long Key, string Id, string Title, double Score, string? TitleHighlighted, string? Snippet,
    IReadOnlyList<SearchMode> FoundBy, bool MatchedAllWords);

/// <summary>The results of a query, the mode that produced them, and anything the user should know (a fallback, a filter read as words).</summary>
public sealed record SearchResponse(SearchQuery Query, SearchMode Mode, IReadOnlyList<SearchResult> Results, IReadOnlyList<string> Notes);

/// <summary>A related paper: its similarity by meaning, what it shares with the seed, and the score they give together.</summary>
public sealed record RelatedPaper(
    int Rank, long Key, string Id, string Title, double Score, double Similarity, bool SharesAuthor, bool SamePrimaryCategory,
    int CoCitations = 0);

/// <summary>
/// Keyword, semantic and hybrid search and related papers over one store: the queries the CLI, the web pages and the
/// digests share. Loads the vectors once (lazily) and keeps them; create one per process (or per refresh).
/// Without vectors (the <c>index</c> verb not run, or an ONNX model the process was not given), semantic and hybrid
/// searches fall back to keyword search and say so in <see cref="SearchResponse.Notes"/>.
/// </summary>
public sealed class SearchEngine
{
    /// <summary>
    /// From this many vectors on, the HNSW graph answers instead of exact search (docs/performance.md: exact search
    /// stays under a few milliseconds below it, and the graph costs a build).
    /// </summary>
    public const int DefaultApproximateIndexThreshold = 50_000;

    /// <summary>Reciprocal rank fusion's constant (Cormack, Clarke and Büttcher 2009).</summary>
    public const int FusionK = 60;

    /// <summary>How much sharing an author, and sharing the primary category, add to a related paper's similarity.</summary>
    public const double SharedAuthorBoost = 0.05;

    public const double SamePrimaryCategoryBoost = 0.02;

    /// <summary>
    /// What being cited together with the seed adds, per doubling of the papers citing both: 0.05 for one, 0.10 for
    /// three, 0.15 for seven, capped at <see cref="CoCitationBoostCap"/>. Citations are a reader's judgement that two
    /// papers belong together, so a co-cited paper may outrank a closer one by text alone (docs/relevance.md).
    /// </summary>
    public const double CoCitationBoost = 0.05;

    public const double CoCitationBoostCap = 0.2;

    /// <summary>How many co-cited papers are considered next to the nearest by meaning.</summary>
    private const int CoCitedCandidates = 50;

    private readonly PaperStore _store;

    private readonly KeywordIndex _keyword;
    private readonly VectorStore _vectors;
    private readonly ITextEmbedder? _queryEmbedder;
    private readonly Lazy<SemanticState> _semantic;
    private readonly int _approximateIndexThreshold;

    /// <param name="queryEmbedder">The ONNX embedder when the store's vectors came from one (the corpus-trained one is loaded from the store).</param>
    /// <param name="approximateIndexThreshold">Use the stored HNSW graph from this many vectors on (exact search below).</param>
    public SearchEngine(PaperStore store, ITextEmbedder? queryEmbedder = null, int approximateIndexThreshold = DefaultApproximateIndexThreshold)
    {
        _approximateIndexThreshold = approximateIndexThreshold;
        _store = store;
        _keyword = new KeywordIndex(store);
        _vectors = new VectorStore(store);
        _queryEmbedder = queryEmbedder;
        _semantic = new Lazy<SemanticState>(LoadSemantic);
    }

    /// <summary>
    /// An engine over another connection to the same store that shares <paramref name="sharing"/>'s vectors, embedder
    /// and vector index (loaded once, read concurrently): for a host serving several requests at a time, one engine per
    /// connection. Load the vectors of <paramref name="sharing"/> first (<see cref="SemanticUnavailable"/>), since they
    /// are read through its connection.
    /// </summary>
    public SearchEngine(PaperStore store, SearchEngine sharing)
    {
        _approximateIndexThreshold = sharing._approximateIndexThreshold;
        _store = store;
        _keyword = new KeywordIndex(store);
        _vectors = new VectorStore(store);
        _queryEmbedder = sharing._queryEmbedder;
        _semantic = sharing._semantic;
    }

    /// <summary>Why semantic search is unavailable, or null when it is available.</summary>
    public string? SemanticUnavailable => _semantic.Value.Unavailable;

    public ITextEmbedder? Embedder => _semantic.Value.Embedder;

    public IVectorIndex? VectorIndex => _semantic.Value.Index;

    public KeywordIndex Keyword => _keyword;

    public SearchResponse Search(string text, SearchMode mode = SearchMode.Hybrid, int limit = 10, int offset = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var query = SearchQuery.Parse(text);
        var notes = new List<string>(query.Warnings);
        if (mode != SearchMode.Keyword && !query.HasWords)
        {
            mode = SearchMode.Keyword; // filters alone: nothing to embed
        }
        if (mode != SearchMode.Keyword && SemanticUnavailable is { } reason)
        {
            notes.Add($"{reason}; showing keyword results");
            mode = SearchMode.Keyword;
        }
        if (mode == SearchMode.Hybrid && query.RequestedSort == SearchSort.Date)
        {
            notes.Add("sort:date orders keyword matches; semantic matches have no date order");
            mode = SearchMode.Keyword;
        }
        var results = mode switch
        {
            SearchMode.Keyword => _keyword.Search(query, limit, offset)
                .Select((h, i) => Result(offset + i + 1, h, h.Score, [SearchMode.Keyword])).ToList(),
            SearchMode.Semantic => Semantic(query, limit, offset),
            _ => Hybrid(query, limit, offset),
        };
        return new SearchResponse(query, mode, results, notes);
    }

    private List<SearchResult> Semantic(SearchQuery query, int limit, int offset)
    {
        var hits = Nearest(query, offset + limit).Skip(offset).ToList();
        var described = _keyword.Describe(query, hits.Select(h => h.Key).ToList()).ToDictionary(h => h.Key);
        return hits.Where(h => described.ContainsKey(h.Key))
            .Select((h, i) => Result(offset + i + 1, described[h.Key], h.Similarity, [SearchMode.Semantic]))
            .ToList();
    }

    private List<SearchResult> Hybrid(SearchQuery query, int limit, int offset)
    {
        var depth = Math.Max(100, offset + limit);
        var keyword = _keyword.Search(query, depth, withSnippets: false);
        var semantic = Nearest(query, depth);
        var fused = new Dictionary<long, (double Score, List<SearchMode> FoundBy)>();
        void Fuse(IEnumerable<long> ranked, SearchMode by)
        {
            var rank = 0;
            foreach (var key in ranked)
            {
                rank++;
                var entry = fused.TryGetValue(key, out var known) ? known : (0.0, new List<SearchMode>());
                fused[key] = (entry.Item1 + 1.0 / (FusionK + rank), [.. entry.Item2, by]);
            }
        }
        Fuse(keyword.Select(h => h.Key), SearchMode.Keyword);
        Fuse(semantic.Select(h => h.Key), SearchMode.Semantic);
        var page = fused.OrderByDescending(f => f.Value.Score).ThenBy(f => f.Key).Skip(offset).Take(limit).ToList();
        var allWords = keyword.Where(h => h.MatchedAllWords).Select(h => h.Key).ToHashSet();
        var described = _keyword.Describe(query, page.Select(p => p.Key).ToList()).ToDictionary(h => h.Key);
        return page.Where(p => described.ContainsKey(p.Key))
            .Select((p, i) => Result(offset + i + 1, described[p.Key] with { MatchedAllWords = allWords.Contains(p.Key) },
                p.Value.Score, p.Value.FoundBy))
            .ToList();
    }

    /// <summary>The papers nearest the query's words by meaning that pass its filters.</summary>
    private IReadOnlyList<VectorHit> Nearest(SearchQuery query, int count)
    {
        var state = _semantic.Value;
        var embedder = state.Embedder!;
        var vector = new float[embedder.Dimensions];
        embedder.Embed(query.FreeText, vector);
        var accepted = _keyword.AcceptingAll(query);
        return state.Index!.Search(vector, count, accepted is null ? null : accepted.Contains);
    }

    /// <summary>
    /// Papers related to <paramref name="id"/>: its nearest neighbours by meaning and, where the store has citations,
    /// the papers cited together with it, ranked by similarity with small boosts for a shared author, a shared primary
    /// category and co-citation (<paramref name="boost"/>: false for meaning alone).
    /// </summary>
    public IReadOnlyList<RelatedPaper> Related(PaperId id, int limit = 10, bool boost = true)
    {
        if (SemanticUnavailable is { } reason)
        {
            throw new InvalidOperationException($"related papers need vectors: {reason}");
        }
        var key = _vectors.KeyOf(id.Value) ?? throw new KeyNotFoundException($"no paper {id} in the store");
        var state = _semantic.Value;
        var seed = state.VectorOf(key) ?? throw new InvalidOperationException(
            $"paper {id} has no vector yet; run paperradar index");
        var candidates = state.Index!.Search(seed, Math.Max(limit, 10) * 5 + 1, k => k != key).ToList();
        var coCited = new Dictionary<long, int>();
        if (boost)
        {
            foreach (var (_, coCitedKey, shared) in _store.CoCited(id, CoCitedCandidates))
            {
                if (coCitedKey != key && state.VectorOf(coCitedKey) is { } vector)
                {
                    coCited[coCitedKey] = shared;
                    if (candidates.All(c => c.Key != coCitedKey))
                    {
                        candidates.Add(new VectorHit(coCitedKey, System.Numerics.Tensors.TensorPrimitives.Dot(seed, vector)));
                    }
                }
            }
        }
        var facts = _vectors.Facts([key, .. candidates.Select(c => c.Key)]);
        var seedFacts = facts[key];
        return candidates
            .Where(c => facts.ContainsKey(c.Key))
            .Select(c =>
            {
                var paper = facts[c.Key];
                var sharesAuthor = paper.Authors.Overlaps(seedFacts.Authors);
                var samePrimary = paper.PrimaryCategory is not null && paper.PrimaryCategory == seedFacts.PrimaryCategory;
                var shared = coCited.GetValueOrDefault(c.Key);
                var score = c.Similarity + (boost
                    ? (sharesAuthor ? SharedAuthorBoost : 0) + (samePrimary ? SamePrimaryCategoryBoost : 0)
                      + Math.Min(CoCitationBoostCap, CoCitationBoost * Math.Log2(1 + shared))
                    : 0);
                return (c, paper, sharesAuthor, samePrimary, shared, score);
            })
            .OrderByDescending(r => r.score).ThenBy(r => r.c.Key)
            .Take(limit)
            .Select((r, i) => new RelatedPaper(i + 1, r.c.Key, r.paper.Id, r.paper.Title, r.score, r.c.Similarity, r.sharesAuthor, r.samePrimary, r.shared))
            .ToList();
    }

    private static SearchResult Result(int rank, KeywordHit hit, double score, IReadOnlyList<SearchMode> foundBy) =>
        new(rank, hit.Key, hit.Id, hit.Title, score, hit.TitleHighlighted, hit.Snippet, foundBy, hit.MatchedAllWords);

    private SemanticState LoadSemantic()
    {
        var name = _vectors.CurrentEmbedder;
        if (name is null)
        {
            return SemanticState.Missing("no vectors yet (run paperradar index)");
        }
        var stored = _vectors.Embedders().FirstOrDefault(e => e.Name == name);
        if (stored is null)
        {
            return SemanticState.Missing($"the embedder {name} is not in the store (run paperradar index)");
        }
        ITextEmbedder embedder;
        if (name.StartsWith("lsa-", StringComparison.Ordinal))
        {
            embedder = LsaEmbedder.Deserialize(_vectors.LatestModel(name)!.Value.Model);
        }
        else if (_queryEmbedder?.Name == name)
        {
            embedder = _queryEmbedder;
        }
        else
        {
            return SemanticState.Missing(
                $"the vectors were made by {name}; give the same model with --model or PAPERRADAR_MODEL to search them" +
                (_queryEmbedder is null ? "" : $" (the model given is {_queryEmbedder.Name})"));
        }
        var (keys, values) = _vectors.LoadVectors(name, embedder.Dimensions);
        if (keys.Length == 0)
        {
            return SemanticState.Missing("no vectors yet (run paperradar index)");
        }
        var set = new VectorSet(embedder.Dimensions, keys, values);
        IVectorIndex index = new ExactVectorIndex(set);
        if (keys.Length >= _approximateIndexThreshold && _vectors.LoadIndex(name) is { Kind: "hnsw" } graph && graph.VectorCount == keys.Length)
        {
            try
            {
                using var stream = new MemoryStream(graph.Graph);
                index = HnswIndex.Load(stream, set); // checks the graph was built over exactly these vectors
            }
            catch (InvalidDataException)
            {
                // Vectors changed since the graph was built (index interrupted): exact search is right, only slower.
            }
        }
        return new SemanticState(embedder, index, null);
    }

    private sealed class SemanticState(ITextEmbedder? embedder, IVectorIndex? index, string? unavailable)
    {
        private Dictionary<long, int>? _positions;

        public ITextEmbedder? Embedder => embedder;

        public IVectorIndex? Index => index;

        public string? Unavailable => unavailable;

        public static SemanticState Missing(string reason) => new(null, null, reason);

        public float[]? VectorOf(long key)
        {
            var set = index!.Vectors;
            // Built once; a race builds it twice, harmlessly (the web app shares one engine across requests).
            var positions = _positions ??= Enumerable.Range(0, set.Count).ToDictionary(set.KeyAt);
            return positions.TryGetValue(key, out var position) ? set.VectorAt(position).ToArray() : null;
        }
    }
}
