using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using PaperRadar.Core.Model;

namespace PaperRadar.Core.Serialization;

/// <summary>
/// The stored form of a <see cref="PaperRecord"/> (what one source said), compact and stable so that its hash
/// tells whether a re-imported record changed.
/// </summary>
public static class PaperRecordJson
{
    public static byte[] Serialize(PaperRecord record) =>
        JsonSerializer.SerializeToUtf8Bytes(record, PaperRecordJsonContext.Default.PaperRecord);

    public static PaperRecord Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, PaperRecordJsonContext.Default.PaperRecord)
        ?? throw new JsonException("a stored record is null");

    /// <summary>Deflate-compressed JSON: abstracts make up most of a record and halve under the fastest level.</summary>
    public static byte[] Compress(byte[] json)
    {
        using var buffer = new MemoryStream(json.Length / 2 + 64);
        using (var deflate = new DeflateStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            deflate.Write(json);
        }
        return buffer.ToArray();
    }

    public static PaperRecord DeserializeCompressed(byte[] compressed)
    {
        using var deflate = new DeflateStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var json = new MemoryStream(compressed.Length * 3);
        deflate.CopyTo(json);
        return Deserialize(json.GetBuffer().AsSpan(0, (int)json.Length));
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(ArxivIdJsonConverter)])]
[JsonSerializable(typeof(PaperRecord))]
internal sealed partial class PaperRecordJsonContext : JsonSerializerContext;
