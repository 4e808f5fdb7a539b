using System.Globalization;
using System.Text.Json;
using PaperRadar.Core.Model;

namespace PaperRadar.Core.Export;

/// <summary>A paper's citations as the store holds them: ids (resolved where the store knows the paper), sorted.</summary>
public sealed record PaperCitations(IReadOnlyList<string> CitedBy, IReadOnlyList<string> References);

/// <summary>
/// The JSON form of a paper shared by <c>show --json</c>, <c>export --format jsonl</c> and the API: every field, nulls
/// included, so consumers see which facts are unknown.
/// </summary>
public static class PaperJsonWriter
{
    /// <param name="citations">When given, written as <c>cited_by</c> and <c>references</c> (lists of ids).</param>
    public static void Write(Utf8JsonWriter json, Paper paper, PaperCitations? citations = null)
    {
        json.WriteStartObject();
        json.WriteString("id", paper.Id.Value);
        json.WriteString("title", paper.Title);
        json.WriteStartArray("authors");
        for (var position = 0; position < paper.Authors.Count; position++)
        {
            json.WriteStartObject();
            json.WriteString("name", paper.Authors[position].Name);
            json.WriteString("affiliation", paper.Authors[position].Affiliation);
            json.WriteString("person_id", paper.PersonIdOfAuthor(position));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteString("abstract", paper.Abstract);
        json.WriteString("primary_category", paper.PrimaryCategory);
        json.WriteStartArray("categories");
        foreach (var category in paper.Categories)
        {
            json.WriteStringValue(category);
        }
        json.WriteEndArray();
        json.WriteString("comments", paper.Comments);
        json.WriteStartObject("comment_facts");
        WriteNumber(json, "pages", paper.CommentFacts.Pages);
        WriteNumber(json, "figures", paper.CommentFacts.Figures);
        WriteNumber(json, "tables", paper.CommentFacts.Tables);
        json.WriteString("venue", paper.CommentFacts.Venue);
        json.WriteString("status", paper.CommentFacts.Status is { } status ? JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString()) : null);
        json.WriteEndObject();
        json.WriteString("journal_ref", paper.JournalRef);
        json.WriteString("doi", paper.Doi);
        json.WriteString("report_no", paper.ReportNo);
        json.WriteString("license", paper.License);
        json.WriteString("submitter", paper.Submitter);
        json.WriteString("msc_class", paper.MscClass);
        json.WriteString("acm_class", paper.AcmClass);
        json.WriteNumber("year", paper.Year);
        json.WriteString("first_appeared", paper.FirstAppeared.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        WriteNumber(json, "latest_version", paper.LatestVersion);
        json.WriteStartArray("versions");
        foreach (var version in paper.Versions)
        {
            json.WriteStartObject();
            json.WriteNumber("version", version.Number);
            json.WriteString("submitted", version.Submitted.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteString("size", version.Size);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("listed_on");
        foreach (var day in paper.ListedOn)
        {
            json.WriteStringValue(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        json.WriteEndArray();
        json.WriteString("abs_url", PaperLinks.Page(paper.Id));
        json.WriteString("pdf_url", PaperLinks.Pdf(paper.Id));
        json.WriteStartArray("other_ids");
        foreach (var other in paper.OtherIds)
        {
            json.WriteStringValue(other.Value);
        }
        json.WriteEndArray();
        json.WriteString("code_url", paper.CodeUrl);
        if (paper.Community is { } community)
        {
            json.WriteStartObject("community");
            json.WriteString("day", community.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteNumber("upvotes", community.Upvotes);
            json.WriteNumber("comments", community.Comments);
            json.WriteString("submitted_by", community.SubmittedBy);
            json.WriteString("organisation", community.Organisation);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("community");
        }
        if (paper.CitedByCount is { } counted)
        {
            json.WriteStartObject("cited_by_count");
            json.WriteNumber("count", counted.Count);
            json.WriteString("day", counted.Counted?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteString("source", counted.Source);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("cited_by_count");
        }
        if (paper.DeletedAtSource is { } deletion)
        {
            json.WriteStartObject("deleted_at_source");
            json.WriteString("day", deletion.Day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteString("source", deletion.Source);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("deleted_at_source");
        }
        json.WriteStartArray("sources");
        foreach (var source in paper.Sources)
        {
            WriteSource(json, null, source);
        }
        json.WriteEndArray();
        json.WriteStartObject("field_sources");
        foreach (var (field, source) in paper.FieldSources.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            WriteSource(json, field, source);
        }
        json.WriteEndObject();
        WriteScores(json, paper.Scores);
        if (citations is not null)
        {
            json.WriteStartArray("cited_by");
            foreach (var id in citations.CitedBy)
            {
                json.WriteStringValue(id);
            }
            json.WriteEndArray();
            json.WriteStartArray("references");
            foreach (var id in citations.References)
            {
                json.WriteStringValue(id);
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    /// <summary>
    /// <c>novelty</c> and <c>impact</c> as numbers (0-100; null where the paper has none), then <c>scores</c> with what
    /// explains them: the nearest earlier papers, the impact model's factors, or why there is no score.
    /// </summary>
    private static void WriteScores(Utf8JsonWriter json, PaperScores? scores)
    {
        WriteNumber(json, "novelty", scores?.Novelty?.Percentile);
        WriteNumber(json, "impact", scores?.Impact?.Score);
        if (scores is null)
        {
            json.WriteNull("scores");
            return;
        }
        json.WriteStartObject("scores");
        if (scores.Novelty is { } novelty)
        {
            json.WriteStartObject("novelty");
            WriteNumber(json, "percentile", novelty.Percentile);
            WriteNumber(json, "distance", novelty.Distance);
            json.WriteString("peer_group", novelty.PeerGroup);
            json.WriteNumber("earlier_papers", novelty.EarlierPapers);
            json.WriteStartArray("nearest_earlier");
            foreach (var neighbour in novelty.Nearest)
            {
                json.WriteStartObject();
                json.WriteString("id", neighbour.Id);
                json.WriteNumber("similarity", Math.Round(neighbour.Similarity, 4));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteString("unscored", novelty.Unscored);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("novelty");
        }
        if (scores.Impact is { } impact)
        {
            json.WriteStartObject("impact");
            WriteNumber(json, "score", impact.Score);
            WriteNumber(json, "expected", impact.Expected);
            json.WriteString("field", impact.Field);
            json.WriteString("outcome", impact.Outcome);
            json.WriteStartArray("factors");
            foreach (var factor in impact.Factors)
            {
                json.WriteStartObject();
                json.WriteString("name", factor.Name);
                json.WriteString("value", factor.Value);
                json.WriteNumber("contribution", Math.Round(factor.Contribution, 4));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteString("unscored", impact.Unscored);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("impact");
        }
        json.WriteEndObject();
    }

    public static string ToJson(Paper paper, PaperCitations? citations = null, bool indented = false)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            Write(json, paper, citations);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteSource(Utf8JsonWriter json, string? name, SourceLocation source)
    {
        if (name is null)
        {
            json.WriteStartObject();
        }
        else
        {
            json.WriteStartObject(name);
        }
        json.WriteString("format", source.Format);
        json.WriteString("file", source.File);
        json.WriteNumber("line", source.Line);
        json.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, Math.Round(v, 4));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}

/// <summary>
/// Where a paper can be read: its page at its source (arXiv, the ACL Anthology, Semantic Scholar, doi.org) and its
/// PDF where the source serves one at a known address.
/// </summary>
public static class PaperLinks
{
    public static string Page(PaperId id) => id.Scheme switch
    {
        PaperId.AclScheme => "https://aclanthology.org/" + id.LocalId,
        PaperId.SemanticScholarScheme => "https://api.semanticscholar.org/CorpusID:" + id.LocalId,
        PaperId.DoiScheme => "https://doi.org/" + id.LocalId,
        PaperId.OpenAlexScheme => "https://openalex.org/" + id.LocalId,
        _ => "https://arxiv.org/abs/" + id.Value,
    };

    public static string? Pdf(PaperId id) => id.Scheme switch
    {
        PaperId.AclScheme => "https://aclanthology.org/" + id.LocalId + ".pdf",
        PaperId.SemanticScholarScheme or PaperId.DoiScheme or PaperId.OpenAlexScheme => null,
        _ => "https://arxiv.org/pdf/" + id.Value,
    };

    /// <summary>"arXiv", "ACL Anthology", ...: the name of the source the id belongs to.</summary>
    public static string SourceName(PaperId id) => id.Scheme switch
    {
        PaperId.AclScheme => "ACL Anthology",
        PaperId.SemanticScholarScheme => "Semantic Scholar",
        PaperId.DoiScheme => "DOI",
        PaperId.OpenAlexScheme => "OpenAlex",
        _ => "arXiv",
    };
}
