using System.Numerics.Tensors;
using System.Security.Cryptography;
using System.Text;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.Tokenizers;
using PaperRadar.Search.Vectors;

namespace PaperRadar.Search.Embeddings;

/// <summary>
/// A transformer sentence-embedding model exported to ONNX (e.g. sentence-transformers' all-MiniLM-L6-v2): the text is
/// tokenised with the model's WordPiece vocabulary, run through the model, and the token states are mean-pooled over
/// the attention mask and scaled to unit length, as sentence-transformers does.
/// </summary>
/// <remarks>
/// <para>The model folder holds <c>model.onnx</c> (or <c>onnx/model.onnx</c>) and <c>vocab.txt</c>, and optionally
/// <c>tokenizer_config.json</c>, <c>sentence_bert_config.json</c> and <c>config.json</c> (see <see cref="Load"/>).</para>
/// <para>Thread-safety: <see cref="Embed"/> and <see cref="EmbedBatch"/> may be called from several threads at once —
/// the tokenizer is only read, and ONNX Runtime's <c>InferenceSession.Run</c> is thread-safe. <see cref="Dispose"/>
/// must not race them.</para>
/// </remarks>
public sealed class OnnxEmbedder : ITextEmbedder, IDisposable
{
    /// <summary>
    /// The most tokens a text is cut to (special tokens included) unless the model declares fewer: paper abstracts fit,
    /// and attention's cost grows with the square of the length.
    /// </summary>
    public const int DefaultMaxTokens = 256;

    public const string InputIds = "input_ids";
    public const string AttentionMask = "attention_mask";
    public const string TokenTypeIds = "token_type_ids";

    /// <summary>The output sentence-transformers exports carry when the pooling is part of the graph.</summary>
    public const string SentenceEmbeddingOutput = "sentence_embedding";

    /// <summary>
    /// Texts per model run in <see cref="EmbedBatch"/>: batching pays on the CPU only while the activations stay in
    /// cache-sized memory, and 16 abstracts of 256 tokens keep attention's scratch near 50 MB for a MiniLM.
    /// </summary>
    private const int MaxTextsPerRun = 16;

    private static readonly string[] KnownInputs = [InputIds, AttentionMask, TokenTypeIds];

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly BertTokenizer _tokenizer;
    private readonly bool _stripAccents;
    private readonly string[] _inputs;
    private readonly string[] _outputs;
    private readonly bool _outputIsPooled;
    private readonly int _fixedBatchSize;
    private readonly int _fixedSequenceLength;
    private bool _disposed;

    private OnnxEmbedder(
        InferenceSession session, BertTokenizer tokenizer, bool stripAccents, string modelPath, string[] inputs, string output,
        bool outputIsPooled, int fixedBatchSize, int fixedSequenceLength, int maxTokens)
    {
        _session = session;
        _tokenizer = tokenizer;
        _stripAccents = stripAccents;
        ModelPath = modelPath;
        _inputs = inputs;
        _outputs = [output];
        _outputIsPooled = outputIsPooled;
        _fixedBatchSize = fixedBatchSize;
        _fixedSequenceLength = fixedSequenceLength;
        MaxTokens = maxTokens;
    }

    /// <summary>
    /// "onnx:" + the model folder's name + ":" + a short hash of the model file and of what feeds it (the vocabulary,
    /// lower-casing, the token limit), so vectors made by another model or another tokenising are stale.
    /// </summary>
    public string Name { get; private set; } = "";

    public int Dimensions { get; private set; }

    /// <summary>The most tokens a text is cut to, [CLS] and [SEP] included.</summary>
    public int MaxTokens { get; }

    public string ModelPath { get; }

    /// <summary>
    /// Opens the model in <paramref name="modelDirectory"/>: <c>model.onnx</c> (or <c>onnx/model.onnx</c>) and
    /// <c>vocab.txt</c> must be there. <c>tokenizer_config.json</c> gives <c>do_lower_case</c> (default true),
    /// <c>strip_accents</c>, the special tokens and <c>model_max_length</c>; <c>sentence_bert_config.json</c> its
    /// <c>max_seq_length</c>; <c>config.json</c> its <c>max_position_embeddings</c>. Texts are cut to the smallest of
    /// those limits and <see cref="DefaultMaxTokens"/>.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">The folder holds no model.onnx or no vocab.txt.</exception>
    /// <exception cref="InvalidDataException">
    /// A file cannot be read as what it should be, or the model's inputs and outputs are not those of a BERT-style
    /// sentence encoder.
    /// </exception>
    public static OnnxEmbedder Load(string modelDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelDirectory);
        var directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(modelDirectory));
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException(
                $"The ONNX model folder {directory} does not exist; point at a folder holding model.onnx (or onnx/model.onnx) " +
                "and vocab.txt, such as a sentence-transformers model exported to ONNX");
        }
        var modelPath = FindModel(directory);
        var vocabPath = Path.Combine(directory, "vocab.txt");
        if (!File.Exists(vocabPath))
        {
            throw new FileNotFoundException(
                $"The ONNX model folder {directory} has no vocab.txt (the model's WordPiece vocabulary, one token a line), " +
                "so its texts cannot be tokenised; copy vocab.txt from the model's files",
                vocabPath);
        }

        var settings = OnnxModelSettings.Read(directory);
        var tokenizer = CreateTokenizer(vocabPath, settings);
        var session = OpenSession(modelPath);
        OnnxEmbedder? embedder = null;
        try
        {
            var (inputs, batchSize, sequenceLength) = CheckInputs(session, modelPath);
            var (output, outputIsPooled, dimensions) = CheckOutputs(session, modelPath);
            var maxTokens = Math.Min(settings.DeclaredMaxTokens ?? DefaultMaxTokens, DefaultMaxTokens);
            if (sequenceLength > 0)
            {
                maxTokens = Math.Min(maxTokens, sequenceLength);
            }
            embedder = new OnnxEmbedder(
                session, tokenizer, settings.StripsAccents, modelPath, inputs, output, outputIsPooled, batchSize,
                sequenceLength, maxTokens);
            embedder.Dimensions = dimensions > 0 ? dimensions : embedder.ProbeDimensions();
            embedder.Name = $"onnx:{Path.GetFileName(directory)}:{ShortHash(modelPath, vocabPath, settings, maxTokens)}";
            return embedder;
        }
        catch
        {
            if (embedder is null)
            {
                session.Dispose();
            }
            else
            {
                embedder.Dispose();
            }
            throw;
        }
    }

    public void Embed(string text, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(text);
        EmbedBatch([text], destination);
    }

    /// <summary>
    /// Writes the unit-length embeddings of <paramref name="texts"/> one after another into
    /// <paramref name="destination"/> (<c>texts.Count * Dimensions</c> values). Texts of similar length are run together,
    /// each run padded to its longest; a text's vector does not depend on the others in the batch.
    /// </summary>
    public void EmbedBatch(IReadOnlyList<string> texts, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (destination.Length != (long)texts.Count * Dimensions)
        {
            throw new ArgumentException(
                $"{texts.Count} texts of {Dimensions} dimensions need {(long)texts.Count * Dimensions} values, not {destination.Length}",
                nameof(destination));
        }

        var tokens = new int[texts.Count][];
        for (var i = 0; i < tokens.Length; i++)
        {
            tokens[i] = Tokenize(texts[i] ?? throw new ArgumentException($"text {i} is null", nameof(texts)));
        }

        // Sorting by length keeps each run's padding small.
        var order = new int[tokens.Length];
        var lengths = new int[tokens.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            lengths[i] = tokens[i].Length;
        }
        Array.Sort(lengths, order);

        var textsPerRun = _fixedBatchSize > 0 ? _fixedBatchSize : MaxTextsPerRun;
        var pooled = new float[Math.Min(textsPerRun, tokens.Length) * Dimensions];
        for (var start = 0; start < order.Length; start += textsPerRun)
        {
            var rows = new int[Math.Min(textsPerRun, order.Length - start)][];
            for (var r = 0; r < rows.Length; r++)
            {
                rows[r] = tokens[order[start + r]];
            }
            RunAndPool(rows, pooled);
            for (var r = 0; r < rows.Length; r++)
            {
                pooled.AsSpan(r * Dimensions, Dimensions).CopyTo(destination.Slice(order[start + r] * Dimensions, Dimensions));
            }
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _session.Dispose();
        _runOptions.Dispose();
    }

    /// <summary>The token ids of <paramref name="text"/>: [CLS], its WordPiece tokens, [SEP], at most <see cref="MaxTokens"/>.</summary>
    internal int[] Tokenize(string text)
    {
        var input = _stripAccents ? AccentFolding.Strip(text) : text;
        return [.. _tokenizer.EncodeToIds(input, MaxTokens, addSpecialTokens: true, out _, out _)];
    }

    private int ProbeDimensions()
    {
        using var outputs = Run([Tokenize("probe")], out _);
        var shape = outputs[0].GetTensorTypeAndShape().Shape;
        var dimensions = shape.Length > 0 ? shape[^1] : 0;
        return dimensions is > 0 and <= int.MaxValue
            ? (int)dimensions
            : throw new InvalidDataException(
                $"The model {ModelPath} gave output '{_outputs[0]}' the shape [{string.Join(", ", shape)}] for a probe text; " +
                "the last dimension should be the embedding's size");
    }

    /// <summary>Runs the model on <paramref name="rows"/> and writes each row's unit-length vector into <paramref name="pooled"/>.</summary>
    private void RunAndPool(int[][] rows, Span<float> pooled)
    {
        using var outputs = Run(rows, out var sequenceLength);
        var output = outputs[0];
        var shape = output.GetTensorTypeAndShape().Shape;
        var values = output.GetTensorDataAsSpan<float>();
        var batch = rows.Length;
        if (_outputIsPooled)
        {
            CheckShape(shape, [-1, Dimensions], batch);
            for (var r = 0; r < batch; r++)
            {
                var vector = pooled.Slice(r * Dimensions, Dimensions);
                values.Slice(r * Dimensions, Dimensions).CopyTo(vector);
                VectorSet.Normalize(vector);
            }
            return;
        }

        CheckShape(shape, [-1, sequenceLength, Dimensions], batch);
        var rowStride = sequenceLength * Dimensions;
        for (var r = 0; r < batch; r++)
        {
            // The attention mask is 1 on exactly the row's first rows[r].Length positions, so the masked mean is the
            // mean of those; padding never enters the sum.
            var vector = pooled.Slice(r * Dimensions, Dimensions);
            vector.Clear();
            var tokenCount = rows[r].Length;
            var states = values.Slice(r * rowStride, tokenCount * Dimensions);
            for (var t = 0; t < tokenCount; t++)
            {
                TensorPrimitives.Add(vector, states.Slice(t * Dimensions, Dimensions), vector);
            }
            TensorPrimitives.Divide(vector, tokenCount, vector);
            VectorSet.Normalize(vector);
        }
    }

    private void CheckShape(long[] shape, long[] expected, int batch)
    {
        var matches = shape.Length == expected.Length && shape[0] >= batch;
        for (var i = 1; matches && i < shape.Length; i++)
        {
            matches = shape[i] == expected[i];
        }
        if (!matches)
        {
            throw new InvalidDataException(
                $"The model {ModelPath} gave output '{_outputs[0]}' the shape [{string.Join(", ", shape)}] for {batch} texts; " +
                $"expected [{batch}, {string.Join(", ", expected[1..])}]");
        }
    }

    /// <summary>
    /// One model run: token ids padded with [PAD] to the longest row (or the model's fixed length), an attention mask of
    /// 1 on real tokens, token types all 0 (one segment); only the inputs the model declares are fed.
    /// </summary>
    private IDisposableReadOnlyCollection<OrtValue> Run(int[][] rows, out int sequenceLength)
    {
        sequenceLength = _fixedSequenceLength;
        if (sequenceLength <= 0)
        {
            foreach (var row in rows)
            {
                sequenceLength = Math.Max(sequenceLength, row.Length);
            }
        }
        // A model exported with a fixed batch size gets filler rows ([CLS] [SEP], attended) that are never read.
        var batch = Math.Max(rows.Length, _fixedBatchSize);
        var ids = new long[batch * sequenceLength];
        var mask = new long[ids.Length];
        var types = new long[ids.Length];
        Array.Fill(ids, _tokenizer.PaddingTokenId);
        for (var r = 0; r < batch; r++)
        {
            int[] row = r < rows.Length ? rows[r] : [_tokenizer.ClassificationTokenId, _tokenizer.SeparatorTokenId];
            for (var t = 0; t < row.Length; t++)
            {
                ids[r * sequenceLength + t] = row[t];
                mask[r * sequenceLength + t] = 1;
            }
        }

        long[] shape = [batch, sequenceLength];
        var inputs = new Dictionary<string, OrtValue>(_inputs.Length, StringComparer.Ordinal);
        try
        {
            foreach (var name in _inputs)
            {
                var values = name switch
                {
                    InputIds => ids,
                    AttentionMask => mask,
                    _ => types,
                };
                inputs[name] = OrtValue.CreateTensorValueFromMemory(values, shape);
            }
            return _session.Run(_runOptions, inputs, _outputs);
        }
        finally
        {
            foreach (var value in inputs.Values)
            {
                value.Dispose();
            }
        }
    }

    private static string FindModel(string directory)
    {
        string[] candidates = [Path.Combine(directory, "model.onnx"), Path.Combine(directory, "onnx", "model.onnx")];
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException(
            $"The ONNX model folder {directory} has no model.onnx (looked for {candidates[0]} and {candidates[1]}); " +
            "export the model to ONNX (e.g. with Hugging Face Optimum) into that folder",
            candidates[0]);
    }

    private static BertTokenizer CreateTokenizer(string vocabPath, OnnxModelSettings settings)
    {
        var options = new BertOptions
        {
            LowerCaseBeforeTokenization = settings.LowerCase,
            // Does nothing under invariant globalization (see AccentFolding), but completes AccentFolding' table where ICU is.
            RemoveNonSpacingMarks = settings.StripsAccents,
            IndividuallyTokenizeCjk = settings.TokenizeCjkCharacters,
            UnknownToken = settings.UnknownToken,
            ClassificationToken = settings.ClassificationToken,
            SeparatorToken = settings.SeparatorToken,
            PaddingToken = settings.PaddingToken,
            MaskingToken = settings.MaskingToken,
        };
        try
        {
            return BertTokenizer.Create(vocabPath, options);
        }
        catch (Exception e) when (e is ArgumentException or KeyNotFoundException)
        {
            // Missing special tokens and duplicate lines both surface here.
            throw new InvalidDataException(
                $"{vocabPath} cannot be used as a WordPiece vocabulary: {e.Message} (it needs one token a line, " +
                $"including {options.UnknownToken}, {options.ClassificationToken}, {options.SeparatorToken}, " +
                $"{options.PaddingToken} and {options.MaskingToken})",
                e);
        }
    }

    private static InferenceSession OpenSession(string modelPath)
    {
        using var options = new SessionOptions
        {
            // One run uses every core (on 2 cores, 2 threads) and never more than 4: past that a small encoder gains
            // little, and more threads than cores only contend. Runs from several callers share the pool.
            IntraOpNumThreads = Math.Clamp(Environment.ProcessorCount, 1, 4),
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        try
        {
            return new InferenceSession(modelPath, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException(
                $"{modelPath} is not an ONNX model that ONNX Runtime can load ({e.Message}); re-export it, or check the " +
                "copy is complete",
                e);
        }
    }

    /// <summary>The inputs to feed (input_ids first), and the batch size and sequence length if the model fixes them (else 0).</summary>
    private static (string[] Inputs, int BatchSize, int SequenceLength) CheckInputs(InferenceSession session, string modelPath)
    {
        var inputs = new List<string>();
        int batchSize = 0, sequenceLength = 0;
        foreach (var (name, metadata) in session.InputMetadata)
        {
            if (Array.IndexOf(KnownInputs, name) < 0)
            {
                throw new InvalidDataException(
                    $"The model {modelPath} takes an input '{name}' ({Describe(metadata)}) the embedder cannot feed; it " +
                    $"feeds BERT-style sentence encoders, whose inputs are {string.Join(", ", KnownInputs)} " +
                    $"(int64 [batch, sequence]). The model's inputs: {DescribeAll(session.InputMetadata)}");
            }
            if (!metadata.IsTensor || metadata.ElementDataType != TensorElementType.Int64 || metadata.Dimensions.Length != 2)
            {
                throw new InvalidDataException(
                    $"The model {modelPath} declares input '{name}' as {Describe(metadata)}; the embedder feeds it as " +
                    "int64 [batch, sequence]");
            }
            inputs.Add(name);
            batchSize = Math.Max(batchSize, metadata.Dimensions[0]);
            sequenceLength = Math.Max(sequenceLength, metadata.Dimensions[1]);
        }
        if (!inputs.Contains(InputIds, StringComparer.Ordinal))
        {
            throw new InvalidDataException(
                $"The model {modelPath} has no input '{InputIds}'; its inputs are {DescribeAll(session.InputMetadata)}");
        }
        if (sequenceLength is > 0 and < 3)
        {
            throw new InvalidDataException(
                $"The model {modelPath} fixes its sequence length at {sequenceLength}; a sentence needs at least 3 tokens");
        }
        return ([.. inputs], batchSize, sequenceLength);
    }

    /// <summary>
    /// The output to read: a 2-D <c>sentence_embedding</c> [batch, dim] if the model pools itself, else the first
    /// output, token states [batch, sequence, dim]. Dimensions is 0 when the shape leaves it open.
    /// </summary>
    private static (string Output, bool IsPooled, int Dimensions) CheckOutputs(InferenceSession session, string modelPath)
    {
        if (session.OutputMetadata.TryGetValue(SentenceEmbeddingOutput, out var pooled)
            && IsFloatTensor(pooled) && pooled.Dimensions.Length == 2)
        {
            return (SentenceEmbeddingOutput, true, pooled.Dimensions[1]);
        }
        var first = session.OutputNames.Count > 0 ? session.OutputNames[0] : null;
        if (first is not null && IsFloatTensor(session.OutputMetadata[first])
            && session.OutputMetadata[first].Dimensions.Length == 3)
        {
            return (first, false, session.OutputMetadata[first].Dimensions[2]);
        }
        throw new InvalidDataException(
            $"The model {modelPath} has no output the embedder can pool: it reads the first output as float token states " +
            $"[batch, sequence, dim] (last_hidden_state), or a float '{SentenceEmbeddingOutput}' [batch, dim]. " +
            $"The model's outputs: {DescribeAll(session.OutputMetadata)}");
    }

    private static bool IsFloatTensor(NodeMetadata metadata) =>
        metadata.IsTensor && metadata.ElementDataType == TensorElementType.Float;

    private static string DescribeAll(IReadOnlyDictionary<string, NodeMetadata> values) =>
        values.Count == 0 ? "none" : string.Join("; ", values.Select(v => $"'{v.Key}' {Describe(v.Value)}"));

    private static string Describe(NodeMetadata metadata)
    {
        if (!metadata.IsTensor)
        {
            return metadata.OnnxValueType.ToString();
        }
        var dimensions = metadata.Dimensions.Select((size, i) =>
            size > 0 ? size.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : i < metadata.SymbolicDimensions.Length && metadata.SymbolicDimensions[i] is { Length: > 0 } symbol ? symbol
            : "?");
        return $"{metadata.ElementDataType.ToString().ToLowerInvariant()} [{string.Join(", ", dimensions)}]";
    }

    private static string ShortHash(string modelPath, string vocabPath, OnnxModelSettings settings, int maxTokens)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        foreach (var path in new[] { modelPath, vocabPath })
        {
            using var file = File.OpenRead(path);
            int read;
            while ((read = file.Read(buffer, 0, buffer.Length)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }
        var tokenising = $"lower={settings.LowerCase};accents={settings.StripsAccents};" +
            $"cjk={settings.TokenizeCjkCharacters};max={maxTokens}";
        hash.AppendData(Encoding.UTF8.GetBytes(tokenising));
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }
}
