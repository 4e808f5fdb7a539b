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

    private const byte Plain = 0;
    private const byte Deflated = 1;

    /// <summary>Records shorter than this are stored as they are: deflating them costs more time than it saves space.</summary>
    private const int CompressFrom = 1_024;

    /// <summary>
    /// The stored form: one marker byte, then the JSON, deflated when it is long enough for that to pay (abstracts make
    /// up most of a long record and halve under the fastest level).
    /// </summary>
    public static byte[] Compress(byte[] json)
    {
        if (json.Length < CompressFrom)
        {
            var plain = new byte[json.Length + 1];
            plain[0] = Plain;
            json.CopyTo(plain, 1);
            return plain;
        }
        using var buffer = new MemoryStream(json.Length / 2 + 64);
        buffer.WriteByte(Deflated);
        using (var deflate = new DeflateStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            deflate.Write(json);
        }
        return buffer.ToArray();
    }

    public static PaperRecord DeserializeCompressed(byte[] stored)
    {
        if (stored.Length == 0 || stored[0] is not (Plain or Deflated))
        {
            throw new JsonException("a stored record has an unknown encoding");
        }
        if (stored[0] == Plain)
        {
            return Deserialize(stored.AsSpan(1));
        }
        using var deflate = new DeflateStream(new MemoryStream(stored, 1, stored.Length - 1), CompressionMode.Decompress);
        using var json = new MemoryStream(stored.Length * 3);
        deflate.CopyTo(json);
        return Deserialize(json.GetBuffer().AsSpan(0, (int)json.Length));
    }
}

// PaperId's converter is attached to the type, not listed here: an options-level converter turns off the
// source generator's fast serialization path, which made serialization a third of the reader thread's time.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PaperRecord))]
internal sealed partial class PaperRecordJsonContext : JsonSerializerContext;
