using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PaperRadar.Core.Model;
using PaperRadar.Core.Text;

namespace PaperRadar.Core.Readers;

/// <summary>
/// OpenAlex works (<c>https://api.openalex.org/works</c>) as the API answers: a list response
/// <c>{meta: {count, page, per_page}, results: [work, ...]}</c> or one work (<c>/works/W…</c>). Each work is a
/// record of the paper it describes with its outbound citations (<c>referenced_works</c>, as <c>openalex:W…</c> ids)
/// and its citation count (<c>cited_by_count</c>, with the day of <c>updated_date</c>). A record's "line" is its
/// position in <c>results</c> (1 = first), as for the other one-document formats.
/// </summary>
/// <remarks>
/// <para>A work is stored under its arXiv id when OpenAlex knows one (an arXiv DOI <c>10.48550/arXiv.ID</c>, or an
/// arxiv.org location), else its DOI, else its OpenAlex id; the others (DOI, arXiv DOI, OpenAlex id) become other ids
/// of the paper, so citations naming the work by its OpenAlex id resolve to the stored paper. The store keys a work
/// whose ids name a paper it already holds under another id (an ACL paper with that DOI) to that paper.</para>
/// <para>Its metadata only fills what other sources lack (it carries no date ranking it, see
/// <see cref="PaperMerger"/>): arXiv's title, authors and abstract win; an abstract is rebuilt from
/// <c>abstract_inverted_index</c>. A work without a title, or without a year and arXiv id, is rejected with the reason.</para>
/// <para>The whole document is parsed at once (an API page holds at most 200 works); a damaged document yields one
/// rejection naming where, and nothing of it is read.</para>
/// </remarks>
public sealed partial class OpenAlexWorksReader : IPaperReader
{
    public const string FormatName = "openalex-works";

    /// <summary>The DOI prefix arXiv registers its papers under (DataCite, since 2022).</summary>
    public const string ArxivDoiPrefix = "10.48550/arxiv.";

    public string Format => FormatName;

    public IEnumerable<ReadOutcome> Read(Stream stream, string sourcePath, CancellationToken cancellationToken = default)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" near line {line + 1}" : "";
            return [ReadOutcome.Reject(new SourceLocation(sourcePath, 1, FormatName), $"the JSON document is damaged{where}: {e.Message}")];
        }
        return ReadWorks(document, sourcePath, cancellationToken);
    }

    private static IEnumerable<ReadOutcome> ReadWorks(JsonDocument document, string sourcePath, CancellationToken cancellationToken)
    {
        using (document)
        {
            if (Structure(document.RootElement) is { } problem)
            {
                yield return ReadOutcome.Reject(new SourceLocation(sourcePath, 1, FormatName), problem);
                yield break;
            }
            var works = document.RootElement.TryGetProperty("results", out var results)
                ? results.EnumerateArray().ToList()
                : [document.RootElement];
            for (var i = 0; i < works.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var location = new SourceLocation(sourcePath, i + 1, FormatName);
                ReadOutcome outcome;
                try
                {
                    outcome = Map(works[i], location);
                }
                catch (RecordFormatException e)
                {
                    outcome = ReadOutcome.Reject(location, e.Message);
                }
                yield return outcome;
            }
        }
    }

    /// <summary>
    /// Why a whole response is not OpenAlex works (not JSON, not a list response or a work), or null when it is:
    /// a client checks this before storing anything of it.
    /// </summary>
    public static string? Malformed(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 256 });
            using var document = JsonDocument.ParseValue(ref reader);
            return Structure(document.RootElement);
        }
        catch (JsonException e)
        {
            return $"not valid JSON ({e.Message})";
        }
    }

    /// <summary>
    /// The cursor of the next page of a list response asked for with cursor paging (<c>meta.next_cursor</c>), or null
    /// when this page is the last: OpenAlex ends a cursor-paged list with a null cursor, or a page without results.
    /// The body must have passed <see cref="Malformed"/>.
    /// </summary>
    public static string? NextCursor(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 256 });
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (!root.TryGetProperty("results", out var results) || results.GetArrayLength() == 0 ||
            !root.TryGetProperty("meta", out var meta) || meta.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        return JsonFields.String(meta, "next_cursor") is { Length: > 0 } cursor ? cursor : null;
    }

    private static string? Structure(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return $"the JSON document is a {root.ValueKind}, not an OpenAlex list response ({{meta, results}}) or work";
        }
        if (root.TryGetProperty("results", out var results))
        {
            if (results.ValueKind != JsonValueKind.Array)
            {
                return $"'results' is a {results.ValueKind}, not the array of works OpenAlex returns";
            }
            return root.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object &&
                   meta.TryGetProperty("next_cursor", out var cursor) && cursor.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)
                ? $"'meta.next_cursor' is a {cursor.ValueKind}, not the cursor string (or null) of cursor paging"
                : null;
        }
        if (root.TryGetProperty("error", out var error))
        {
            return $"OpenAlex answered with an error: {error}" +
                   (root.TryGetProperty("message", out var message) ? $" ({message})" : "");
        }
        return root.TryGetProperty("id", out _)
            ? null
            : "the JSON object has neither 'results' (a list response) nor 'id' (a work)";
    }

    private static ReadOutcome Map(JsonElement work, SourceLocation location)
    {
        if (work.ValueKind != JsonValueKind.Object)
        {
            return ReadOutcome.Reject(location, $"a work should be an object, found {work.ValueKind}");
        }
        var openAlexText = JsonFields.String(work, "id");
        if (!PaperId.TryForeign(PaperId.OpenAlexScheme, openAlexText, out var openAlexId, out var idError))
        {
            return ReadOutcome.Reject(location, $"field 'id': {idError}");
        }
        var dois = new List<PaperId>();
        string? journalDoi = null;
        ArxivId? arxivId = null;
        foreach (var doiText in new[] { JsonFields.String(work, "doi"), Ids(work, "doi") }.OfType<string>())
        {
            if (!PaperId.TryForeign(PaperId.DoiScheme, doiText, out var doi, out var doiError))
            {
                return ReadOutcome.Reject(location, $"{openAlexId}: field 'doi': {doiError}");
            }
            dois.Add(doi);
            if (doi.LocalId.StartsWith(ArxivDoiPrefix, StringComparison.Ordinal))
            {
                if (ArxivId.TryParse(doi.LocalId[ArxivDoiPrefix.Length..], out var fromDoi))
                {
                    arxivId ??= fromDoi;
                }
            }
            else
            {
                journalDoi ??= doi.LocalId;
            }
        }
        arxivId ??= ArxivLocation(work);

        var title = JsonFields.String(work, "title") ?? JsonFields.String(work, "display_name");
        if (string.IsNullOrWhiteSpace(title))
        {
            return ReadOutcome.Reject(location, $"{openAlexId} has no title");
        }
        int? year = work.TryGetProperty("publication_year", out var yearValue) && yearValue.ValueKind == JsonValueKind.Number &&
                    yearValue.TryGetInt32(out var y) && y is >= 1600 and <= 2100 ? y : null;
        PaperId id = arxivId is { } arxiv ? arxiv
            : journalDoi is not null ? PaperId.Doi(journalDoi)
            : openAlexId;
        if (year is null && arxivId is null)
        {
            return ReadOutcome.Reject(location, $"{openAlexId} has no publication_year, so it cannot be placed in time");
        }
        var otherIds = dois.Append(openAlexId).Where(other => other != id).Distinct().Order().ToList();
        return ReadOutcome.Accept(new PaperRecord
        {
            Id = id,
            Title = Whitespace.Collapse(title),
            Authors = Authors(work),
            Abstract = Abstract(work),
            Doi = journalDoi,
            Year = year,
            OtherIds = otherIds,
            References = References(work),
            CitedByCount = Count(work) is { } count
                ? new CitationCount(count, Day(JsonFields.String(work, "updated_date")), "OpenAlex")
                : null,
            // No AsOf: OpenAlex's metadata ranks below every dated record, so it fills gaps and overrides nothing.
            Source = location,
        });
    }

    /// <summary>An arXiv id from the work's locations (<c>landing_page_url</c> or <c>pdf_url</c> on arxiv.org).</summary>
    private static ArxivId? ArxivLocation(JsonElement work)
    {
        var locations = new List<JsonElement>();
        if (work.TryGetProperty("primary_location", out var primary) && primary.ValueKind == JsonValueKind.Object)
        {
            locations.Add(primary);
        }
        if (work.TryGetProperty("locations", out var all) && all.ValueKind == JsonValueKind.Array)
        {
            locations.AddRange(all.EnumerateArray().Where(l => l.ValueKind == JsonValueKind.Object));
        }
        foreach (var place in locations)
        {
            foreach (var url in new[] { JsonFields.String(place, "landing_page_url"), JsonFields.String(place, "pdf_url") })
            {
                if (url is not null && ArxivUrl().Match(url) is { Success: true } match &&
                    ArxivId.TryParse(match.Groups[1].Value, out var id))
                {
                    return id;
                }
            }
        }
        return null;
    }

    [GeneratedRegex(@"^https?://(?:export\.)?arxiv\.org/(?:abs|pdf)/(.+?)(?:\.pdf)?/?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ArxivUrl();

    private static List<AuthorName> Authors(JsonElement work)
    {
        if (!work.TryGetProperty("authorships", out var authorships) || authorships.ValueKind != JsonValueKind.Array)
        {
            return [];
        }
        var names = new List<AuthorName>();
        foreach (var authorship in authorships.EnumerateArray())
        {
            if (authorship.ValueKind != JsonValueKind.Object)
            {
                throw new RecordFormatException($"an authorship is {authorship.ValueKind}, not an object");
            }
            var name = authorship.TryGetProperty("author", out var author) && author.ValueKind == JsonValueKind.Object
                ? JsonFields.String(author, "display_name")
                : null;
            name ??= JsonFields.String(authorship, "raw_author_name");
            if (name is null || Whitespace.Collapse(name) is not { Length: > 0 } clean)
            {
                continue;
            }
            string? affiliation = null;
            if (authorship.TryGetProperty("institutions", out var institutions) && institutions.ValueKind == JsonValueKind.Array)
            {
                affiliation = institutions.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object)
                    .Select(i => JsonFields.String(i, "display_name")).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n));
            }
            if (affiliation is null && authorship.TryGetProperty("raw_affiliation_strings", out var raw) && raw.ValueKind == JsonValueKind.Array)
            {
                affiliation = raw.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String)
                    .Select(r => r.GetString()).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n));
            }
            names.Add(new AuthorName(clean, affiliation is null ? null : Whitespace.Collapse(affiliation)));
        }
        return names;
    }

    /// <summary>
    /// The abstract from OpenAlex's inverted index (each word with the positions it stands at), its words put back in
    /// order; null when there is none.
    /// </summary>
    private static string? Abstract(JsonElement work)
    {
        if (!work.TryGetProperty("abstract_inverted_index", out var index) || index.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var words = new SortedDictionary<int, string>();
        foreach (var entry in index.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Array)
            {
                throw new RecordFormatException($"abstract_inverted_index['{entry.Name}'] should be an array of positions");
            }
            foreach (var position in entry.Value.EnumerateArray())
            {
                if (position.ValueKind != JsonValueKind.Number || !position.TryGetInt32(out var at) || at < 0)
                {
                    throw new RecordFormatException($"abstract_inverted_index['{entry.Name}'] holds {position}, not a position");
                }
                words[at] = entry.Name;
            }
        }
        var text = new StringBuilder();
        foreach (var word in words.Values)
        {
            text.Append(text.Length == 0 ? "" : " ").Append(word);
        }
        return Whitespace.NullIfBlank(Whitespace.Collapse(text.ToString()));
    }

    private static List<PaperId>? References(JsonElement work)
    {
        if (!work.TryGetProperty("referenced_works", out var referenced) || referenced.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (referenced.ValueKind != JsonValueKind.Array)
        {
            throw new RecordFormatException($"field 'referenced_works' should be an array, found {referenced.ValueKind}");
        }
        var ids = new List<PaperId>();
        foreach (var item in referenced.EnumerateArray())
        {
            var text = item.ValueKind == JsonValueKind.String ? item.GetString() : item.ToString();
            ids.Add(PaperId.TryForeign(PaperId.OpenAlexScheme, text, out var cited, out var error)
                ? cited
                : throw new RecordFormatException($"referenced_works: {error}"));
        }
        return ids.Count == 0 ? null : ids.Distinct().ToList();
    }

    private static int? Count(JsonElement work) =>
        !work.TryGetProperty("cited_by_count", out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count) && count >= 0 ? count
        : throw new RecordFormatException($"field 'cited_by_count' should be a count, found {value}");

    private static DateOnly? Day(string? text) =>
        text is not null && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
            ? DateOnly.FromDateTime(date)
            : null;

    private static string? Ids(JsonElement work, string name) =>
        work.TryGetProperty("ids", out var ids) && ids.ValueKind == JsonValueKind.Object ? JsonFields.String(ids, name) : null;
}
