using PaperRadar.Core.Model;
using PaperRadar.Core.Readers;
using PaperRadar.Storage;

namespace PaperRadar.Harvest;

/// <summary>
/// OpenAlex works (<c>/works?filter=doi:A|B|…</c> or <c>filter=ids.openalex:W…|…</c>) for citations: each answer is
/// read with <see cref="OpenAlexWorksReader"/> (the reader <c>import</c> uses) and stored as one transaction. A work's
/// <c>referenced_works</c> become citations from its paper to <c>openalex:W…</c> ids, which resolve to stored papers
/// known by that OpenAlex id (every fetched work's id becomes an id of its paper, and the cited works are looked up so
/// that those which are stored papers become known by theirs), and count before they resolve; its
/// <c>cited_by_count</c> is kept as the paper's known citation count. Each work is stored under the URL that returns
/// it alone (<c>/works/W…</c>), so fetching it again replaces its record and its citations.
/// </summary>
/// <remarks>
/// An arXiv paper is asked for by its arXiv DOI (<c>10.48550/arXiv.ID</c>) and, when it has one, by its journal DOI
/// (OpenAlex often holds the preprint and the published version as two works: both are stored; the paper's count is
/// the latest one); another paper by its DOI, else its OpenAlex id. Each request names at most <see cref="BatchSize"/>
/// ids, pages through all the works they match (cursor paging), is sent with the contact address as <c>mailto</c>
/// (OpenAlex's "polite pool"), and goes through <see cref="PoliteHttpClient"/> (delay between requests, Retry-After on
/// 429 and 503, retries with backoff). When each work was fetched is stored with it, for
/// <see cref="RefreshStaleAsync"/>.
/// </remarks>
public sealed class OpenAlexClient(PaperStore store, PoliteHttpClient http, string baseUrl = OpenAlexClient.DefaultBaseUrl,
    TimeProvider? clock = null)
{
    public const string DefaultBaseUrl = "https://api.openalex.org";

    /// <summary>Ids per request: OpenAlex takes up to 50 values in one OR filter (its older documentation; 100 in the newer).</summary>
    public const int BatchSize = 50;

    /// <summary>
    /// Works per page. OpenAlex's older documentation allows 1 to 200, its newer (developers.openalex.org) 1 to 100:
    /// 100 is within both, and a batch of 50 ids rarely matches more; cursor paging fetches any beyond.
    /// </summary>
    public const int PerPage = 100;

    /// <summary>What a cited work is looked up for (root-level fields only, as <c>select</c> allows): who it is and its count.</summary>
    public const string CitedWorkFields = "id,doi,ids,title,display_name,publication_year,primary_location,locations,cited_by_count,updated_date";

    /// <summary>Without --from, a harvest asks about the papers that appeared in this many days up to today.</summary>
    public const int DefaultRecentDays = 30;

    /// <summary>Notes about ids OpenAlex lacks are kept up to this many; the count goes on.</summary>
    private const int MissingNotesKept = 20;

    private readonly string _baseUrl = baseUrl.TrimEnd('/');
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

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
        foreach (var doi in PaperMerger.DoiIds(paper.Doi))
        {
            if (!keys.Contains(("doi", doi.LocalId)))
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

    /// <summary>
    /// Refreshes the citation counts fetched longest ago: the stored papers whose latest OpenAlex fetch is more than
    /// <paramref name="staleDays"/> days old, oldest first, at most <paramref name="limit"/> of them (serve's
    /// schedule runs this after each harvest, so every count is refreshed in turn without a range of days).
    /// </summary>
    public Task<HarvestReport> RefreshStaleAsync(int staleDays, int limit, IProgress<HarvestProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(staleDays);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var cutoff = _clock.GetUtcNow().AddDays(-staleDays);
        var asks = store.PapersWithStaleOpenAlexCounts(cutoff, limit)
            .Select(paper => new Ask(paper.Id.Value, Keys(paper))).Where(ask => ask.Keys.Count > 0).ToList();
        return RunAsync(asks, progress, cancellationToken, asks.Count == 0 ? null
            : $"refreshing the {asks.Count:N0} citation counts fetched longest ago (before {cutoff:yyyy-MM-dd}; at most {limit:N0} a run)");
    }

    private async Task<HarvestReport> RunAsync(List<Ask> asks, IProgress<HarvestProgress>? progress,
        CancellationToken cancellationToken, string? note = null)
    {
        var report = new HarvestReport("openalex", _baseUrl);
        if (note is not null)
        {
            report.Note(note);
        }
        if (Mailto is null)
        {
            report.Note("no contact e-mail address is configured (--contact or $" + HarvestConfiguration.ContactVariable +
                        "), so requests carry no mailto and OpenAlex serves them from its common pool, not its polite one");
        }
        var found = new HashSet<(string, string)>();
        var lookedUp = new HashSet<PaperId>();
        var missingNotes = 0;
        long done = 0;
        // Every key of a paper goes in the same request, so a paper is known found or missing after its request.
        foreach (var chunk in Chunk(asks))
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new HarvestProgress(report.Pages, done, asks.Count, $"asking OpenAlex about {chunk.Count} papers"));
            foreach (var group in chunk.SelectMany(a => a.Keys).Distinct().GroupBy(k => k.Filter))
            {
                var stored = await ForEachPage(group.Key, group.Select(k => k.Value).ToList(), null, report,
                    (url, body) => StoreWorks(url, body, report, found, lookedUp, cancellationToken), cancellationToken).ConfigureAwait(false);
                if (!stored)
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
        if (report.CitedWorksResolved > 0)
        {
            report.Note($"{report.CitedWorksResolved:N0} cited works are papers of the store (by arXiv id or DOI): their citations resolve to them");
        }
        report.NothingNew = asks.Count == 0;
        return report;
    }

    private string? Mailto => http.Settings.Contact is { } contact && contact.Contains('@', StringComparison.Ordinal) ? contact : null;

    /// <summary>
    /// Asks for the works a filter matches, page after page (cursor paging: <c>cursor=*</c>, then each answer's
    /// <c>meta.next_cursor</c> until it is null or a page is empty), handing each answer to <paramref name="onPage"/>.
    /// False (the report's error set) when a request or a page failed.
    /// </summary>
    private async Task<bool> ForEachPage(string filter, IReadOnlyCollection<string> values, string? select, HarvestReport report,
        Func<Uri, byte[], Task<bool>> onPage, CancellationToken cancellationToken)
    {
        var cursors = new HashSet<string>(StringComparer.Ordinal);
        string? cursor = "*";
        while (cursor is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var url = new Uri($"{_baseUrl}/works?filter={filter}:{Uri.EscapeDataString(string.Join('|', values))}" +
                              (select is null ? "" : $"&select={select}") +
                              $"&per-page={PerPage}&cursor={Uri.EscapeDataString(cursor)}" +
                              (Mailto is { } mailto ? $"&mailto={Uri.EscapeDataString(mailto)}" : ""));
            if (await Fetch(url, report, cancellationToken).ConfigureAwait(false) is not { } body ||
                !await onPage(url, body).ConfigureAwait(false))
            {
                return false;
            }
            cursor = OpenAlexWorksReader.NextCursor(body);
            if (cursor is not null && !cursors.Add(cursor))
            {
                report.Error = $"{url} gave the cursor '{cursor}' a second time; stopped instead of asking for the same pages forever " +
                               "(what came before is stored)";
                return false;
            }
        }
        return true;
    }

    /// <summary>One answer, read whole and checked: its body, or null (the report's error set) when it failed.</summary>
    private async Task<byte[]?> Fetch(Uri url, HarvestReport report, CancellationToken cancellationToken)
    {
        FetchedResponse fetched;
        try
        {
            fetched = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
        }
        catch (HarvestException e)
        {
            report.Error = e.Message + "; what came before this request is stored";
            return null;
        }
        report.Requests++;
        if (!fetched.IsSuccess)
        {
            report.Error = $"{url} answered HTTP {(int)fetched.Status} {fetched.Status} after {fetched.Attempts} " +
                           $"attempt{(fetched.Attempts == 1 ? "" : "s")}: {OaiPmhHarvester.Excerpt(fetched.Body)}";
            return null;
        }
        if (OpenAlexWorksReader.Malformed(fetched.Body) is { } problem)
        {
            report.Error = $"{url} returned a malformed response: {problem}; nothing of it was stored";
            return null;
        }
        return fetched.Body;
    }

    /// <summary>The works of one answer, each keyed by the URL that returns it alone.</summary>
    private List<(PaperRecord? Record, Rejection? Rejection)> ReadWorks(Uri url, byte[] body, CancellationToken cancellationToken) =>
        new OpenAlexWorksReader().Read(new MemoryStream(body, writable: false), url.ToString(), cancellationToken)
            .Select(outcome => outcome.Record is { } record
                ? (record with { Source = new SourceLocation($"{_baseUrl}/works/{WorkId(record).LocalId}", 1, record.Source.Format) }, (Rejection?)null)
                : ((PaperRecord?)null, outcome.Rejection))
            .ToList();

    private static PaperId WorkId(PaperRecord record) => record.OtherIds!.Append(record.Id).First(i => i.Scheme == PaperId.OpenAlexScheme);

    /// <summary>
    /// Stores one answer's works in one transaction, after looking up the works they newly cite (so their citations
    /// resolve as they are stored); false (the report's error set) when a lookup failed, and then nothing of the
    /// answer is stored: the next harvest asks for it again.
    /// </summary>
    private async Task<bool> StoreWorks(Uri url, byte[] body, HarvestReport report, HashSet<(string, string)> found,
        HashSet<PaperId> lookedUp, CancellationToken cancellationToken)
    {
        var records = new List<PaperRecord>();
        var outcomes = ReadWorks(url, body, cancellationToken);
        foreach (var (record, rejection) in outcomes)
        {
            if (record is null)
            {
                report.Reject(rejection!);
                continue;
            }
            records.Add(record);
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
        if (!await ResolveCitedWorks(records, report, lookedUp, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        report.Count(store.WriteOpenAlexPage(records.Select(PreparedRecord.From).ToList(), _clock.GetUtcNow()));
        report.Pages++;
        report.Read += outcomes.Count;
        return true;
    }

    /// <summary>
    /// Looks up, in batches, the works these works cite that the store cannot place yet (<c>referenced_works</c> are
    /// OpenAlex ids; a paper is known by one only once its own work was fetched): only their ids, DOIs, locations and
    /// counts (<c>select</c>). A cited work whose arXiv id or DOI names a stored paper is stored as a record of that
    /// paper, so the citations naming its OpenAlex id resolve to it; the others stay citations of papers the store
    /// does not have, as any citation does. References a work stated before were looked up when it was first stored.
    /// </summary>
    private async Task<bool> ResolveCitedWorks(List<PaperRecord> works, HarvestReport report, HashSet<PaperId> lookedUp,
        CancellationToken cancellationToken)
    {
        var inAnswer = works.Select(WorkId).ToHashSet();
        var unplaced = new SortedSet<PaperId>();
        foreach (var work in works.Where(w => w.References is { Count: > 0 }))
        {
            var stated = store.CitationsStatedBy(work.Source.File);
            unplaced.UnionWith(work.References!.Where(cited => cited.Scheme == PaperId.OpenAlexScheme && !stated.Contains(cited.Value) &&
                !inAnswer.Contains(cited) && !lookedUp.Contains(cited) && store.FindPaperByAnyId(cited) is null));
        }
        foreach (var batch in unplaced.Chunk(BatchSize))
        {
            lookedUp.UnionWith(batch);
            var asked = batch.ToHashSet();
            var stored = await ForEachPage("ids.openalex", batch.Select(w => w.LocalId).ToList(), CitedWorkFields, report, (url, body) =>
            {
                // Only the works asked about, and only those that are stored papers: the rest are left as they are.
                var placed = ReadWorks(url, body, cancellationToken)
                    .Select(r => r.Record).OfType<PaperRecord>()
                    .Where(r => asked.Contains(WorkId(r)) && r.OtherIds!.Append(r.Id).Any(id => store.FindPaperByAnyId(id) is not null))
                    .Select(PreparedRecord.From).ToList();
                store.WriteOpenAlexPage(placed, _clock.GetUtcNow());
                report.CitedWorksResolved += placed.Count;
                return Task.FromResult(true);
            }, cancellationToken).ConfigureAwait(false);
            if (!stored)
            {
                return false;
            }
        }
        return true;
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

    /// <summary>The default range of a harvest without --from: the last <see cref="DefaultRecentDays"/> days.</summary>
    public static (DateOnly From, DateOnly Until) RecentDays(DateOnly today) =>
        (today.AddDays(-DefaultRecentDays), today);
}
