using System.Text.Json;
using System.Text.RegularExpressions;
using PaperRadar.Core.Model;
using PaperRadar.Core.Text;

namespace PaperRadar.Core.Readers;

/// <summary>
/// The daily crawler's JSON lines (<c>arxiv-daily/YYYY-MM-DD.jsonl.gz</c>): <c>{id, pdf, abs, authors, title,
/// categories, comment, summary}</c>. The file's date is the day the paper was listed.
/// </summary>
public sealed partial class ArxivDailyReader : JsonLinesReader
{
    public const string FormatName = "arxiv-daily";

    public override string Format => FormatName;

    /// <summary>
    /// The crawler copies arXiv's subject line, which mixes ACM classes ("I.2.7") and MSC codes ("68T05") in with
    /// the categories; they are classifications, not categories, so they go to their own fields. The arXiv API's Atom
    /// category terms mix them in the same way.
    /// </summary>
    internal static (List<string> Categories, List<string> Acm, List<string> Msc) ClassifyCategories(IReadOnlyList<string> values)
    {
        var categories = new List<string>();
        var acm = new List<string>();
        var msc = new List<string>();
        foreach (var raw in values)
        {
            var value = raw.Trim();
            var target = value.Length == 0 ? null
                : AcmClass().IsMatch(value) ? acm
                : MscClass().IsMatch(value) ? msc
                : categories;
            if (target is not null && !target.Contains(value, StringComparer.Ordinal))
            {
                target.Add(value);
            }
        }
        return (categories, acm, msc);
    }

    [GeneratedRegex(@"^[A-K]\.(\d+|m)(\.(\d+|m))?$", RegexOptions.CultureInvariant)]
    private static partial Regex AcmClass();

    [GeneratedRegex(@"^\d\d[A-Z-](\d\d|xx)$", RegexOptions.CultureInvariant)]
    private static partial Regex MscClass();

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
        var (categories, acmClasses, mscClasses) = ClassifyCategories(OptionalStrings(record, "categories"));
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
            Categories = categories,
            AcmClass = acmClasses.Count > 0 ? string.Join("; ", acmClasses) : null,
            MscClass = mscClasses.Count > 0 ? string.Join("; ", mscClasses) : null,
            Comments = Whitespace.NullIfBlank(OptionalString(record, "comment") is { } c ? Whitespace.Collapse(c) : null),
            ListedOn = day is { } d ? [d] : [],
            AsOf = day is { } listed ? new DateTimeOffset(listed.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
            Source = location,
        });
    }
}
