using System.Text.Json;
using System.Text.Json.Serialization;
using PaperRadar.Core.Model;

namespace PaperRadar.Core.Serialization;

/// <summary>Writes a <see cref="PaperId"/> as its string and validates it on the way back in.</summary>
public sealed class PaperIdJsonConverter : JsonConverter<PaperId>
{
    public override PaperId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return PaperId.TryParse(text, out var id, out _, out var error) ? id : throw new JsonException(error);
    }

    public override void Write(Utf8JsonWriter writer, PaperId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
