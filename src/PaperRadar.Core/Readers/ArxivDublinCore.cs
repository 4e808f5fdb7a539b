using System.Globalization;
using PaperRadar.Core.Model;
using PaperRadar.Core.Text;

namespace PaperRadar.Core.Readers;

/// <summary>The Dublin Core fields of one arXiv <c>oai_dc</c> record, each a list of strings as arXiv gives them.</summary>
internal sealed class DublinCoreFields
{
    public List<string> Title { get; } = [];
    public List<string> Creator { get; } = [];
    public List<string> Subject { get; } = [];
    public List<string> Description { get; } = [];
    public List<string> Date { get; } = [];
    public List<string> Identifier { get; } = [];

    /// <summary>The list of a Dublin Core element by its name, or null for an element that is not mapped.</summary>
    public List<string>? Named(string name) => name switch
    {
        "title" => Title,
        "creator" => Creator,
        "subject" => Subject,
        "description" => Description,
        "date" => Date,
        "identifier" => Identifier,
        _ => null,
    };
}

/// <summary>
/// arXiv's Dublin Core (<c>oai_dc</c>) record as a <see cref="PaperRecord"/>, for the OAI-PMH responses and the
/// oai_dc JSON lines alike:
/// <list type="bullet">
/// <item><c>identifier</c>: the abs URL (the id when none is given apart), then the journal reference as free text
/// and each DOI as <c>doi:10.…</c>.</item>
/// <item><c>creator</c>: "Keyname, Forenames" or "Keyname, Suffix, Forenames" ("Heath, Jr., Robert W."), turned
/// into "Forenames Keyname Suffix" as every other format names authors; a name without a comma (a collaboration,
/// a mononym) stays as it is.</item>
/// <item><c>description</c>: the abstract, then "Comment: …" when the paper has comments.</item>
/// <item><c>subject</c>: category names, primary first, then MSC and ACM classes (<see cref="ArxivSubjects"/>).</item>
/// <item><c>date</c>: the day of v1, then the day of the latest version when there are several (arXiv gives no
/// more: a record with two dates has at least two versions, but which number the latest is, it does not say). So
/// v1 is a version with its day; the latest version's day is the record's <see cref="PaperRecord.AsOf"/>, and its
/// number stays unknown. arXiv writes these days in its own (US Eastern) calendar, so a v1 submitted late in the
/// evening can be a day before its UTC timestamp in arXivRaw.</item>
/// </list>
/// </summary>
internal static class ArxivDublinCore
{
    private const string CommentPrefix = "Comment:";

    public static ReadOutcome Map(string? idText, DublinCoreFields dc, SourceLocation location)
    {
        idText ??= dc.Identifier.FirstOrDefault(IsAbsUrl);
        if (string.IsNullOrWhiteSpace(idText))
        {
            return ReadOutcome.Reject(location, "the record has no arXiv id (no id, and no abs URL among its identifiers)");
        }
        if (!ArxivId.TryParse(idText, out var id, out _, out var idError))
        {
            return ReadOutcome.Reject(location, $"invalid arXiv id: {idError}");
        }
        var title = dc.Title.FirstOrDefault(t => !string.IsNullOrWhiteSpace(t));
        if (title is null)
        {
            return ReadOutcome.Reject(location, $"{id} has no title");
        }

        var days = new List<DateTimeOffset>(dc.Date.Count);
        foreach (var text in dc.Date)
        {
            if (!DateTimeOffset.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var day))
            {
                return ReadOutcome.Reject(location, $"{id}: the date '{text}' is not a day like 2012-01-31");
            }
            days.Add(day);
        }

        string? abstractText = null;
        string? comments = null;
        foreach (var description in dc.Description)
        {
            if (description.TrimStart().StartsWith(CommentPrefix, StringComparison.Ordinal))
            {
                comments ??= Whitespace.NullIfBlank(Whitespace.Collapse(description.TrimStart()[CommentPrefix.Length..]));
            }
            else if (abstractText is null && !string.IsNullOrWhiteSpace(description))
            {
                abstractText = TexText.Decode(Whitespace.UnwrapParagraphs(description));
            }
        }

        var dois = new List<string>();
        var journalRefs = new List<string>();
        foreach (var identifier in dc.Identifier)
        {
            var text = Whitespace.Collapse(identifier);
            if (text.Length == 0 || IsAbsUrl(text))
            {
                continue;
            }
            if (text.StartsWith("doi:", StringComparison.OrdinalIgnoreCase))
            {
                // arXiv splits the DOI field on spaces; a stray ';' from "10.1/x; 10.1/y" stays on the first.
                var doi = text[4..].Trim().TrimEnd(';', ',').Trim();
                if (doi.Length > 0 && !dois.Contains(doi, StringComparer.Ordinal))
                {
                    dois.Add(doi);
                }
            }
            else if (!journalRefs.Contains(text, StringComparer.Ordinal))
            {
                journalRefs.Add(text);
            }
        }

        var (categories, mscClass, acmClass) = ArxivSubjects.Classify(dc.Subject);
        return ReadOutcome.Accept(new PaperRecord
        {
            Id = id,
            Version = days.Count == 1 ? 1 : null,
            Title = TexText.Decode(Whitespace.Collapse(title)),
            Authors = dc.Creator.Select(Author).Where(a => a is not null).Select(a => a!).ToList(),
            Abstract = Whitespace.NullIfBlank(abstractText),
            Categories = categories,
            Comments = comments,
            JournalRef = journalRefs.Count > 0 ? string.Join("; ", journalRefs) : null,
            Doi = dois.Count > 0 ? string.Join(' ', dois) : null,
            MscClass = mscClass,
            AcmClass = acmClass,
            Versions = days.Count > 0 ? [new PaperVersion(1, days[0])] : [],
            AsOf = days.Count > 0 ? days.Max() : null,
            Source = location,
        });
    }

    /// <summary>"Callan, David" is David Callan; "Heath, Jr., Robert W." is Robert W. Heath Jr.</summary>
    internal static AuthorName? Author(string creator)
    {
        var parts = Whitespace.Collapse(creator).Split(',', StringSplitOptions.TrimEntries);
        var name = parts.Length switch
        {
            2 => Join(parts[1], parts[0]),
            3 => Join(parts[2], parts[0], parts[1]),
            _ => string.Join(", ", parts.Where(p => p.Length > 0)),
        };
        return name.Length == 0 ? null : new AuthorName(TexText.Decode(name));
    }

    private static string Join(params string[] parts) => string.Join(' ', parts.Where(p => p.Length > 0));

    internal static bool IsAbsUrl(string text) =>
        text.Contains("arxiv.org/abs/", StringComparison.OrdinalIgnoreCase) &&
        (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ||
         text.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
}
