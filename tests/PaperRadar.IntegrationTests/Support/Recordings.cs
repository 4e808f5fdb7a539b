using System.Text.Json;
using PaperRadar.Core.Readers;

namespace PaperRadar.IntegrationTests.Support;

/// <summary>
/// The real recorded responses in ../shared/data (see the READMEs there), arranged as a source would serve them.
/// </summary>
public static class OaiRecordings
{
    public static string File(params string[] parts) => SharedData.Path(["arxiv-oai-pmh", .. parts]);

    /// <summary>
    /// A list of four pages made of the real recordings, chained by the real tokens each page ends with: three full
    /// 1,000-record arXivRaw pages (two of list 436115, 2013; one of list 496549, 2014), then the real two-record
    /// answer of 2015 that has no resumption token (the list is complete). The recordings come from different
    /// harvests, so the chain is ours; every byte served is arXiv's (as re-serialised by the saving library).
    /// </summary>
    public static readonly (string? AskedWithToken, string File)[] Chain =
    [
        (null, File("mispy_arxivsync_fullpages", "page_2013-05-25_436115_5001.xml")),
        ("436115|5001", File("mispy_arxivsync_fullpages", "page_406001.xml")),
        ("436115|406001", File("mispy_arxivsync_fullpages", "page_496549_47001.xml")),
        ("496549|47001", File("paperhive_oai-pmh_nock", "xml", "oaipmh-listrecords---should-list-identifiers-from-arxiv.1.200.xml")),
    ];

    /// <summary>
    /// Generated, since no recorded arXiv page has one (the only recorded deleted header is of another repository's
    /// ListIdentifiers): arXiv's real two-record page of 2015-01-03 with its first record, 1412.8544, turned into a
    /// deleted header of 2015-01-05, as the OAI-PMH specification writes one (no metadata).
    /// </summary>
    public static byte[] PageDeleting1412_8544()
    {
        var real = System.IO.File.ReadAllText(Chain[^1].File);
        var start = real.IndexOf("<record>", StringComparison.Ordinal);
        var end = real.IndexOf("</record>", start, StringComparison.Ordinal) + "</record>".Length;
        var deleted = """
            <record>
            <header status="deleted">
             <identifier>oai:arXiv.org:1412.8544</identifier>
             <datestamp>2015-01-05</datestamp>
             <setSpec>cs</setSpec>
            </header>
            </record>
            """;
        return System.Text.Encoding.UTF8.GetBytes(real[..start] + deleted + real[end..]);
    }

    public static string BadResumptionToken => File("mikesaelim_arXivOAIHarvester", "ErrorResponseBadResumptionToken.xml");

    public static string NoRecordsMatch => File("mikesaelim_arXivOAIHarvester", "ErrorResponseNoRecordsMatch.xml");

    /// <summary>The chain's page for a request, or arXiv's real badResumptionToken answer for a token it never gave.</summary>
    public static ReplayReply Serve(ReceivedRequest request)
    {
        var token = request["resumptionToken"];
        foreach (var (askedWith, file) in Chain)
        {
            if (askedWith == token)
            {
                return ReplayReply.File(file);
            }
        }
        return ReplayReply.File(BadResumptionToken);
    }

    /// <summary>The distinct arXiv ids in the chain's pages up to (not including) page <paramref name="pages"/>, read with the reader.</summary>
    public static HashSet<string> IdsInFirstPages(int pages)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, file) in Chain.Take(pages))
        {
            using var stream = System.IO.File.OpenRead(file);
            foreach (var outcome in new OaiPmhReader().Read(stream, file))
            {
                if (outcome.Record is { } record)
                {
                    ids.Add(record.Id.Value);
                }
            }
        }
        return ids;
    }

    /// <summary>The real HTTP 503 arXiv sent for asking too fast, with its headers (Retry-After: 10), from the nock recording.</summary>
    public static ReplayReply Recorded503()
    {
        var exchanges = JsonDocument.Parse(System.IO.File.ReadAllText(
            File("paperhive_oai-pmh_nock", "nock_json", "oaipmh-listrecords---should-list-identifiers-from-arxiv.json"))).RootElement;
        var first = exchanges[0];
        var raw = first.GetProperty("rawHeaders").EnumerateArray().Select(h => h.GetString()!).ToList();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i + 1 < raw.Count; i += 2)
        {
            headers[raw[i]] = raw[i + 1];
        }
        return new ReplayReply(first.GetProperty("status").GetInt32(),
            System.Text.Encoding.UTF8.GetBytes(first.GetProperty("response").GetString()!), headers["Content-Type"])
        {
            Headers = new Dictionary<string, string> { ["Retry-After"] = headers["Retry-After"] },
        };
    }

    /// <summary>The real 200 answer that followed the 503.</summary>
    public static ReplayReply RecordedAfter503() =>
        ReplayReply.File(File("paperhive_oai-pmh_nock", "xml", "oaipmh-listrecords---should-list-identifiers-from-arxiv.1.200.xml"));
}

/// <summary>The real arXiv API feeds recorded in 2026 (../shared/data/arxiv-api-atom), by the request that got them.</summary>
public static class AtomRecordings
{
    private static string Folder => SharedData.Path("arxiv-api-atom", "arxiv.py_fixtures_2026", "raw_json");

    /// <summary>
    /// Answers from the recordings: each raw_json file holds the URL asked, the status and the body; a request is
    /// matched on its search_query or id_list, start and max_results. A request nothing was recorded for gets the
    /// real empty feed (id_list=0000.0000), which is what arXiv answers past the end of a query's results.
    /// </summary>
    public static ReplayReply Serve(ReceivedRequest request)
    {
        // An id lookup is matched on its ids alone (PaperRadar asks for as many results as it gives ids).
        var ids = request["id_list"] ?? "";
        var wanted = ids.Length > 0 ? $"id_list={ids}" : Key(request["search_query"] ?? "", request["start"] ?? "0", request["max_results"]);
        foreach (var (key, status, body) in All.Value)
        {
            if (key == wanted)
            {
                return new ReplayReply(status, body, "application/atom+xml; charset=utf-8");
            }
        }
        var empty = All.Value.Single(r => r.Key == "id_list=0000.0000");
        return new ReplayReply(200, empty.Body, "application/atom+xml; charset=utf-8");
    }

    private static string Key(string query, string start, string? max) => $"search_query={query}&start={start}&max_results={max}";

    private static readonly Lazy<List<(string Key, int Status, byte[] Body)>> All = new(() =>
        Directory.EnumerateFiles(Folder, "*.json").Select(path =>
        {
            var json = JsonDocument.Parse(System.IO.File.ReadAllText(path)).RootElement;
            var query = System.Web.HttpUtility.ParseQueryString(new Uri(json.GetProperty("url").GetString()!).Query);
            var ids = query["id_list"] ?? "";
            return (ids.Length > 0 ? $"id_list={ids}" : Key(query["search_query"] ?? "", query["start"] ?? "0", query["max_results"]),
                json.GetProperty("status_code").GetInt32(),
                System.Text.Encoding.UTF8.GetBytes(json.GetProperty("body").GetString()!));
        }).ToList());
}
