using System.Text.Json;

namespace PaperRadar.Core.Readers;

/// <summary>Fields of the JSON records the readers take apart, read with a clear error when one has the wrong type.</summary>
internal static class JsonFields
{
    /// <summary>A string field; null when it is absent or null; a <see cref="RecordFormatException"/> when it is not a string.</summary>
    public static string? String(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : throw new RecordFormatException($"field '{property}' should be a string, found {value.ValueKind}")
            : null;
}
