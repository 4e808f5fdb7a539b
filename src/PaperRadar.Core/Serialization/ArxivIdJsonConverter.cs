using System.Text.Json;
using System.Text.Json.Serialization;
using PaperRadar.Core.Model;

namespace PaperRadar.Core.Serialization;

/// <summary>Writes an <see cref="ArxivId"/> as its canonical string and validates it on the way back in.</summary>
public sealed class ArxivIdJsonConverter : JsonConverter<ArxivId>
{
    public override ArxivId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return ArxivId.TryParse(text, out var id, out _, out var error) ? id : throw new JsonException(error);
    }

    public override void Write(Utf8JsonWriter writer, ArxivId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
