using System.Numerics.Tensors;

namespace PaperRadar.Search.Vectors;

/// <summary>
/// Exact search: a SIMD dot product with every vector, keeping the best k in a heap. The oracle the approximate
/// index is measured against, and the faster of the two on small corpora.
/// </summary>
public sealed class ExactVectorIndex(VectorSet vectors) : IVectorIndex
{
    public VectorSet Vectors { get; } = vectors;

    public IReadOnlyList<VectorHit> Search(ReadOnlySpan<float> query, int k, Func<long, bool>? accept = null)
    {
        if (query.Length != Vectors.Dimensions)
        {
            throw new ArgumentException($"the query has {query.Length} dimensions, the index {Vectors.Dimensions}", nameof(query));
        }
        if (k <= 0 || Vectors.Count == 0)
        {
            return [];
        }
        var best = new TopK(k);
        for (var i = 0; i < Vectors.Count; i++)
        {
            var similarity = TensorPrimitives.Dot(query, Vectors.VectorAt(i));
            if (best.WouldKeep(similarity) && (accept is null || accept(Vectors.KeyAt(i))))
            {
                best.Add(Vectors.KeyAt(i), similarity);
            }
        }
        return best.Sorted();
    }
}

/// <summary>The k highest-similarity hits seen so far (a min-heap on similarity; ties keep the smaller key).</summary>
internal sealed class TopK(int k)
{
    private readonly PriorityQueue<VectorHit, (float Similarity, long NegativeKey)> _heap = new(k + 1);

    public int Count => _heap.Count;

    public float Worst => _heap.Count == 0 ? float.NegativeInfinity : _heap.Peek().Similarity;

    public bool WouldKeep(float similarity) => _heap.Count < k || similarity >= Worst;

    public void Add(long key, float similarity)
    {
        _heap.Enqueue(new VectorHit(key, similarity), (similarity, -key));
        if (_heap.Count > k)
        {
            _heap.Dequeue();
        }
    }

    public IReadOnlyList<VectorHit> Sorted()
    {
        var hits = new VectorHit[_heap.Count];
        for (var i = hits.Length - 1; i >= 0; i--)
        {
            hits[i] = _heap.Dequeue();
        }
        return hits;
    }
}
