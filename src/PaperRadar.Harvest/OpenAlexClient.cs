using PaperRadar.Core.Model;
using PaperRadar.Core.Readers;
using PaperRadar.Storage;

namespace PaperRadar.Harvest;

/// <summary>
/// OpenAlex works (<c>/works?filter=doi:A|B|…</c> or <c>filter=ids.openalex:W…|…</c>) for citations: each answer is
/// read with <see cref="OpenAlexWorksReader"/> (the reader <c>import</c> uses) and stored as one transaction. A work's
/// <c>referenced_works</c> become citations from its paper to <c>openalex:W…</c> ids, which resolve to stored papers
/// known by that OpenAlex id (every fetched work's id becomes an id of its paper), and count before they resolve; its
/// <c>cited_by_count</c> is kept as the paper's known citation count. Each work is stored under the URL that returns
/// it alone (<c>/works/W…</c>), so fetching it again replaces its record and its citations.
/// </summary>
/// <remarks>
/// An arXiv paper is asked for by its arXiv DOI (<c>10.48550/arXiv.ID</c>) and, when it has one, by its journal DOI
/// (OpenAlex often holds the preprint and the published version as two works: both are stored; the paper's count is
/// the latest one); another paper by its DOI, else its OpenAlex id. Each request names at most <see cref="BatchSize"/>
/// ids, is sent with the contact address as <c>mailto</c> (OpenAlex's "polite pool"), and goes through
/// <see cref="PoliteHttpClient"/> (delay between requests, Retry-After on 429 and 503, retries with backoff).
/// </remarks>
public sealed class OpenAlexClient(PaperStore store, PoliteHttpClient http, string baseUrl = OpenAlexClient.DefaultBaseUrl)
{
    public const string DefaultBaseUrl = "https://api.openalex.org";

    /// <summary>Ids per request: OpenAlex takes up to 100 values in one OR filter; 50 keeps URLs short.</summary>
    public const int BatchSize = 50;

    /// <summary>Without --from, a harvest asks about the papers that appeared in this many days up to today.</summary>
    public const int DefaultRecentDays = 30;

    /// <summary>Notes about ids OpenAlex lacks are kept up to this many; the count goes on.</summary>
    private const int MissingNotesKept = 20;

    private readonly string _baseUrl = baseUrl.TrimEnd('/');

    /// <summary>One paper to ask about: how to name it to the user, and the filter values that may find its works.</summary>
    private sealed record Ask(string Label, IReadOnlyList<(string Filter, string Value)> Keys);

    /// <summary>
    /// Fetches the works of arXiv ids (<c>2410.17243</c>), DOIs (<c>10.18653/v1/N19-1423</c>, <c>doi:…</c>) or
    /// OpenAlex ids (<c>W2741809807</c>); a stored paper is also asked for by its journal DOI.
    /// </summary>
    public Task<HarvestReport> FetchAsync(IReadOnlyList<string> ids, IProgress<HarvestProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var asks = ids.Select(Parse).ToList();
        return RunAsync(asks, progress, cancellationToken);
    }

    /// <summary>Fetches the works of every stored paper that first appeared between the two days (inclusive).</summary>
    public Task<HarvestReport> RefreshAsync(DateOnly from, DateOnly until, IProgress<HarvestProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        if (until < from)
        {
            throw new ArgumentException($"--until {until:yyyy-MM-dd} is before --from {from:yyyy-MM-dd}");
        }
        var asks = new List<Ask>();
        var without = 0;
        foreach (var paper in store.PapersAppearedBetween(from, until))
        {
            var keys = Keys(paper);
            if (keys.Count == 0)
            {
                without++;
                continue;
            }
            asks.Add(new Ask(paper.Id.Value, keys));
        }
        return RunAsync(asks, progress, cancellationToken, without == 0 ? null
            : $"{without:N0} stored papers of {from:yyyy-MM-dd}..{until:yyyy-MM-dd} have no arXiv id, DOI or OpenAlex id to ask OpenAlex by");
    }

    private Ask Parse(string text)
    {
        var trimmed = text.Trim();
        if (ArxivId.TryParse(trimmed, out var arxiv))
        {
            return new Ask(trimmed, Keys(store.FindPaperByAnyId(arxiv) ?? new PaperLookupIds(arxiv, null, null)));
        }
        var asId = trimmed.StartsWith("10.", StringComparison.Ordinal) ? "doi:" + trimmed
            : trimmed.StartsWith('W') || trimmed.Contains("openalex.org/", StringComparison.OrdinalIgnoreCase) ? "openalex:" + trimmed
            : trimmed;
        if (!PaperId.TryParse(asId, out var id, out _, out var error) || id.Scheme is not (PaperId.DoiScheme or PaperId.OpenAlexScheme))
        {
            throw new ArgumentException($"'{text}' is not an arXiv id, a DOI (10.…) or an OpenAlex work id (W…)" +
                                        (error is null ? "" : $": {error}"));
        }
        var stored = store.FindPaperByAnyId(id);
        var keys = stored is null ? [] : Keys(stored);
        var own = id.Scheme == PaperId.DoiScheme ? ("doi", id.LocalId) : ("ids.openalex", id.LocalId);
        return new Ask(trimmed, keys.Contains(own) ? keys : [own, .. keys]);
    }

    /// <summary>The filter values that find a stored paper's works: its arXiv DOI, its DOIs, else its OpenAlex id.</summary>
    private static List<(string Filter, string Value)> Keys(PaperLookupIds paper)
    {
        var keys = new List<(string, string)>();
        if (paper.Id.Arxiv is { } arxiv)
        {
            keys.Add(("doi", OpenAlexWorksReader.ArxivDoiPrefix + arxiv.Value.ToLowerInvariant()));
        }
        else if (paper.Id.Scheme == PaperId.DoiScheme)
        {
            keys.Add(("doi", paper.Id.LocalId));
        }
        foreach (var token in (paper.Doi ?? "").Split((char[])[' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (PaperId.TryForeign(PaperId.DoiScheme, token, out var doi, out _) && !keys.Contains(("doi", doi.LocalId)))
            {
                keys.Add(("doi", doi.LocalId));
            }
        }
        if (keys.Count == 0 && paper.OpenAlexId is { } openAlex && PaperId.TryParse(openAlex, out var work))
        {
            keys.Add(("ids.openalex", work.LocalId));
        }
        // A filter value cannot hold OpenAlex's separators (',' between filters, '|' between values).
        return keys.Where(k => !k.Item2.Contains(',', StringComparison.Ordinal) && !k.Item2.Contains('|', StringComparison.Ordinal)).ToList();
    }

    private async Task<HarvestReport> RunAsync(List<Ask> asks, IProgress<HarvestProgress>? progress,
        CancellationToken cancellationToken, string? note = null)
    {
        var report = new HarvestReport("openalex", _baseUrl);
        if (note is not null)
        {
            report.Note(note);
        }
        var mailto = http.Settings.Contact is { } contact && contact.Contains('@', StringComparison.Ordinal) ? contact : null;
        if (mailto is null)
        {
            report.Note("no contact e-mail address is configured (--contact or $" + HarvestConfiguration.ContactVariable +
                        "), so requests carry no mailto and OpenAlex serves them from its common pool, not its polite one");
        }
        var found = new HashSet<(string, string)>();
        var missingNotes = 0;
        long done = 0;
        // Every key of a paper goes in the same request, so a paper is known found or missing after its request.
        foreach (var chunk in Chunk(asks))
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new HarvestProgress(report.Pages, done, asks.Count, $"asking OpenAlex about {chunk.Count} papers"));
            foreach (var group in chunk.SelectMany(a => a.Keys).Distinct().GroupBy(k => k.Filter))
            {
                var values = string.Join('|', group.Select(k => k.Value));
                var url = new Uri($"{_baseUrl}/works?filter={group.Key}:{Uri.EscapeDataString(values)}" +
                                  $"&per-page={Math.Min(200, 2 * group.Count())}" +
                                  (mailto is null ? "" : $"&mailto={Uri.EscapeDataString(mailto)}"));
                if (!await FetchPage(url, report, found, cancellationToken).ConfigureAwait(false))
                {
                    return report;
                }
            }
            foreach (var ask in chunk.Where(a => !a.Keys.Any(found.Contains)))
            {
                report.Missing++;
                if (missingNotes++ < MissingNotesKept)
                {
                    report.Note($"OpenAlex has no work for {ask.Label}");
                }
            }
            done += chunk.Count;
            progress?.Report(new HarvestProgress(report.Pages, done, asks.Count, $"stored the works of {done:N0} of {asks.Count:N0} papers"));
        }
        if (missingNotes > MissingNotesKept)
        {
            report.Note($"... and {missingNotes - MissingNotesKept:N0} more ids OpenAlex has no work for");
        }
        report.NothingNew = asks.Count == 0;
        return report;
    }

    /// <summary>The asks in groups whose keys fit one request each.</summary>
    private static IEnumerable<List<Ask>> Chunk(List<Ask> asks)
    {
        var chunk = new List<Ask>();
        var keys = 0;
        foreach (var ask in asks)
        {
            if (chunk.Count > 0 && keys + ask.Keys.Count > BatchSize)
            {
                yield return chunk;
                chunk = [];
                keys = 0;
            }
            chunk.Add(ask);
            keys += ask.Keys.Count;
        }
        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    /// <summary>One answer, checked whole and then stored in one transaction; false (the report's error set) when it failed.</summary>
    private async Task<bool> FetchPage(Uri url, HarvestReport report, HashSet<(string, string)> found,
        CancellationToken cancellationToken)
    {
        FetchedResponse fetched;
        try
        {
            fetched = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
        }
        catch (HarvestException e)
        {
            report.Error = e.Message + "; what came before this request is stored";
            return false;
        }
        report.Requests++;
        if (!fetched.IsSuccess)
        {
            report.Error = $"{url} answered HTTP {(int)fetched.Status} {fetched.Status} after {fetched.Attempts} " +
                           $"attempt{(fetched.Attempts == 1 ? "" : "s")}: {OaiPmhHarvester.Excerpt(fetched.Body)}";
            return false;
        }
        if (OpenAlexWorksReader.Malformed(fetched.Body) is { } problem)
        {
            report.Error = $"{url} returned a malformed response: {problem}; nothing of it was stored";
            return false;
        }
        var records = new List<PreparedRecord>();
        var outcomes = new OpenAlexWorksReader().Read(new MemoryStream(fetched.Body, writable: false), url.ToString(),
            cancellationToken).ToList();
        foreach (var outcome in outcomes)
        {
            if (outcome.Record is not { } record)
            {
                report.Reject(outcome.Rejection!);
                continue;
            }
            var work = record.OtherIds!.Append(record.Id).First(i => i.Scheme == PaperId.OpenAlexScheme);
            records.Add(PreparedRecord.From(record with
            {
                Source = new SourceLocation($"{_baseUrl}/works/{work.LocalId}", 1, record.Source.Format),
            }));
            report.References += record.References?.Count ?? 0;
            foreach (var id in record.OtherIds!.Append(record.Id))
            {
                found.Add(id.Scheme switch
                {
                    PaperId.OpenAlexScheme => ("ids.openalex", id.LocalId),
                    PaperId.DoiScheme => ("doi", id.LocalId),
                    _ => ("doi", OpenAlexWorksReader.ArxivDoiPrefix + id.Value.ToLowerInvariant()),
                });
            }
            if (record.Doi is { } doi)
            {
                found.Add(("doi", doi.ToLowerInvariant()));
            }
        }
        report.Count(store.WritePage(records));
        report.Pages++;
        report.Read += outcomes.Count;
        return true;
    }

    /// <summary>The default range of a harvest without --from: the last <see cref="DefaultRecentDays"/> days.</summary>
    public static (DateOnly From, DateOnly Until) RecentDays(DateOnly today) =>
        (today.AddDays(-DefaultRecentDays), today);
}
