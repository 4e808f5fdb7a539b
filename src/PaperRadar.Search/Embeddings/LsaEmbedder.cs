using System.Numerics.Tensors;
using System.Security.Cryptography;
using System.Text;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using PaperRadar.Search.Vectors;

namespace PaperRadar.Search.Embeddings;

/// <summary>How the corpus-trained embedder is built (the defaults are the ones docs/relevance.md measured best).</summary>
public sealed record LsaOptions
{
    public int Dimensions { get; init; } = 256;

    /// <summary>Extra random directions the range finder keeps beyond <see cref="Dimensions"/> (Halko et al. 2011).</summary>
    public int Oversampling { get; init; } = 24;

    public int PowerIterations { get; init; } = 3;

    public int MinDocumentFrequency { get; init; } = 3;

    /// <summary>Terms in more than this share of documents carry no topic and are dropped.</summary>
    public double MaxDocumentFraction { get; init; } = 0.5;

    public int MaxTerms { get; init; } = 60_000;

    public bool Bigrams { get; init; }

    /// <summary>A document's coordinates are u·σ^p: 1 keeps the SVD's scale, 0 weighs every direction alike.</summary>
    public double SingularValuePower { get; init; } = 0.5;

    public int Seed { get; init; } = 42;
}

/// <summary>
/// The default embedder, trained on the store's own papers and needing no download: latent semantic analysis.
/// Each paper's title and abstract become a TF-IDF vector (sublinear term frequency, smoothed IDF, unit length),
/// reduced to <see cref="LsaOptions.Dimensions"/> by a randomized truncated SVD. Deterministic: the same corpus and
/// options give the same model and the same <see cref="Name"/>.
/// </summary>
/// <remarks>
/// No library here computes a truncated SVD of a large sparse matrix: MathNet decomposes dense matrices only. So the
/// randomized range finder (Halko, Martinsson and Tropp 2011, algorithm 4.4 with power iterations) is written here
/// over <see cref="SparseRows"/>, and MathNet does the small dense steps (QR of terms × l, eigen-decomposition of l × l).
/// </remarks>
public sealed class LsaEmbedder : ITextEmbedder
{
    private const string Magic = "PaperRadar LSA 1";

    private readonly Dictionary<string, int> _terms;
    private readonly float[] _idf;
    private readonly float[] _projection; // terms × dimensions, row-major

    private LsaEmbedder(LsaOptions options, Dictionary<string, int> terms, float[] idf, float[] projection, int trainedOn)
    {
        Options = options;
        _terms = terms;
        _idf = idf;
        _projection = projection;
        TrainedOn = trainedOn;
        Name = $"lsa-{options.Dimensions}:{Convert.ToHexStringLower(SHA256.HashData(Serialize()))[..12]}";
    }

    public LsaOptions Options { get; }

    public string Name { get; }

    public int Dimensions => Options.Dimensions;

    /// <summary>How many documents the model was trained on.</summary>
    public int TrainedOn { get; }

    public int TermCount => _terms.Count;

    /// <summary>The text the embedder reads for a paper: its title counts twice, as a reader's eye gives it more weight.</summary>
    public static string PaperText(string title, string? abstractText) => title + ". " + title + ". " + abstractText;

    public void Embed(string text, Span<float> destination)
    {
        if (destination.Length != Dimensions)
        {
            throw new ArgumentException($"the destination has {destination.Length} dimensions, the embedder {Dimensions}", nameof(destination));
        }
        destination.Clear();
        var (indices, weights) = Weigh(text);
        for (var i = 0; i < indices.Length; i++)
        {
            TensorPrimitives.MultiplyAdd(_projection.AsSpan(indices[i] * Dimensions, Dimensions), weights[i], destination, destination);
        }
        VectorSet.Normalize(destination);
    }

    /// <summary>The unit-length TF-IDF weights of a text's known terms, by term index.</summary>
    private (int[] Indices, float[] Weights) Weigh(string text)
    {
        var counts = new Dictionary<int, int>();
        foreach (var term in TermTokenizer.Terms(text, Options.Bigrams))
        {
            if (_terms.TryGetValue(term, out var index))
            {
                counts[index] = counts.GetValueOrDefault(index) + 1;
            }
        }
        var indices = counts.Keys.Order().ToArray();
        var weights = indices.Select(i => (float)(1 + Math.Log(counts[i])) * _idf[i]).ToArray();
        var norm = TensorPrimitives.Norm(weights);
        if (norm > 0)
        {
            TensorPrimitives.Divide(weights, norm, weights);
        }
        return (indices, weights);
    }

    /// <summary>Trains the model on <paramref name="documents"/> (see <see cref="PaperText"/>).</summary>
    public static LsaEmbedder Train(IReadOnlyList<string> documents, LsaOptions? options = null, IProgress<string>? progress = null)
    {
        options ??= new LsaOptions();
        if (documents.Count == 0)
        {
            throw new InvalidOperationException("the corpus-trained embedder needs at least one paper with text to learn from");
        }

        progress?.Report("counting terms");
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        var lockObject = new object();
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, documents.Count, 2_000), () => new Dictionary<string, int>(StringComparer.Ordinal),
            (range, _, local) =>
            {
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    foreach (var term in TermTokenizer.Terms(documents[i], options.Bigrams).Distinct())
                    {
                        local[term] = local.GetValueOrDefault(term) + 1;
                    }
                }
                return local;
            },
            local =>
            {
                lock (lockObject)
                {
                    foreach (var (term, count) in local)
                    {
                        documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + count;
                    }
                }
            });

        // Small corpora (tests, a fresh clone's sample) keep every term seen twice; large ones use the options' floor.
        var minimum = Math.Min(options.MinDocumentFrequency, Math.Max(1, documents.Count / 100));
        var maximum = Math.Max(1, (int)(options.MaxDocumentFraction * documents.Count));
        var kept = documentFrequency
            .Where(t => t.Value >= minimum && (t.Value <= maximum || documents.Count < 20))
            .OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal)
            .Take(options.MaxTerms)
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .ToList();
        if (kept.Count == 0)
        {
            throw new InvalidOperationException($"the {documents.Count} papers share no terms to learn from");
        }
        var terms = new Dictionary<string, int>(kept.Count, StringComparer.Ordinal);
        var idf = new float[kept.Count];
        for (var i = 0; i < kept.Count; i++)
        {
            terms[kept[i].Key] = i;
            idf[i] = (float)(Math.Log((1.0 + documents.Count) / (1.0 + kept[i].Value)) + 1.0);
        }
        var dimensions = Math.Min(options.Dimensions, Math.Min(kept.Count, documents.Count));
        options = options with { Dimensions = dimensions };

        progress?.Report("weighing terms");
        var vocabularyOnly = new LsaEmbedder(options, terms, idf, new float[kept.Count * dimensions], documents.Count);
        var matrix = vocabularyOnly.WeighAll(documents);

        progress?.Report("decomposing");
        var projection = TruncatedSvdProjection(matrix, options);
        return new LsaEmbedder(options, terms, idf, projection, documents.Count);
    }

    /// <summary>Embeds many texts at once (the training corpus, a batch of new papers): documents × dimensions, row-major.</summary>
    public float[] EmbedAll(IReadOnlyList<string> texts)
    {
        var vectors = WeighAll(texts).Multiply(_projection, Dimensions);
        for (var i = 0; i < texts.Count; i++)
        {
            VectorSet.Normalize(vectors.AsSpan(i * Dimensions, Dimensions));
        }
        return vectors;
    }

    private SparseRows WeighAll(IReadOnlyList<string> documents)
    {
        var rows = new (int[] Indices, float[] Weights)[documents.Count];
        Parallel.For(0, documents.Count, i => rows[i] = Weigh(documents[i]));
        var starts = new int[documents.Count + 1];
        for (var i = 0; i < rows.Length; i++)
        {
            starts[i + 1] = starts[i] + rows[i].Indices.Length;
        }
        var indices = new int[starts[^1]];
        var values = new float[starts[^1]];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i].Indices.CopyTo(indices, starts[i]);
            rows[i].Weights.CopyTo(values, starts[i]);
        }
        return new SparseRows(_terms.Count, starts, indices, values);
    }

    /// <summary>
    /// V_k·diag(σ^(p-1)) of the documents × terms matrix X, so that x·projection = u·σ^p for a training document.
    /// The range of XᵀX is found with random starting directions and power iterations, orthonormalised each time.
    /// </summary>
    private static float[] TruncatedSvdProjection(SparseRows documentsByTerms, LsaOptions options)
    {
        var termsByDocuments = documentsByTerms.Transpose();
        var termCount = documentsByTerms.Columns;
        var width = Math.Min(options.Dimensions + options.Oversampling, termCount);
        var random = new Random(options.Seed);
        var basis = new float[(long)termCount * width];
        for (var i = 0; i < basis.Length; i++)
        {
            basis[i] = (float)Gaussian(random);
        }
        for (var iteration = 0; iteration < Math.Max(1, options.PowerIterations); iteration++)
        {
            var documentSide = documentsByTerms.Multiply(basis, width);
            basis = Orthonormalize(termsByDocuments.Multiply(documentSide, width), termCount, width);
        }

        // X·Q is documents × width; the eigenvectors of (XQ)ᵀ(XQ) rotate Q onto the right singular vectors.
        var reduced = documentsByTerms.Multiply(basis, width);
        var documents = documentsByTerms.Rows;
        var columns = new float[(long)width * documents];
        for (var d = 0; d < documents; d++)
        {
            for (var a = 0; a < width; a++)
            {
                columns[(long)a * documents + d] = reduced[(long)d * width + a];
            }
        }
        var gram = Matrix<double>.Build.Dense(width, width);
        Parallel.For(0, width, a =>
        {
            for (var b = a; b < width; b++)
            {
                double sum = TensorPrimitives.Dot(columns.AsSpan(a * documents, documents), columns.AsSpan(b * documents, documents));
                gram[a, b] = sum;
                gram[b, a] = sum;
            }
        });
        var eigen = gram.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, width).OrderByDescending(i => eigen.EigenValues[i].Real).Take(options.Dimensions).ToArray();
        var projection = new float[(long)termCount * options.Dimensions];
        var rotation = new float[width * options.Dimensions];
        for (var j = 0; j < options.Dimensions; j++)
        {
            var sigma = Math.Sqrt(Math.Max(eigen.EigenValues[order[j]].Real, 1e-12));
            var scale = Math.Pow(sigma, options.SingularValuePower - 1);
            for (var i = 0; i < width; i++)
            {
                rotation[i * options.Dimensions + j] = (float)(eigen.EigenVectors[i, order[j]] * scale);
            }
        }
        Parallel.For(0, termCount, term =>
        {
            var target = projection.AsSpan(term * options.Dimensions, options.Dimensions);
            var row = basis.AsSpan(term * width, width);
            for (var i = 0; i < width; i++)
            {
                TensorPrimitives.MultiplyAdd(rotation.AsSpan(i * options.Dimensions, options.Dimensions), row[i], target, target);
            }
        });
        return projection;
    }

    private static float[] Orthonormalize(float[] rowMajor, int rows, int columns)
    {
        var matrix = Matrix<double>.Build.Dense(rows, columns, (r, c) => rowMajor[(long)r * columns + c]);
        var q = matrix.QR(QRMethod.Thin).Q;
        var result = new float[(long)rows * columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                result[(long)r * columns + c] = (float)q[r, c];
            }
        }
        return result;
    }

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>The model as bytes, to keep in the store.</summary>
    public byte[] Serialize()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Options.Dimensions);
            writer.Write(Options.Oversampling);
            writer.Write(Options.PowerIterations);
            writer.Write(Options.MinDocumentFrequency);
            writer.Write(Options.MaxDocumentFraction);
            writer.Write(Options.MaxTerms);
            writer.Write(Options.Bigrams);
            writer.Write(Options.SingularValuePower);
            writer.Write(Options.Seed);
            writer.Write(TrainedOn);
            writer.Write(_terms.Count);
            foreach (var (term, index) in _terms.OrderBy(t => t.Value))
            {
                writer.Write(term);
                writer.Write(_idf[index]);
            }
            writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_projection.AsSpan()));
        }
        return stream.ToArray();
    }

    public static LsaEmbedder Deserialize(byte[] bytes)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            if (reader.ReadString() != Magic)
            {
                throw new InvalidDataException("not a PaperRadar LSA model");
            }
            var options = new LsaOptions
            {
                Dimensions = reader.ReadInt32(),
                Oversampling = reader.ReadInt32(),
                PowerIterations = reader.ReadInt32(),
                MinDocumentFrequency = reader.ReadInt32(),
                MaxDocumentFraction = reader.ReadDouble(),
                MaxTerms = reader.ReadInt32(),
                Bigrams = reader.ReadBoolean(),
                SingularValuePower = reader.ReadDouble(),
                Seed = reader.ReadInt32(),
            };
            var trainedOn = reader.ReadInt32();
            var count = reader.ReadInt32();
            var terms = new Dictionary<string, int>(count, StringComparer.Ordinal);
            var idf = new float[count];
            for (var i = 0; i < count; i++)
            {
                terms[reader.ReadString()] = i;
                idf[i] = reader.ReadSingle();
            }
            var projection = new float[(long)count * options.Dimensions];
            var read = reader.Read(System.Runtime.InteropServices.MemoryMarshal.AsBytes(projection.AsSpan()));
            if (read != projection.Length * sizeof(float))
            {
                throw new InvalidDataException($"the projection is cut short ({read} of {projection.Length * sizeof(float)} bytes)");
            }
            return new LsaEmbedder(options, terms, idf, projection, trainedOn);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("the stored LSA model is cut short", e);
        }
    }
}
