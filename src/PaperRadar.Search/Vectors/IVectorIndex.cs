namespace PaperRadar.Search.Vectors;

/// <summary>One nearest neighbour: the paper's key and its cosine similarity to the query.</summary>
public readonly record struct VectorHit(long Key, float Similarity);

/// <summary>Nearest-neighbour search over a <see cref="VectorSet"/> by cosine similarity.</summary>
public interface IVectorIndex
{
    VectorSet Vectors { get; }

    /// <summary>
    /// The <paramref name="k"/> vectors most similar to <paramref name="query"/> (unit length), most similar first;
    /// <paramref name="accept"/>, when given, filters by key (the query paper itself, a category...).
    /// </summary>
    IReadOnlyList<VectorHit> Search(ReadOnlySpan<float> query, int k, Func<long, bool>? accept = null);
}
