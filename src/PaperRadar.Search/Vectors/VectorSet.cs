using System.Numerics.Tensors;

namespace PaperRadar.Search.Vectors;

/// <summary>
/// Unit-length vectors of one dimension in one contiguous array, each with the key of the paper it stands for
/// (the paper's row id in the store). Cosine similarity is then a dot product.
/// </summary>
public sealed class VectorSet
{
    private readonly float[] _values;
    private readonly long[] _keys;

    public VectorSet(int dimensions, IReadOnlyList<long> keys, float[] values)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        if (values.Length != (long)keys.Count * dimensions)
        {
            throw new ArgumentException(
                $"{keys.Count} keys of {dimensions} dimensions need {keys.Count * dimensions} values, not {values.Length}",
                nameof(values));
        }
        Dimensions = dimensions;
        _keys = [.. keys];
        _values = values;
    }

    public int Dimensions { get; }

    public int Count => _keys.Length;

    public long KeyAt(int index) => _keys[index];

    public ReadOnlySpan<float> VectorAt(int index) => _values.AsSpan(index * Dimensions, Dimensions);

    /// <summary>Scales <paramref name="vector"/> to unit length in place; a zero vector stays zero.</summary>
    public static void Normalize(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
    }
}
