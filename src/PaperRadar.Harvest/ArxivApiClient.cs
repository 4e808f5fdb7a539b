using PaperRadar.Core.Model;
using PaperRadar.Core.Readers;
using PaperRadar.Storage;

namespace PaperRadar.Harvest;

/// <summary>
/// The arXiv API (<c>/api/query</c>, Atom feeds): papers by id (<c>id_list</c>) and by query (<c>search_query</c>,
/// paged with <c>start</c> and <c>max_results</c>). Each feed is read with <see cref="ArxivAtomReader"/> (the reader
/// <c>import</c> uses) and stored as one transaction; each entry is stored under the URL that returns it alone
/// (<c>id_list=ID</c>), so fetching a paper again replaces its record.
/// </summary>
public sealed class ArxivApiClient(PaperStore store, PoliteHttpClient http, string endpoint = ArxivApiClient.DefaultEndpoint)
{
    public const string DefaultEndpoint = "https://export.arxiv.org/api/query";

    /// <summary>Entries asked for per page: arXiv's API documentation suggests pages well under its 2,000 maximum.</summary>
    public const int DefaultPageSize = 100;

    private readonly string _endpoint = endpoint.TrimEnd('/');

    /// <summary>
    /// Fetches papers by id (<c>2410.17243</c>, or a version: <c>2410.17243v2</c>), in pages of
    /// <see cref="DefaultPageSize"/> ids. Ids arXiv does not have are counted in <see cref="HarvestReport.Missing"/>.
    /// </summary>
    public async Task<HarvestReport> FetchAsync(IReadOnlyList<string> ids, IProgress<HarvestProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var report = new HarvestReport("arxiv-api", _endpoint);
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(DefaultPageSize))
        {
            var list = string.Join(',', chunk);
            var url = new Uri($"{_endpoint}?id_list={Uri.EscapeDataString(list)}&max_results={chunk.Length}");
            progress?.Report(new HarvestProgress(report.Pages, report.Read, ids.Count, $"fetching {chunk.Length} ids"));
            var feed = await FetchFeed(url, report, cancellationToken).ConfigureAwait(false);
            if (feed is null)
            {
                return report;
            }
            foreach (var id in feed.Value.Stored)
            {
                found.Add(id);
            }
        }
        foreach (var id in ids.Where(id => !ArxivId.TryParse(id, out var paper) || !found.Contains(paper.Value)))
        {
            report.Missing++;
            report.Note($"arXiv has no paper {id}");
        }
        return report;
    }

    /// <summary>
    /// Harvests the papers a query finds (arXiv's syntax: <c>cat:cs.CL AND ti:scaling</c>), newest first, page
    /// after page until an empty page, the end of the results, or <paramref name="limit"/> entries.
    /// </summary>
    public async Task<HarvestReport> SearchAsync(string query, int limit, int pageSize = DefaultPageSize,
        IProgress<HarvestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            throw new ArgumentException("the query is empty; give one like 'cat:cs.CL AND ti:scaling'");
        }
        var report = new HarvestReport("arxiv-api", _endpoint);
        long? total = null;
        for (var start = 0; start < limit; start += pageSize)
        {
            var size = Math.Min(pageSize, limit - start);
            var url = new Uri($"{_endpoint}?search_query={Uri.EscapeDataString(query)}&sortBy=submittedDate&sortOrder=descending" +
                              $"&start={start}&max_results={size}");
            progress?.Report(new HarvestProgress(report.Pages, report.Read, total is { } t ? Math.Min(t, limit) : limit,
                $"asking for results {start + 1}-{start + size}"));
            var feed = await FetchFeed(url, report, cancellationToken).ConfigureAwait(false);
            if (feed is not { } page)
            {
                return report;
            }
            total = page.Feed.TotalResults ?? total;
            if (page.Feed.Entries == 0)
            {
                report.NothingNew = report.Read == 0;
                break;
            }
            if (total is { } all && start + page.Feed.Entries >= all)
            {
                break;
            }
        }
        return report;
    }

    /// <summary>One feed, stored; null (with the report's error set) when it could not be had or read.</summary>
    private async Task<(ArxivAtomFeed Feed, List<string> Stored)?> FetchFeed(Uri url, HarvestReport report,
        CancellationToken cancellationToken)
    {
        FetchedResponse fetched;
        try
        {
            fetched = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
        }
        catch (HarvestException e)
        {
            report.Error = e.Message;
            return null;
        }
        report.Requests++;
        var feed = new ArxivAtomFeed();
        var outcomes = new ArxivAtomReader().Read(new MemoryStream(fetched.Body, writable: false), url.ToString(), feed,
            cancellationToken).ToList();
        if (feed.Errors.Count > 0)
        {
            // The API answers a bad query or id with HTTP 400 and a feed whose one entry is the error.
            report.Error = $"{url} answered HTTP {(int)fetched.Status}: the arXiv API says \"{feed.Errors[0].Message}\"";
            return null;
        }
        if (!fetched.IsSuccess)
        {
            report.Error = $"{url} answered HTTP {(int)fetched.Status} {fetched.Status}: {OaiPmhHarvester.Excerpt(fetched.Body)}";
            return null;
        }
        if (!feed.Complete)
        {
            report.Error = $"{url} returned a malformed feed: {feed.Damage ?? "it could not be read"}; nothing of it was stored";
            return null;
        }
        var records = new List<PreparedRecord>();
        var stored = new List<string>();
        foreach (var outcome in outcomes)
        {
            if (outcome.Record is { } record)
            {
                records.Add(PreparedRecord.From(record with
                {
                    Source = new SourceLocation($"{_endpoint}?id_list={record.Id.Value}", 1, record.Source.Format),
                }));
                stored.Add(record.Id.Value);
            }
            else
            {
                report.Reject(outcome.Rejection!);
            }
        }
        report.Count(store.WritePage(records));
        report.Pages++;
        report.Read += outcomes.Count;
        return (feed, stored);
    }
}
