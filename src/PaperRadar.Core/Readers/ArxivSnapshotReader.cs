using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using PaperRadar.Core.Model;
using PaperRadar.Core.Text;

namespace PaperRadar.Core.Readers;

/// <summary>
/// The arXiv metadata snapshot (<c>arxiv-metadata-oai-snapshot.json</c>): one JSON object per line with id,
/// submitter, authors, authors_parsed, title, comments, journal-ref, doi, report-no, categories, license, abstract,
/// versions and update_date. The real file is ~4.5 GB, so this reads it line by line.
/// </summary>
public sealed partial class ArxivSnapshotReader : JsonLinesReader
{
    public const string FormatName = "arxiv-snapshot";

    public override string Format => FormatName;

    protected override ReadOutcome Map(JsonElement record, SourceLocation location)
    {
        if (!TryReadId(record, location, out var id, out _, out var rejection))
        {
            return rejection;
        }
        var title = OptionalString(record, "title");
        if (string.IsNullOrWhiteSpace(title))
        {
            return ReadOutcome.Reject(location, "missing field 'title'");
        }

        var versions = ReadVersions(record);
        var latest = versions.Count > 0 ? versions[^1] : null;
        DateTimeOffset? asOf = latest?.Submitted;
        if (asOf is null && ArxivDates.TryParse(OptionalString(record, "update_date"), out var updated))
        {
            asOf = updated;
        }

        var abstractText = OptionalString(record, "abstract");
        return ReadOutcome.Accept(new PaperRecord
        {
            Id = id,
            Version = latest?.Number,
            Title = TexText.Decode(Whitespace.Collapse(title)),
            Authors = ReadAuthors(record),
            Abstract = Whitespace.NullIfBlank(abstractText is null ? null : TexText.Decode(Whitespace.UnwrapParagraphs(abstractText))),
            Categories = (OptionalString(record, "categories") ?? "")
                .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList(),
            Comments = Clean(OptionalString(record, "comments")),
            JournalRef = Clean(OptionalString(record, "journal-ref")),
            Doi = Clean(OptionalString(record, "doi")),
            ReportNo = Clean(OptionalString(record, "report-no")),
            License = Clean(OptionalString(record, "license")),
            Submitter = Clean(OptionalString(record, "submitter")),
            Versions = versions,
            AsOf = asOf,
            Source = location,
        });
    }

    private static string? Clean(string? text) => Whitespace.NullIfBlank(text is null ? null : Whitespace.Collapse(text));

    private static List<PaperVersion> ReadVersions(JsonElement record)
    {
        var versions = new List<PaperVersion>();
        if (!record.TryGetProperty("versions", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return versions;
        }
        foreach (var item in array.EnumerateArray())
        {
            var label = item.ValueKind == JsonValueKind.Object ? OptionalString(item, "version") : null;
            var created = item.ValueKind == JsonValueKind.Object ? OptionalString(item, "created") : null;
            if (label is null || label.Length < 2 || label[0] != 'v' ||
                !int.TryParse(label.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                throw new RecordFormatException($"field 'versions' has an entry without a version like 'v1': {item}");
            }
            if (!ArxivDates.TryParse(created, out var date))
            {
                throw new RecordFormatException($"field 'versions' has v{number} with an unreadable date '{created}'");
            }
            versions.Add(new PaperVersion(number, date));
        }
        versions.Sort((a, b) => a.Number.CompareTo(b.Number));
        return versions;
    }

    /// <summary>
    /// Names come from <c>authors_parsed</c> ([last, first, suffix, affiliation?]), which arXiv has already split;
    /// the free-text <c>authors</c> string is the fallback. Where <c>authors_parsed</c> gives only the labels of
    /// numbered affiliations ("1 and 2"), the texts they stand for come from the free-text line.
    /// </summary>
    private static List<AuthorName> ReadAuthors(JsonElement record)
    {
        var authors = new List<AuthorName>();
        if (record.TryGetProperty("authors_parsed", out var parsed) && parsed.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in parsed.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }
                var parts = entry.EnumerateArray().Select(p => p.ValueKind == JsonValueKind.String ? Whitespace.Collapse(p.GetString()!) : "").ToList();
                var last = parts.ElementAtOrDefault(0) ?? "";
                // arXiv's splitter writes the initials "C.-P." as "C. -P."; the paper's own line has "C.-P.".
                var first = (parts.ElementAtOrDefault(1) ?? "").Replace(". -", ".-", StringComparison.Ordinal);
                var suffix = parts.ElementAtOrDefault(2) ?? "";
                var affiliation = parts.Count > 3 ? Whitespace.NullIfBlank(string.Join(", ", parts.Skip(3).Where(p => p.Length > 0))) : null;
                var name = string.Join(' ', new[] { first, last, suffix }.Where(p => p.Length > 0));
                if (name.Length > 0)
                {
                    authors.Add(new AuthorName(TexText.Decode(name), affiliation is null ? null : TexText.Decode(affiliation)));
                }
            }
            if (authors.Count > 0)
            {
                return authors.Any(a => a.Affiliation is not null && IsLabelList(a.Affiliation))
                    ? ResolveLabels(authors, OptionalString(record, "authors"))
                    : authors;
            }
        }
        var text = OptionalString(record, "authors");
        if (!string.IsNullOrWhiteSpace(text))
        {
            authors.AddRange(AuthorListParser.Parse(text));
        }
        return authors;
    }

    /// <summary>"1", "1 and 2", "1,3", "a, b": labels of numbered affiliations, not affiliations.</summary>
    private static bool IsLabelList(string affiliation) => LabelList().IsMatch(affiliation);

    [GeneratedRegex(@"^\s*(\d{1,3}|[a-z])(\s*(,|;|and|&)\s*(\d{1,3}|[a-z])|\s+\d{1,3})*\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelList();

    /// <summary>
    /// Replaces label-only affiliations by the free-text parser's, when it finds the same authors; a label that
    /// cannot be resolved is dropped rather than kept as if it were an institution.
    /// </summary>
    private static List<AuthorName> ResolveLabels(List<AuthorName> authors, string? text)
    {
        var parsed = string.IsNullOrWhiteSpace(text) ? [] : AuthorListParser.Parse(text);
        var resolvable = parsed.Count == authors.Count;
        return authors.Select((author, i) =>
            author.Affiliation is { } affiliation && IsLabelList(affiliation)
                ? author with { Affiliation = resolvable ? parsed[i].Affiliation : null }
                : author).ToList();
    }
}
