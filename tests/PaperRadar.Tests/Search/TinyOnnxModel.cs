using System.Buffers.Binary;
using System.Text;

namespace PaperRadar.Tests.Search;

/// <summary>
/// A tiny BERT-shaped sentence encoder, generated (no model can be downloaded in tests): the token states are a lookup
/// in a known embedding table plus the token type's embedding plus a bias on attended positions, so the pooled vector
/// of any text can be computed by hand. <see cref="Write"/> lays it out as a Hugging Face model folder (model.onnx,
/// vocab.txt, optionally tokenizer_config.json).
/// </summary>
/// <remarks>
/// The graph, in ONNX opset 13:
/// <code>
/// word   = Gather(word_embeddings [V, D], input_ids)                       [batch, seq, D]
/// type   = Gather(type_embeddings [2, D], token_type_ids)                  (when TokenTypeIds)
/// mask   = Unsqueeze(Cast(attention_mask, float), [2]) * mask_bias [D]     (when AttentionMask)
/// last_hidden_state = word + type + mask
/// sentence_embedding = ReduceMax(last_hidden_state, axes [1])              (when PooledOutput is named)
/// </code>
/// Padding positions get no mask bias but keep their [PAD] embedding, so pooling that forgets the mask shows.
/// </remarks>
internal sealed record TinyOnnxModel
{
    public const int Dimensions = 4;

    public static readonly string[] Vocabulary =
    [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
        "graph", "neural", "networks", "for", "molecules", "quantum", "error", "correction", "the", "of", "a",
        "##s", "learn", "##ing", ",", ".",
    ];

    /// <summary>Seeds the embedding tables; two seeds make two different models.</summary>
    public int Seed { get; init; } = 7;

    public bool AttentionMask { get; init; } = true;

    public bool TokenTypeIds { get; init; } = true;

    /// <summary>An input the embedder does not know (float [batch, 3], unused by the graph), to test the error.</summary>
    public string? ExtraInput { get; init; }

    /// <summary>Whether last_hidden_state is a graph output (the first one).</summary>
    public bool TokenStatesOutput { get; init; } = true;

    /// <summary>The name of a 2-D [batch, D] max-pooled output, or null for none.</summary>
    public string? PooledOutput { get; init; }

    /// <summary>Declares the hidden size as a symbolic dimension, so the embedder must run the model to learn it.</summary>
    public bool SymbolicHiddenSize { get; init; }

    /// <summary>A fixed [batch, sequence] for every input (an export without dynamic axes); null for symbolic.</summary>
    public (int Batch, int Sequence)? FixedShape { get; init; }

    public float[] WordEmbeddings => Table(Vocabulary.Length, Seed);

    public float[] TypeEmbeddings => Table(2, Seed + 1000);

    public float[] MaskBias => Table(1, Seed + 2000);

    public static int Id(string token)
    {
        var id = Array.IndexOf(Vocabulary, token);
        return id >= 0 ? id : throw new ArgumentException($"{token} is not in the tiny vocabulary", nameof(token));
    }

    /// <summary>Writes model.onnx (into <paramref name="modelSubfolder"/> if given) and vocab.txt; returns the folder.</summary>
    public string Write(string directory, string? tokenizerConfigJson = null, string? modelSubfolder = null)
    {
        var modelDirectory = modelSubfolder is null ? directory : Path.Combine(directory, modelSubfolder);
        Directory.CreateDirectory(modelDirectory);
        File.WriteAllBytes(Path.Combine(modelDirectory, "model.onnx"), ToOnnxBytes());
        File.WriteAllLines(Path.Combine(directory, "vocab.txt"), Vocabulary);
        if (tokenizerConfigJson is not null)
        {
            File.WriteAllText(Path.Combine(directory, "tokenizer_config.json"), tokenizerConfigJson);
        }
        return directory;
    }

    /// <summary>
    /// The unit-length vector the embedder should give a text tokenised to <paramref name="tokens"/> (its [CLS] and
    /// [SEP] included): the mean of the token states — or, for the pooled output, their element-wise maximum.
    /// </summary>
    public float[] Expected(params string[] tokens)
    {
        var words = WordEmbeddings;
        var types = TypeEmbeddings;
        var bias = MaskBias;
        var maxPooled = PooledOutput is not null;
        var result = new float[Dimensions];
        if (maxPooled)
        {
            Array.Fill(result, float.NegativeInfinity);
        }
        foreach (var token in tokens)
        {
            var id = Id(token);
            for (var d = 0; d < Dimensions; d++)
            {
                var state = words[id * Dimensions + d]
                    + (TokenTypeIds ? types[d] : 0)
                    + (AttentionMask ? bias[d] : 0);
                result[d] = maxPooled ? Math.Max(result[d], state) : result[d] + state / tokens.Length;
            }
        }
        var norm = MathF.Sqrt(result.Sum(v => v * v));
        return [.. result.Select(v => v / norm)];
    }

    /// <summary>Values in [-1, 1) from a seeded generator, so each model is the same on every run.</summary>
    private static float[] Table(int rows, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, rows * Dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1))];
    }

    // ONNX is protobuf; the field numbers below are those of onnx/onnx.proto (ModelProto, GraphProto, NodeProto,
    // AttributeProto, TensorProto, ValueInfoProto, TypeProto, TensorShapeProto, OperatorSetIdProto).
    private const int FloatType = 1;  // TensorProto.DataType.FLOAT
    private const int Int64Type = 7;  // TensorProto.DataType.INT64
    private const int AttributeInt = 2;  // AttributeProto.AttributeType.INT
    private const int AttributeInts = 7;  // AttributeProto.AttributeType.INTS

    public byte[] ToOnnxBytes()
    {
        object batch = FixedShape is { } fixedBatch ? fixedBatch.Batch : "batch";
        object sequence = FixedShape is { } fixedSequence ? fixedSequence.Sequence : "sequence";
        object hidden = SymbolicHiddenSize ? "hidden" : Dimensions;

        var graph = new Proto().String(2, "tiny_sentence_encoder");  // GraphProto.name = 2
        var inputs = new List<Proto> { ValueInfo("input_ids", Int64Type, batch, sequence) };
        var initializers = new List<Proto> { FloatTensor("word_embeddings", WordEmbeddings, Vocabulary.Length, Dimensions) };
        var nodes = new List<Proto> { Node("Gather", ["word_embeddings", "input_ids"], "word_states") };
        var states = "word_states";

        if (AttentionMask)
        {
            inputs.Add(ValueInfo("attention_mask", Int64Type, batch, sequence));
        }
        if (TokenTypeIds)
        {
            inputs.Add(ValueInfo("token_type_ids", Int64Type, batch, sequence));
            initializers.Add(FloatTensor("type_embeddings", TypeEmbeddings, 2, Dimensions));
            nodes.Add(Node("Gather", ["type_embeddings", "token_type_ids"], "type_states"));
            nodes.Add(Node("Add", [states, "type_states"], "with_types"));
            states = "with_types";
        }
        if (AttentionMask)
        {
            initializers.Add(FloatTensor("mask_bias", MaskBias, Dimensions));
            initializers.Add(Int64Tensor("unsqueeze_axes", [2], 1));
            // Cast.to (AttributeProto: name = 1, type = 20, i = 3)
            nodes.Add(Node("Cast", ["attention_mask"], "mask_float",
                new Proto().String(1, "to").Varint(20, AttributeInt).Varint(3, FloatType)));
            nodes.Add(Node("Unsqueeze", ["mask_float", "unsqueeze_axes"], "mask_3d"));
            nodes.Add(Node("Mul", ["mask_3d", "mask_bias"], "mask_states"));
            nodes.Add(Node("Add", [states, "mask_states"], "with_mask"));
            states = "with_mask";
        }
        if (ExtraInput is not null)
        {
            inputs.Add(ValueInfo(ExtraInput, FloatType, batch, 3));
        }
        nodes.Add(Node("Identity", [states], "last_hidden_state"));

        var outputs = new List<Proto>();
        if (TokenStatesOutput)
        {
            outputs.Add(ValueInfo("last_hidden_state", FloatType, batch, sequence, hidden));
        }
        if (PooledOutput is not null)
        {
            // ReduceMax.axes (ints = 8) and keepdims (i = 3), attributes until opset 18.
            nodes.Add(Node("ReduceMax", ["last_hidden_state"], PooledOutput,
                new Proto().String(1, "axes").Varint(20, AttributeInts).Varint(8, 1),
                new Proto().String(1, "keepdims").Varint(20, AttributeInt).Varint(3, 0)));
            outputs.Add(ValueInfo(PooledOutput, FloatType, batch, hidden));
        }

        nodes.ForEach(node => graph.Message(1, node));                // GraphProto.node = 1
        initializers.ForEach(tensor => graph.Message(5, tensor));     // GraphProto.initializer = 5
        inputs.ForEach(input => graph.Message(11, input));            // GraphProto.input = 11
        outputs.ForEach(output => graph.Message(12, output));         // GraphProto.output = 12

        return new Proto()
            .Varint(1, 8)                                             // ModelProto.ir_version = 1 (IR 8)
            .String(2, "PaperRadar.Tests")                            // ModelProto.producer_name = 2
            .Message(7, graph)                                        // ModelProto.graph = 7
            .Message(8, new Proto().String(1, "").Varint(2, 13))      // ModelProto.opset_import = 8: domain = 1, version = 2
            .ToArray();
    }

    /// <summary>NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5.</summary>
    private static Proto Node(string opType, string[] inputs, string output, params Proto[] attributes)
    {
        var node = new Proto();
        foreach (var input in inputs)
        {
            node.String(1, input);
        }
        node.String(2, output).String(3, output + "_node").String(4, opType);
        foreach (var attribute in attributes)
        {
            node.Message(5, attribute);
        }
        return node;
    }

    /// <summary>
    /// ValueInfoProto (name = 1, type = 2) of a tensor: TypeProto.tensor_type = 1 → elem_type = 1, shape = 2 →
    /// TensorShapeProto.dim = 1 → dim_value = 1 (a number) or dim_param = 2 (a symbol).
    /// </summary>
    private static Proto ValueInfo(string name, int elementType, params object[] dimensions)
    {
        var shape = new Proto();
        foreach (var dimension in dimensions)
        {
            shape.Message(1, dimension is int size ? new Proto().Varint(1, size) : new Proto().String(2, (string)dimension));
        }
        var tensorType = new Proto().Varint(1, elementType).Message(2, shape);
        return new Proto().String(1, name).Message(2, new Proto().Message(1, tensorType));
    }

    /// <summary>TensorProto: dims = 1, data_type = 2, name = 8, raw_data = 9 (little-endian values).</summary>
    private static Proto FloatTensor(string name, float[] values, params int[] dimensions)
    {
        var raw = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]);
        }
        return Tensor(name, FloatType, raw, dimensions);
    }

    private static Proto Int64Tensor(string name, long[] values, params int[] dimensions)
    {
        var raw = new byte[values.Length * sizeof(long)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * sizeof(long)), values[i]);
        }
        return Tensor(name, Int64Type, raw, dimensions);
    }

    private static Proto Tensor(string name, int dataType, byte[] raw, int[] dimensions)
    {
        var tensor = new Proto();
        foreach (var dimension in dimensions)
        {
            tensor.Varint(1, dimension);
        }
        return tensor.Varint(2, dataType).String(8, name).Bytes(9, raw);
    }

    /// <summary>
    /// The protobuf wire format, as much as ONNX needs: a key is (field number &lt;&lt; 3 | wire type), then a varint
    /// (wire type 0) or a varint length and that many bytes (wire type 2: strings, bytes, nested messages).
    /// </summary>
    private sealed class Proto
    {
        private readonly MemoryStream _bytes = new();

        public Proto Varint(int field, long value)
        {
            WriteVarint((ulong)field << 3);
            WriteVarint((ulong)value);
            return this;
        }

        public Proto Bytes(int field, ReadOnlySpan<byte> value)
        {
            WriteVarint(((ulong)field << 3) | 2);
            WriteVarint((ulong)value.Length);
            _bytes.Write(value);
            return this;
        }

        public Proto String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public Proto Message(int field, Proto message) => Bytes(field, message.ToArray());

        public byte[] ToArray() => _bytes.ToArray();

        private void WriteVarint(ulong value)
        {
            while (value >= 0x80)
            {
                _bytes.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }
            _bytes.WriteByte((byte)value);
        }
    }
}
