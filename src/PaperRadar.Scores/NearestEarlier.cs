using System.Numerics.Tensors;

namespace PaperRadar.Scores;

/// <summary>
/// For papers in time order, the nearest among those that came before each: the exact top-k by cosine similarity
/// (dot products of unit vectors) within a prefix of the order. The vector index of the search issue answers "nearest
/// overall"; "nearest among the papers before a date" is a different question for every paper, so this scans the
/// prefix exactly — deterministic (ties go to the earlier paper), and parallel over blocks of queries, each block
/// reading every earlier vector once while it sits in cache.
/// </summary>
public static class NearestEarlier
{
    private const int QueriesPerBlock = 16;

    /// <summary>The top-k of one query: indices into the ordered vectors and their similarities, best first.</summary>
    public readonly record struct Neighbours(int[] Indices, float[] Similarities);

    /// <param name="vectors">Unit vectors, row-major, in time order.</param>
    /// <param name="queries">The rows to find neighbours for, ascending.</param>
    /// <param name="earlierEnd">For each query, the end (exclusive) of the prefix counted as earlier.</param>
    /// <param name="maturedEnd">For each query, the end of a second, shorter prefix (papers old enough that their
    /// outcome is known), searched in the same pass.</param>
    public static (Neighbours Earlier, Neighbours Matured)[] Find(
        float[] vectors, int dimensions, IReadOnlyList<int> queries, IReadOnlyList<int> earlierEnd, IReadOnlyList<int> maturedEnd,
        int k, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var results = new (Neighbours, Neighbours)[queries.Count];
        var blocks = (queries.Count + QueriesPerBlock - 1) / QueriesPerBlock;
        var done = 0;
        var reporting = new Lock();
        Parallel.For(0, blocks, new ParallelOptions { CancellationToken = cancellationToken }, block =>
        {
            var first = block * QueriesPerBlock;
            var count = Math.Min(QueriesPerBlock, queries.Count - first);
            var earlier = new TopK[count];
            var matured = new TopK[count];
            var scanEnd = 0;
            for (var q = 0; q < count; q++)
            {
                earlier[q] = new TopK(k);
                matured[q] = new TopK(k);
                scanEnd = Math.Max(scanEnd, earlierEnd[first + q]);
            }
            for (var j = 0; j < scanEnd; j++)
            {
                var candidate = vectors.AsSpan(j * dimensions, dimensions);
                for (var q = 0; q < count; q++)
                {
                    if (j >= earlierEnd[first + q])
                    {
                        continue;
                    }
                    var similarity = TensorPrimitives.Dot(candidate, vectors.AsSpan(queries[first + q] * dimensions, dimensions));
                    earlier[q].Offer(j, similarity);
                    if (j < maturedEnd[first + q])
                    {
                        matured[q].Offer(j, similarity);
                    }
                }
            }
            for (var q = 0; q < count; q++)
            {
                results[first + q] = (earlier[q].ToNeighbours(), matured[q].ToNeighbours());
            }
            if (progress is not null)
            {
                lock (reporting)
                {
                    done += count;
                    progress.Report(done);
                }
            }
        });
        return results;
    }

    /// <summary>The k best candidates seen so far, kept sorted (k is small: insertion beats a heap).</summary>
    private sealed class TopK(int k)
    {
        private readonly int[] _indices = new int[k];
        private readonly float[] _similarities = new float[k];
        private int _count;

        public void Offer(int index, float similarity)
        {
            // Strictly better only: a tie keeps the earlier paper, which was offered first.
            if (_count == k && similarity <= _similarities[k - 1])
            {
                return;
            }
            var at = _count < k ? _count++ : k - 1;
            while (at > 0 && _similarities[at - 1] < similarity)
            {
                _similarities[at] = _similarities[at - 1];
                _indices[at] = _indices[at - 1];
                at--;
            }
            _similarities[at] = similarity;
            _indices[at] = index;
        }

        public Neighbours ToNeighbours() => new(_indices[.._count], _similarities[.._count]);
    }
}
