namespace PaperRadar.Core.Authors;

/// <summary>
/// A unit-length TF-IDF vector over interned terms, sorted by term. Hand-written because MathNet's sparse vectors
/// need one fixed dimension and allocate per operation, and a cosine between two short sorted lists is a merge.
/// </summary>
internal readonly record struct SparseVector(int[] Terms, float[] Weights)
{
    public static SparseVector Empty { get; } = new([], []);

    public bool IsEmpty => Terms.Length == 0;

    public double Dot(SparseVector other)
    {
        double sum = 0;
        int i = 0, j = 0;
        while (i < Terms.Length && j < other.Terms.Length)
        {
            var (a, b) = (Terms[i], other.Terms[j]);
            if (a == b)
            {
                sum += Weights[i++] * other.Weights[j++];
            }
            else if (a < b)
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return sum;
    }

    /// <summary>Builds a unit vector from term counts and each term's document frequency among <paramref name="documents"/>.</summary>
    public static SparseVector FromCounts(Dictionary<int, int> counts, int[] documentFrequency, int documents)
    {
        if (counts.Count == 0)
        {
            return Empty;
        }
        var terms = counts.Keys.Order().ToArray();
        var weights = new float[terms.Length];
        double norm = 0;
        for (var i = 0; i < terms.Length; i++)
        {
            var idf = Math.Log((documents + 1.0) / (documentFrequency[terms[i]] + 1.0)) + 1.0;
            var weight = (1.0 + Math.Log(counts[terms[i]])) * idf;
            weights[i] = (float)weight;
            norm += weight * weight;
        }
        var scale = (float)(1.0 / Math.Sqrt(norm));
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] *= scale;
        }
        return new SparseVector(terms, weights);
    }
}
