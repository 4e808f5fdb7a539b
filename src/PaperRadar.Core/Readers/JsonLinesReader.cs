using System.Text.Json;
using PaperRadar.Core.IO;
using PaperRadar.Core.Model;

namespace PaperRadar.Core.Readers;

/// <summary>Shared loop of the JSON-lines formats: one JSON object per line, each mapped on its own.</summary>
public abstract class JsonLinesReader : IPaperReader
{
    private readonly LineReader _lines;

    protected JsonLinesReader(LineReader? lines = null) => _lines = lines ?? new LineReader();

    public abstract string Format { get; }

    public IEnumerable<ReadOutcome> Read(Stream stream, string sourcePath, CancellationToken cancellationToken = default)
    {
        foreach (var line in _lines.ReadLines(stream, cancellationToken))
        {
            var location = new SourceLocation(sourcePath, line.Number, Format);
            if (!line.IsValid)
            {
                yield return ReadOutcome.Reject(location, line.Error!);
                if (line.EndsFile)
                {
                    yield break;
                }
                continue;
            }
            if (string.IsNullOrWhiteSpace(line.Text))
            {
                continue;
            }

            ReadOutcome outcome;
            try
            {
                using var document = JsonDocument.Parse(line.Text);
                outcome = document.RootElement.ValueKind == RecordKind
                    ? Map(document.RootElement, location)
                    : ReadOutcome.Reject(location,
                        $"expected a JSON {(RecordKind == JsonValueKind.Array ? "array" : "object")}, found {document.RootElement.ValueKind}",
                        Excerpt(line.Text));
            }
            catch (JsonException e)
            {
                outcome = ReadOutcome.Reject(location, $"invalid JSON: {e.Message}", Excerpt(line.Text));
            }
            catch (InvalidOperationException e)
            {
                // System.Text.Json reports a string it cannot turn into .NET text (a lone surrogate escape, \ud800).
                outcome = ReadOutcome.Reject(location, $"invalid JSON text: {e.Message}", Excerpt(line.Text));
            }
            catch (RecordFormatException e)
            {
                outcome = ReadOutcome.Reject(location, e.Message, Excerpt(line.Text));
            }
            yield return outcome;
        }
    }

    /// <summary>What each line holds: an object in most layouts, an array in some (<c>["id", {…}]</c>).</summary>
    protected virtual JsonValueKind RecordKind => JsonValueKind.Object;

    /// <summary>Maps one object to a record, or a rejection; may throw <see cref="RecordFormatException"/>.</summary>
    protected abstract ReadOutcome Map(JsonElement record, SourceLocation location);

    protected static string? OptionalString(JsonElement record, string property)
    {
        if (!record.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new RecordFormatException($"field '{property}' should be a string, found {value.ValueKind}");
    }

    protected static IReadOnlyList<string> OptionalStrings(JsonElement record, string property)
    {
        if (!record.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new RecordFormatException($"field '{property}' should be an array, found {value.ValueKind}");
        }
        var result = new List<string>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                throw new RecordFormatException($"field '{property}' should hold strings, found {item.ValueKind}");
            }
            result.Add(item.GetString()!);
        }
        return result;
    }

    /// <summary>Reads and validates the id field: missing and invalid ids are the commonest broken records.</summary>
    protected static bool TryReadId(JsonElement record, SourceLocation location, out ArxivId id, out int? version,
        out ReadOutcome rejection)
    {
        var text = OptionalString(record, "id");
        if (text is null)
        {
            id = default;
            version = null;
            rejection = ReadOutcome.Reject(location, "missing field 'id'");
            return false;
        }
        if (!ArxivId.TryParse(text, out id, out version, out var error))
        {
            rejection = ReadOutcome.Reject(location, $"invalid field 'id': {error}");
            return false;
        }
        rejection = default;
        return true;
    }

    private static string Excerpt(string text) => text.Length <= 200 ? text : text[..200] + "…";
}

/// <summary>A record whose structure breaks its format's rules; the message says which field and how.</summary>
public sealed class RecordFormatException(string message) : Exception(message);
