using PaperRadar.Search.Vectors;

namespace PaperRadar.Tests.Search;

/// <summary>
/// Generated unit vectors for scale and algorithm tests of the vector indexes (the real corpus has no embeddings
/// stored yet, and these tests need thousands of vectors with known structure): points scattered around random
/// centres, each cluster with its own spread, so that nearest neighbours are mostly within a cluster but not only.
/// </summary>
internal sealed class GeneratedVectors
{
    private readonly Random _random;
    private readonly float[][] _centres;
    private readonly double[] _spreads;

    public GeneratedVectors(int dimensions, int clusters, int seed)
    {
        Dimensions = dimensions;
        _random = new Random(seed);
        _centres = new float[clusters][];
        _spreads = new double[clusters];
        for (var c = 0; c < clusters; c++)
        {
            _centres[c] = Gaussian(dimensions);
            VectorSet.Normalize(_centres[c]);
            _spreads[c] = 0.5 + _random.NextDouble();
        }
    }

    public int Dimensions { get; }

    /// <summary>A new unit vector from a random cluster.</summary>
    public float[] Next()
    {
        var c = _random.Next(_centres.Length);
        var noise = Gaussian(Dimensions);
        var scale = _spreads[c] / Math.Sqrt(Dimensions);
        var vector = new float[Dimensions];
        for (var d = 0; d < Dimensions; d++)
        {
            vector[d] = _centres[c][d] + (float)(scale * noise[d]);
        }
        VectorSet.Normalize(vector);
        return vector;
    }

    /// <summary><paramref name="count"/> new vectors keyed by <paramref name="key"/>(index).</summary>
    public VectorSet Set(int count, Func<int, long>? key = null)
    {
        var values = new float[count * Dimensions];
        for (var i = 0; i < count; i++)
        {
            Next().CopyTo(values, i * Dimensions);
        }
        return new VectorSet(Dimensions, [.. Enumerable.Range(0, count).Select(i => key?.Invoke(i) ?? i)], values);
    }

    /// <summary>Unit vectors drawn uniformly on the sphere (no clusters), with distinct random keys.</summary>
    public static VectorSet Uniform(int count, int dimensions, int seed)
    {
        var generator = new GeneratedVectors(dimensions, clusters: 1, seed);
        var values = new float[count * dimensions];
        for (var i = 0; i < count; i++)
        {
            var vector = generator.Gaussian(dimensions);
            VectorSet.Normalize(vector);
            vector.CopyTo(values, i * dimensions);
        }
        var keys = new HashSet<long>();
        while (keys.Count < count)
        {
            keys.Add(generator._random.NextInt64(-1_000_000, 1_000_000));
        }
        return new VectorSet(dimensions, [.. keys], values);
    }

    private float[] Gaussian(int dimensions)
    {
        var values = new float[dimensions];
        for (var d = 0; d < dimensions; d++)
        {
            values[d] = (float)(Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble()));
        }
        return values;
    }
}
