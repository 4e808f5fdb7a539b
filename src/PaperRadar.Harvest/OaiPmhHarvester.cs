using System.Globalization;
using PaperRadar.Core.Model;
using PaperRadar.Core.Readers;
using PaperRadar.Storage;

namespace PaperRadar.Harvest;

/// <summary>What to harvest from an OAI-PMH repository.</summary>
public sealed record OaiHarvestRequest
{
    /// <summary>arXiv's current OAI-PMH base URL (since 2025); the legacy http://export.arxiv.org/oai2 speaks the same protocol.</summary>
    public const string DefaultEndpoint = "https://oaipmh.arxiv.org/oai";

    public const string LegacyEndpoint = "http://export.arxiv.org/oai2";

    public const string DefaultMetadataPrefix = "arXivRaw";

    /// <summary>How far back a first harvest (no --from, nothing harvested before) reaches.</summary>
    public const int FirstHarvestDays = 7;

    public string Endpoint { get; init; } = DefaultEndpoint;

    public string MetadataPrefix { get; init; } = DefaultMetadataPrefix;

    /// <summary>An OAI-PMH set such as <c>cs</c> or <c>physics:astro-ph</c>; null for the whole repository.</summary>
    public string? Set { get; init; }

    /// <summary>The first datestamp to harvest; null: from the last complete harvest's datestamp.</summary>
    public DateOnly? From { get; init; }

    public DateOnly? Until { get; init; }
}

/// <summary>
/// Harvests an OAI-PMH repository's <c>ListRecords</c> into the store, page by page, reading each page with
/// <see cref="OaiPmhReader"/> (the reader <c>import</c> uses) and storing it with the harvest's state in one
/// transaction (<see cref="PaperStore.WriteHarvestPage"/>).
/// </summary>
/// <remarks>
/// <para>State: an interrupted harvest (killed, or stopped by a failure) resumes from the stored resumption token; a
/// finished list records its latest datestamp, and the next harvest asks <c>from</c> that day (inclusive: records of
/// that day are read again, and are unchanged).</para>
/// <para><c>noRecordsMatch</c> is nothing new. <c>badResumptionToken</c> (expired, or the repository restarted) drops
/// the token and starts the list again from its <c>from</c> (the last complete datestamp): pages read again are
/// unchanged, so nothing is lost or doubled. Any other OAI-PMH error, a non-200 answer after the retries, or a page
/// that is not well-formed XML stops the harvest with an error naming the URL; that page is not stored and the state
/// still points at it.</para>
/// <para>A record whose header says <c>status="deleted"</c> marks its paper deleted at the source, in the page's
/// transaction: the paper leaves search, listings and digests, but its row, records and citations stay, so citations
/// naming it still resolve and its page says it was deleted. A later record of it with metadata lifts the mark.</para>
/// <para>Each record is stored under the URL that returns it alone (<c>verb=GetRecord</c>), so the same record
/// harvested again, from any page, replaces itself instead of adding a copy.</para>
/// </remarks>
public sealed class OaiPmhHarvester(PaperStore store, PoliteHttpClient http)
{
    public async Task<HarvestReport> HarvestAsync(OaiHarvestRequest request, IProgress<HarvestProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var endpoint = request.Endpoint.TrimEnd('/');
        var report = new HarvestReport("arxiv", endpoint);
        var key = new HarvestKey(endpoint, request.Set ?? "", request.MetadataPrefix);
        if (store.DerivedPapersAreStale)
        {
            store.RederiveAllPapers();
        }
        var state = store.GetHarvestState(key);
        var from = Day(request.From);
        var until = Day(request.Until);
        string? token = null;
        if (state.PendingToken is { } pending)
        {
            if ((request.From is null || from == state.PendingFrom) && (request.Until is null || until == state.PendingUntil))
            {
                token = pending;
                from = state.PendingFrom;
                until = state.PendingUntil;
                report.ResumedFromToken = pending;
                report.Note($"resuming the harvest interrupted after {state.PendingRecords:N0} records, at resumption token {pending}");
            }
            else
            {
                report.Note($"an interrupted harvest (from {state.PendingFrom ?? "the start"}) was abandoned for the range asked for");
                state = ClearPending(state);
            }
        }
        else if (request.From is null)
        {
            from = Day(state.LastCompleteDatestamp ?? DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-OaiHarvestRequest.FirstHarvestDays));
        }

        var restarted = false;
        long? expected = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var url = token is not null
                ? new Uri($"{endpoint}?verb=ListRecords&resumptionToken={Uri.EscapeDataString(token)}")
                : new Uri($"{endpoint}?verb=ListRecords&metadataPrefix={Uri.EscapeDataString(request.MetadataPrefix)}" +
                          (request.Set is { } set ? $"&set={Uri.EscapeDataString(set)}" : "") +
                          (from is not null ? $"&from={from}" : "") +
                          (until is not null ? $"&until={until}" : ""));
            progress?.Report(new HarvestProgress(report.Pages, report.Read, expected, $"asking for page {report.Pages + 1}"));
            FetchedResponse fetched;
            try
            {
                fetched = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            }
            catch (HarvestException e)
            {
                return Fail(report, state, e.Message + "; the harvest state still points at this page, so the next harvest resumes there");
            }
            report.Requests++;
            if (!fetched.IsSuccess)
            {
                return Fail(report, state, $"{url} answered HTTP {(int)fetched.Status} {fetched.Status} " +
                    $"after {fetched.Attempts} attempt{(fetched.Attempts == 1 ? "" : "s")}: {Excerpt(fetched.Body)}");
            }

            var response = new OaiPmhResponse();
            var outcomes = new OaiPmhReader().Read(new MemoryStream(fetched.Body, writable: false), url.ToString(), response,
                cancellationToken).ToList();
            if (response.Errors.Count > 0)
            {
                var error = response.Errors[0];
                if (error.MeansNothingNew)
                {
                    report.NothingNew = true;
                    report.Note($"nothing new: {error.Message}");
                    state = ClearPending(state);
                    store.SaveHarvestState(state);
                    break;
                }
                if (error.Code == "badResumptionToken" && token is not null && !restarted)
                {
                    // The token expired or the repository restarted: the list is asked for again from its start.
                    restarted = true;
                    from ??= Day(state.LastCompleteDatestamp);
                    report.Note($"the repository refused the resumption token {token} ({error.Message}); " +
                                $"restarted the list from {from ?? "the start"}");
                    token = null;
                    state = ClearPending(state);
                    store.SaveHarvestState(state);
                    continue;
                }
                return Fail(report, state, $"{url} answered the OAI-PMH error '{error.Code}': {error.Message}");
            }
            if (!response.Complete)
            {
                return Fail(report, state, $"{url} returned a malformed page: {response.Damage ?? "it could not be read"}; " +
                    "nothing of the page was stored and the harvest state still points at it");
            }
            if (response.Verb != "ListRecords")
            {
                return Fail(report, state, $"{url} answered with a {response.Verb ?? "response without records"}, not ListRecords");
            }

            var records = new List<PreparedRecord>(outcomes.Count);
            // A deleted header marks its paper deleted (out of search and listings, kept for the citations naming it);
            // a record with metadata of a paper marked before lifts the mark.
            var deleted = new List<(PaperId, SourceDeletion)>();
            foreach (var outcome in outcomes)
            {
                if (outcome.Record is { } record)
                {
                    records.Add(PreparedRecord.From(record with
                    {
                        Source = new SourceLocation(RecordUrl(endpoint, request.MetadataPrefix, record.Id), 1, record.Source.Format),
                    }));
                }
                else if (outcome.Deletion is { } deletion)
                {
                    deleted.Add((deletion.Id, deletion.Deletion with { Source = RecordUrl(endpoint, request.MetadataPrefix, deletion.Id) }));
                }
                else
                {
                    report.Reject(outcome.Rejection!);
                }
            }
            var next = response.ResumptionToken;
            var listEnds = next is null || next.EndsList;
            var latest = Later(state.PendingLatestDatestamp,
                response.LatestDatestamp is { } stamp ? DateOnly.FromDateTime(stamp.UtcDateTime) : null);
            var after = listEnds
                ? ClearPending(state) with { LastCompleteDatestamp = Later(state.LastCompleteDatestamp, latest) }
                : state with
                {
                    PendingToken = next!.Token,
                    PendingFrom = from,
                    PendingUntil = until,
                    PendingLatestDatestamp = latest,
                    PendingRecords = state.PendingRecords + records.Count,
                };
            report.Count(store.WriteHarvestPage(records, after, deleted, records.Select(r => r.Record.Id).ToList()));
            state = after;
            report.Pages++;
            report.Read += outcomes.Count - deleted.Count;
            report.Deleted += response.Deleted.Count;
            expected = next?.CompleteListSize ?? expected;
            progress?.Report(new HarvestProgress(report.Pages, report.Read, expected, $"stored page {report.Pages}"));
            if (listEnds)
            {
                break;
            }
            token = next!.Token;
        }
        report.State = store.GetHarvestState(key);
        return report;
    }

    /// <summary>The URL that returns this one record: where the stored record came from, and its key in the store.</summary>
    public static string RecordUrl(string endpoint, string metadataPrefix, PaperId id) =>
        $"{endpoint}?verb=GetRecord&metadataPrefix={Uri.EscapeDataString(metadataPrefix)}&identifier=oai:arXiv.org:{id.Value}";

    private HarvestReport Fail(HarvestReport report, HarvestState state, string error)
    {
        report.Error = error;
        report.State = store.GetHarvestState(state.Key);
        return report;
    }

    private static HarvestState ClearPending(HarvestState state) => state with
    {
        PendingToken = null,
        PendingFrom = null,
        PendingUntil = null,
        PendingLatestDatestamp = null,
        PendingRecords = 0,
    };

    private static DateOnly? Later(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static string? Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static string Excerpt(byte[] body)
    {
        var text = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300));
        text = System.Text.RegularExpressions.Regex.Replace(text, @"<[^>]*>|\s+", " ").Trim();
        return text.Length == 0 ? "(empty body)" : text;
    }
}
