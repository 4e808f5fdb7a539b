using System.Globalization;
using System.Text.Json;
using PaperRadar.Core.Model;
using PaperRadar.Core.Text;

namespace PaperRadar.Core.Readers;

/// <summary>
/// A Hugging Face <c>api/daily_papers</c> response: one JSON array whose entries are
/// <c>{paper: {id, authors[{name, hidden}], publishedAt, title, summary, upvotes, organization?, githubRepo?},
/// publishedAt, numComments, submittedBy}</c>. Each entry is a record of the arXiv paper it names (title, abstract,
/// authors) with the day's <see cref="CommunitySignals"/>. The array is read one entry at a time, so memory stays
/// flat however long the response; a record's "line" is its position in the array (1 = first entry), since the
/// whole response is one JSON document.
/// </summary>
public sealed class HuggingFaceDailyReader : IPaperReader
{
    public const string FormatName = "hf-daily-papers";

    public string Format => FormatName;

    public IEnumerable<ReadOutcome> Read(Stream stream, string sourcePath, CancellationToken cancellationToken = default)
    {
        using var entries = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, cancellationToken: cancellationToken)
            .ToBlockingEnumerable(cancellationToken).GetEnumerator();
        for (long position = 1; ; position++)
        {
            var location = new SourceLocation(sourcePath, position, FormatName);
            ReadOutcome outcome;
            var damaged = false;
            try
            {
                if (!entries.MoveNext())
                {
                    yield break;
                }
                outcome = Map(entries.Current, location);
            }
            catch (JsonException e)
            {
                // The document itself is damaged (cut short, not an array): what came before it was read.
                var where = e.LineNumber is { } line ? $" near line {line + 1}" : "";
                outcome = ReadOutcome.Reject(location, $"the JSON document is damaged{where}: {e.Message}");
                damaged = true;
            }
            catch (RecordFormatException e)
            {
                outcome = ReadOutcome.Reject(location, e.Message);
            }
            yield return outcome;
            if (damaged)
            {
                yield break;
            }
        }
    }

    private static ReadOutcome Map(JsonElement entry, SourceLocation location)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            return ReadOutcome.Reject(location, $"entry should be an object, found {entry.ValueKind}");
        }
        if (!entry.TryGetProperty("paper", out var paper) || paper.ValueKind != JsonValueKind.Object)
        {
            return ReadOutcome.Reject(location, "missing object 'paper'");
        }
        var idText = JsonFields.String(paper, "id");
        if (idText is null)
        {
            return ReadOutcome.Reject(location, "missing field 'paper.id'");
        }
        if (!ArxivId.TryParse(idText, out var id, out var version, out var error))
        {
            return ReadOutcome.Reject(location, $"invalid field 'paper.id': {error}");
        }
        var title = JsonFields.String(paper, "title") ?? JsonFields.String(entry, "title");
        if (string.IsNullOrWhiteSpace(title))
        {
            return ReadOutcome.Reject(location, "missing field 'paper.title'");
        }
        var featured = Date(entry, "publishedAt");
        if (featured is null)
        {
            return ReadOutcome.Reject(location, "missing field 'publishedAt' (the day the paper was featured)");
        }
        var published = Date(paper, "publishedAt");
        var summary = JsonFields.String(paper, "summary");
        return ReadOutcome.Accept(new PaperRecord
        {
            Id = id,
            Version = version,
            Title = TexText.Decode(Whitespace.Collapse(title)),
            Authors = Authors(paper),
            Abstract = Whitespace.NullIfBlank(summary is null ? null : TexText.Decode(Whitespace.UnwrapParagraphs(summary))),
            Community = new CommunitySignals(
                DateOnly.FromDateTime(featured.Value.UtcDateTime),
                Number(paper, "upvotes"),
                Number(entry, "numComments"),
                entry.TryGetProperty("submittedBy", out var submitter) && submitter.ValueKind == JsonValueKind.Object
                    ? JsonFields.String(submitter, "fullname") ?? JsonFields.String(submitter, "name")
                    : null,
                paper.TryGetProperty("organization", out var organisation) && organisation.ValueKind == JsonValueKind.Object
                    ? JsonFields.String(organisation, "fullname") ?? JsonFields.String(organisation, "name")
                    : null,
                JsonFields.String(paper, "githubRepo") is { } repository ? CodeLinks.Find(repository) : null),
            // The paper's own publication date: arXiv's records, with later versions, outrank this one's metadata.
            AsOf = published,
            Source = location,
        });
    }

    private static List<AuthorName> Authors(JsonElement paper)
    {
        if (!paper.TryGetProperty("authors", out var authors) || authors.ValueKind != JsonValueKind.Array)
        {
            return [];
        }
        var names = new List<AuthorName>();
        foreach (var author in authors.EnumerateArray())
        {
            if (author.ValueKind == JsonValueKind.Object && JsonFields.String(author, "name") is { } name &&
                TexText.Decode(Whitespace.Collapse(name)) is { Length: > 0 } clean)
            {
                names.Add(new AuthorName(clean));
            }
        }
        return names;
    }

    private static int Number(JsonElement element, string property) =>
        !element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null ? 0
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= 0 ? number
        : throw new RecordFormatException($"field '{property}' should be a count, found {value}");

    private static DateTimeOffset? Date(JsonElement element, string property) =>
        JsonFields.String(element, property) is { } text
            ? DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
                ? date
                : throw new RecordFormatException($"field '{property}' is not a date: '{text}'")
            : null;
}
