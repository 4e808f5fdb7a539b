using System.Text.Json;
using PaperRadar.Core.Model;
using PaperRadar.Core.Text;

namespace PaperRadar.Core.Readers;

/// <summary>
/// The daily crawler's JSON lines (<c>arxiv-daily/YYYY-MM-DD.jsonl.gz</c>): <c>{id, pdf, abs, authors, title,
/// categories, comment, summary}</c>. The file's date is the day the paper was listed.
/// </summary>
public sealed class ArxivDailyReader : JsonLinesReader
{
    public const string FormatName = "arxiv-daily";

    public override string Format => FormatName;

    protected override ReadOutcome Map(JsonElement record, SourceLocation location)
    {
        if (!TryReadId(record, location, out var id, out var version, out var rejection))
        {
            return rejection;
        }
        var title = OptionalString(record, "title");
        if (string.IsNullOrWhiteSpace(title))
        {
            return ReadOutcome.Reject(location, "missing field 'title'");
        }
        var day = ArxivDates.DayFromFileName(location.File);
        var summary = OptionalString(record, "summary");
        return ReadOutcome.Accept(new PaperRecord
        {
            Id = id,
            Version = version,
            Title = TexText.Decode(Whitespace.Collapse(title)),
            Authors = OptionalStrings(record, "authors")
                .Select(name => TexText.Decode(Whitespace.Collapse(name)))
                .Where(name => name.Length > 0)
                .Select(name => new AuthorName(name))
                .ToList(),
            Abstract = Whitespace.NullIfBlank(summary is null ? null : TexText.Decode(Whitespace.UnwrapParagraphs(summary))),
            Categories = OptionalStrings(record, "categories").Select(c => c.Trim()).Where(c => c.Length > 0).Distinct().ToList(),
            Comments = Whitespace.NullIfBlank(OptionalString(record, "comment") is { } c ? Whitespace.Collapse(c) : null),
            ListedOn = day is { } d ? [d] : [],
            AsOf = day is { } listed ? new DateTimeOffset(listed.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
            Source = location,
        });
    }
}
