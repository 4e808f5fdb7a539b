using System.Text.Json;
using PaperRadar.Core.Model;
using PaperRadar.Core.Text;

namespace PaperRadar.Core.Readers;

/// <summary>
/// Semantic Scholar's S2ORC metadata JSON lines: one paper per line with <c>paper_id</c> (its corpus id), title,
/// authors (<c>first</c>, <c>middle[]</c>, <c>last</c>, <c>suffix</c>), abstract, year, venue or journal, the ids
/// other sources know it by (<c>arxiv_id</c>, <c>acl_id</c>, <c>doi</c>) and its citations both ways as corpus ids.
/// </summary>
/// <remarks>
/// A paper is stored under its arXiv id when it has one, else its ACL id, else <c>s2:</c> its corpus id, so that it
/// merges with what arXiv or the ACL Anthology say about it; the other ids link it. A paper with neither arXiv id nor
/// year cannot be placed in time and is rejected.
/// </remarks>
public sealed class SemanticScholarReader : JsonLinesReader
{
    public const string FormatName = "s2orc-metadata";

    public override string Format => FormatName;

    protected override ReadOutcome Map(JsonElement record, SourceLocation location)
    {
        var corpusId = record.TryGetProperty("paper_id", out var paperId) && paperId.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? paperId.ToString()
            : null;
        if (!PaperId.TryForeign(PaperId.SemanticScholarScheme, corpusId, out var s2Id, out var s2Error))
        {
            return ReadOutcome.Reject(location, $"paper_id: {s2Error}");
        }
        var ids = new List<PaperId> { s2Id };
        if (OptionalString(record, "acl_id") is { Length: > 0 } acl)
        {
            if (!PaperId.TryForeign(PaperId.AclScheme, acl, out var aclId, out var aclError))
            {
                return ReadOutcome.Reject(location, $"acl_id: {aclError}");
            }
            ids.Insert(0, aclId);
        }
        if (OptionalString(record, "arxiv_id") is { Length: > 0 } arxiv)
        {
            if (!ArxivId.TryParse(arxiv, out var arxivId, out _, out var arxivError))
            {
                return ReadOutcome.Reject(location, $"arxiv_id: {arxivError}");
            }
            ids.Insert(0, arxivId);
        }
        if (OptionalString(record, "doi") is { Length: > 0 } doi && PaperId.TryForeign(PaperId.DoiScheme, doi, out var doiId, out _))
        {
            ids.Add(doiId);
        }
        var id = ids[0];

        var title = OptionalString(record, "title");
        if (string.IsNullOrWhiteSpace(title))
        {
            return ReadOutcome.Reject(location, $"{id} has no title");
        }
        int? year = record.TryGetProperty("year", out var yearValue) && yearValue.ValueKind == JsonValueKind.Number &&
                    yearValue.TryGetInt32(out var y) && y is >= 1600 and <= 2100 ? y : null;
        if (year is null && id.Arxiv is null)
        {
            return ReadOutcome.Reject(location, $"{id} has no year, so it cannot be placed in time");
        }
        return ReadOutcome.Accept(new PaperRecord
        {
            Id = id,
            Title = Whitespace.Collapse(title),
            Authors = Authors(record, location),
            Abstract = Whitespace.NullIfBlank(OptionalString(record, "abstract")),
            Doi = OptionalString(record, "doi"),
            Venue = Whitespace.NullIfBlank(OptionalString(record, "venue")) ?? Whitespace.NullIfBlank(OptionalString(record, "journal")),
            Year = year,
            OtherIds = ids.Skip(1).ToList(),
            References = CorpusIds(record, "outbound_citations"),
            CitedBy = CorpusIds(record, "inbound_citations"),
            Source = location,
        });
    }

    private static List<AuthorName> Authors(JsonElement record, SourceLocation location)
    {
        if (!record.TryGetProperty("authors", out var authors) || authors.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        if (authors.ValueKind != JsonValueKind.Array)
        {
            throw new RecordFormatException($"field 'authors' should be an array, found {authors.ValueKind}");
        }
        var names = new List<AuthorName>();
        foreach (var author in authors.EnumerateArray())
        {
            if (author.ValueKind != JsonValueKind.Object)
            {
                throw new RecordFormatException($"an author in {location} is {author.ValueKind}, not an object");
            }
            var parts = new List<string?> { OptionalString(author, "first") };
            parts.AddRange(OptionalStrings(author, "middle"));
            parts.Add(OptionalString(author, "last"));
            parts.Add(OptionalString(author, "suffix"));
            var name = Whitespace.Collapse(string.Join(' ', parts.Where(p => !string.IsNullOrWhiteSpace(p))));
            if (name.Length > 0)
            {
                names.Add(new AuthorName(name));
            }
        }
        return names;
    }

    private static List<PaperId>? CorpusIds(JsonElement record, string property)
    {
        var values = OptionalStrings(record, property);
        if (values.Count == 0)
        {
            return null;
        }
        var ids = new List<PaperId>(values.Count);
        foreach (var value in values)
        {
            ids.Add(PaperId.TryForeign(PaperId.SemanticScholarScheme, value, out var id, out var error)
                ? id
                : throw new RecordFormatException($"{property}: {error}"));
        }
        return ids;
    }
}
