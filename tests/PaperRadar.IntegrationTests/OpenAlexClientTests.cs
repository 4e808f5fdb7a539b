using System.Text;
using PaperRadar.Core.Model;
using PaperRadar.Core.Readers;
using PaperRadar.Harvest;
using PaperRadar.IntegrationTests.Support;
using PaperRadar.Storage;

namespace PaperRadar.IntegrationTests;

/// <summary>
/// The OpenAlex client against a real HTTP server on 127.0.0.1. No real OpenAlex response is available here (nor
/// any network): the answers served are the responses in tests/fixtures/openalex, written from OpenAlex's schema
/// documentation (see their README). The papers they describe are the real Hugging Face daily papers of 2024-10-25,
/// stored first from ../shared/data/hf-daily-papers.
/// </summary>
public sealed class OpenAlexClientTests : IDisposable
{
    private const string Contact = "radar-admin@lab.example.org";
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(0.2);
    private static readonly byte[] Works = File.ReadAllBytes(SharedData.Fixture("openalex", "works-written-from-schema-docs.json"));
    private static readonly byte[] CitedWork = File.ReadAllBytes(SharedData.Fixture("openalex", "work-written-from-schema-docs.json"));

    private readonly ScratchDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static PoliteHttpClient Client(string? contact = Contact) => new(new HttpSettings
    {
        Delay = Delay,
        Backoff = TimeSpan.FromMilliseconds(50),
        MaxRetries = 2,
        Contact = contact,
    });

    private static ReplayReply Json(byte[] body, int status = 200) => new(status, body, "application/json; charset=utf-8");

    /// <summary>A list answer holding no work: what OpenAlex says about ids it does not know.</summary>
    private static readonly byte[] NoWorks = Encoding.UTF8.GetBytes("{\"meta\": {\"count\": 0, \"next_cursor\": null}, \"results\": []}");

    /// <summary>
    /// The works of the fixtures as OpenAlex would answer: the one work for a filter naming it, no work for a lookup of
    /// cited works (a request with <c>select</c>), else the list.
    /// </summary>
    private static ReplayReply Serve(ReceivedRequest request) =>
        request.Path != "/works" ? Json(Encoding.UTF8.GetBytes("{\"error\": \"not found\"}"), 404)
        : request["select"] is not null ? Json(NoWorks)
        : request["filter"]!.Contains("2410.18693", StringComparison.Ordinal) ? Json(OneWork(CitedWork))
        : Json(Works);

    private static byte[] OneWork(byte[] work) =>
        Encoding.UTF8.GetBytes($"{{\"meta\": {{\"count\": 1}}, \"results\": [{Encoding.UTF8.GetString(work)}]}}");

    /// <summary>The requests for works, without the lookups of cited works (those carry <c>select</c>).</summary>
    private static List<ReceivedRequest> WorkRequests(ReplayServer server) => server.Requests.Where(r => r["select"] is null).ToList();

    /// <summary>A store holding the 29 real papers Hugging Face featured on 2024-10-25.</summary>
    private async Task<PaperStore> StoreWithHuggingFacePapers()
    {
        var store = PaperStore.Open(_temp.File("store.db"));
        var day = File.ReadAllBytes(SharedData.Path("hf-daily-papers", "2024-10-25.json"));
        await using var server = await ReplayServer.StartAsync(_ => new ReplayReply(200, day, "application/json"));
        using var http = new PoliteHttpClient(new HttpSettings { Delay = TimeSpan.Zero });
        var report = await new HuggingFaceDailyClient(store, http, server.BaseUrl.ToString())
            .HarvestAsync(new DateOnly(2024, 10, 25), new DateOnly(2024, 10, 25));
        Assert.Equal(29, report.New);
        return store;
    }

    [Fact]
    public async Task ReferencesBecomeCitationsThatResolveToStoredPapersAndCountsAreStored()
    {
        using var store = await StoreWithHuggingFacePapers();
        await using var server = await ReplayServer.StartAsync(Serve);
        using var http = Client();

        var report = await new OpenAlexClient(store, http, server.BaseUrl.ToString())
            .FetchAsync(["2410.17243", "2410.16251", "2410.18533"]);

        Assert.Null(report.Error);
        var request = Assert.Single(WorkRequests(server));
        Assert.Equal("doi:10.48550/arxiv.2410.17243|10.48550/arxiv.2410.16251|10.48550/arxiv.2410.18533", request["filter"]);
        Assert.Equal("*", request["cursor"]);
        Assert.Equal("100", request["per-page"]);
        Assert.Equal(Contact, request["mailto"]);
        Assert.Contains(Contact, request.UserAgent, StringComparison.Ordinal);
        Assert.Equal((3L, 3L, 0L, 0L), (report.Read, report.Updated, report.New, report.Missing));
        Assert.Equal(5, report.References);

        var breaking = ArxivId.Parse("2410.17243");
        // W…2 is 2410.16251, fetched in the same answer; W…90 and W…91 are not in the store yet, and still count.
        Assert.Equal(["2410.16251", "openalex:W9000000090", "openalex:W9000000091"], store.ReferencesOf(breaking));
        // The published version of 2410.18533 (a journal DOI, an arxiv.org location) cites W…1, which is 2410.17243.
        Assert.Equal(["2410.18533"], store.CitedBy(breaking));
        Assert.Equal(2, store.CitationCounts()["openalex:W9000000090"]);

        var paper = store.GetPaper(breaking)!;
        Assert.Equal(new CitationCount(57, new DateOnly(2025, 5, 1), "OpenAlex"), paper.CitedByCount);
        Assert.Equal(server.Url("/works/W9000000001"), paper.FieldSources["cited_by_count"].File);
        Assert.Contains(PaperId.OpenAlex("W9000000001"), paper.OtherIds);
        // OpenAlex fills gaps and overrides nothing: the title, authors and abstract stay Hugging Face's (arXiv's).
        Assert.Equal(HuggingFaceDailyReaderTitle, paper.Title);
        Assert.Equal(9, paper.Authors.Count);

        var logo = store.GetPaper(ArxivId.Parse("2410.18533"))!;
        Assert.Equal("10.5555/logo.2025.7", logo.Doi);
        Assert.Equal("Soochow University", logo.Authors[0].Affiliation);
        Assert.Equal("LOGO -- Long cOntext aliGnment via efficient preference Optimization", logo.Title);
    }

    /// <summary>Each request came at least the politeness delay after the one before it, as the server saw them.</summary>
    private static void AssertPolite(IReadOnlyList<ReceivedRequest> requests)
    {
        for (var i = 1; i < requests.Count; i++)
        {
            Assert.True(requests[i].SecondsAfter(requests[i - 1]) >= Delay.TotalSeconds - 0.01,
                $"request {i + 1} came {requests[i].SecondsAfter(requests[i - 1]):0.000} s after the one before it");
        }
    }

    /// <summary>The fixture's works one to a page, chained by cursors as OpenAlex's cursor paging answers: "*", then c2, c3; the last page's next_cursor is null.</summary>
    private static ReplayReply ServeOneWorkAPage(ReceivedRequest request)
    {
        var works = System.Text.Json.Nodes.JsonNode.Parse(Works)!["results"]!.AsArray();
        var page = request["cursor"] switch { "*" => 0, "c2" => 1, "c3" => 2, var other => throw new InvalidOperationException($"unexpected cursor {other}") };
        var body = new System.Text.Json.Nodes.JsonObject
        {
            ["meta"] = new System.Text.Json.Nodes.JsonObject
            {
                ["count"] = 3,
                ["per_page"] = 1,
                ["next_cursor"] = page < 2 ? $"c{page + 2}" : null,
            },
            ["results"] = new System.Text.Json.Nodes.JsonArray(works[page]!.DeepClone()),
        };
        return Json(Encoding.UTF8.GetBytes(body.ToJsonString()));
    }

    [Fact]
    public async Task AnswersBeyondOnePageAreFollowedByTheirCursorsPolitelyAndStoredWhole()
    {
        using var store = await StoreWithHuggingFacePapers();
        await using var server = await ReplayServer.StartAsync(request => request["select"] is not null ? Json(NoWorks) : ServeOneWorkAPage(request));
        using var http = Client();

        var report = await new OpenAlexClient(store, http, server.BaseUrl.ToString()).FetchAsync(["2410.17243", "2410.16251", "2410.18533"]);

        Assert.Null(report.Error);
        var pages = WorkRequests(server);
        Assert.Equal(["*", "c2", "c3"], pages.Select(r => r["cursor"]));
        // Every page asks the same question with the same politeness.
        Assert.Single(pages.Select(r => r["filter"]).Distinct());
        Assert.All(pages, r => Assert.Equal((Contact, "100"), (r["mailto"], r["per-page"])));
        AssertPolite(server.Requests);
        Assert.Equal((3, 3L, 3L, 0L), (report.Pages, report.Read, report.Updated, report.Missing));
        // The works of the second and third pages are stored like the first's.
        Assert.Equal(57, store.GetPaper(ArxivId.Parse("2410.17243"))!.CitedByCount!.Count);
        Assert.Equal(9, store.GetPaper(ArxivId.Parse("2410.16251"))!.CitedByCount!.Count);
        Assert.Equal(4, store.GetPaper(ArxivId.Parse("2410.18533"))!.CitedByCount!.Count);
    }

    [Fact]
    public async Task AnAnswerRepeatingACursorStopsWithAClearErrorAndItsPagesKept()
    {
        using var store = await StoreWithHuggingFacePapers();
        await using var server = await ReplayServer.StartAsync(request => request["select"] is not null ? Json(NoWorks)
            : ServeOneWorkAPage(request["cursor"] == "c3" ? new ReceivedRequest(0, "/works", new Dictionary<string, string> { ["cursor"] = "*" }, null) : request));
        using var http = Client();

        var report = await new OpenAlexClient(store, http, server.BaseUrl.ToString()).FetchAsync(["2410.17243"]);

        Assert.Equal(1, report.ExitCode);
        Assert.Contains("gave the cursor 'c2' a second time", report.Error, StringComparison.Ordinal);
        Assert.Equal(["*", "c2", "c3"], WorkRequests(server).Select(r => r["cursor"]));
        Assert.Equal(57, store.GetPaper(ArxivId.Parse("2410.17243"))!.CitedByCount!.Count);
    }

    [Fact]
    public async Task CitedWorksAreLookedUpInBatchesSoCitationsOfStoredPapersResolveAndTheOthersStayCitations()
    {
        using var store = await StoreWithHuggingFacePapers();
        // OpenAlex answers the lookup of W…90 and W…91 with W…90 (2410.18693, a stored paper) and a work nobody asked
        // about; it does not know W…91.
        var lookup = Encoding.UTF8.GetBytes(
            $"{{\"meta\": {{\"count\": 2, \"next_cursor\": null}}, \"results\": [{Encoding.UTF8.GetString(CitedWork)}, " +
            $"{System.Text.Json.Nodes.JsonNode.Parse(Works)!["results"]![2]!.ToJsonString().Replace("W9000000003", "W9000000777", StringComparison.Ordinal)}]}}");
        await using var server = await ReplayServer.StartAsync(request => request["select"] is not null ? Json(lookup) : Serve(request));
        using var http = Client();
        var client = new OpenAlexClient(store, http, server.BaseUrl.ToString());

        var report = await client.FetchAsync(["2410.17243", "2410.16251"]);

        Assert.Null(report.Error);
        var lookups = server.Requests.Where(r => r["select"] is not null).ToList();
        var asked = Assert.Single(lookups);
        // Only the cited works the store cannot place: W…2 is 2410.16251, in the same answer.
        Assert.Equal("ids.openalex:W9000000090|W9000000091", asked["filter"]);
        Assert.Equal(OpenAlexClient.CitedWorkFields, asked["select"]);
        Assert.Equal(Contact, asked["mailto"]);
        Assert.Equal(1, report.CitedWorksResolved);
        var breaking = ArxivId.Parse("2410.17243");
        var reasoning = ArxivId.Parse("2410.18693");
        Assert.Equal(["2410.16251", "2410.18693", "openalex:W9000000091"], store.ReferencesOf(breaking));
        Assert.Equal(["2410.16251", "2410.17243"], store.CitedBy(reasoning));
        Assert.Equal(1, store.CitationCounts()["openalex:W9000000091"]);
        // The work nobody asked about (another work of 2410.18533's) is not stored from the lookup.
        Assert.Null(store.FindPaperByAnyId(PaperId.OpenAlex("W9000000777")));
        Assert.DoesNotContain(PaperId.OpenAlex("W9000000777"), store.GetPaper(ArxivId.Parse("2410.18533"))!.OtherIds);
        // The cited paper keeps arXiv's metadata and is now known by its OpenAlex id.
        var cited = store.GetPaper(reasoning)!;
        Assert.Contains(PaperId.OpenAlex("W9000000090"), cited.OtherIds);
        Assert.NotEqual(OpenAlexWorksReader.FormatName, cited.FieldSources["title"].Format);

        // The references were looked up when first stored: asking again looks nothing up.
        var again = await client.FetchAsync(["2410.17243", "2410.16251"]);
        Assert.Null(again.Error);
        Assert.Single(server.Requests, r => r["select"] is not null);
        Assert.Equal(["2410.16251", "2410.18693", "openalex:W9000000091"], store.ReferencesOf(breaking));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AnOpenAlexWorkAndTheArxivPaperWithItsDoiAreOnePaperInEitherOrder(bool openAlexFirst)
    {
        using var store = PaperStore.Open(_temp.File("store.db"));
        // The published LOGO work without its arxiv.org locations: OpenAlex knows it by its journal DOI only.
        var works = Encoding.UTF8.GetString(Works).Replace("https://arxiv.org/abs/2410.18533v2", "https://example.org/elsewhere", StringComparison.Ordinal)
            .Replace("https://arxiv.org/pdf/2410.18533v2", "https://example.org/elsewhere.pdf", StringComparison.Ordinal);
        await using var server = await ReplayServer.StartAsync(request => Json(request["select"] is not null ? NoWorks : Encoding.UTF8.GetBytes(works)));
        using var http = Client();
        // Generated: arXiv's record of LOGO (a snapshot line) naming the journal DOI.
        var arxiv = _temp.Write("logo-generated.jsonl", Encoding.UTF8.GetBytes(
            "{\"id\": \"2410.18533\", \"title\": \"LOGO -- Long cOntext aliGnment via efficient preference Optimization\", " +
            "\"authors\": \"Zecheng Tang, Zechen Sun, Juntao Li\", \"abstract\": \"Long-context models.\", \"categories\": \"cs.CL\", " +
            "\"doi\": \"10.5555/LOGO.2025.7\", \"versions\": [{\"version\": \"v1\", \"created\": \"Thu, 24 Oct 2024 08:00:00 GMT\"}], " +
            "\"update_date\": \"2024-10-25\", \"submitter\": \"Zecheng Tang\"}\n"));

        async Task FetchWorks() => Assert.Null((await new OpenAlexClient(store, http, server.BaseUrl.ToString())
            .FetchAsync(["10.5555/logo.2025.7"])).Error);
        void ImportArxiv() => Assert.Equal(1, new PaperRadar.Storage.Import.Importer(store).Import([arxiv]).New);
        if (openAlexFirst)
        {
            await FetchWorks();
            Assert.NotNull(store.GetPaper(PaperId.Doi("10.5555/logo.2025.7")));
            ImportArxiv();
        }
        else
        {
            ImportArxiv();
            await FetchWorks();
        }

        // 2410.17243 and 2410.16251 (works with arXiv DOIs) and LOGO, once.
        Assert.Equal(3, store.CountPapers());
        Assert.Null(store.GetPaper(PaperId.Doi("10.5555/logo.2025.7")));
        var logo = store.GetPaper(ArxivId.Parse("2410.18533"))!;
        Assert.Equal(["arxiv-snapshot", "openalex-works"], logo.Sources.Select(s => s.Format).Order(StringComparer.Ordinal));
        Assert.Equal([PaperId.Doi("10.5555/logo.2025.7"), PaperId.OpenAlex("W9000000003")], logo.OtherIds);
        Assert.Equal(4, logo.CitedByCount!.Count);
        Assert.Equal("cs.CL", logo.PrimaryCategory);
        // Its work's citation of W…1 (2410.17243) is the arXiv paper's, whichever came first.
        Assert.Equal(["2410.17243"], store.ReferencesOf(logo.Id));
        Assert.Equal(["2410.18533"], store.CitedBy(ArxivId.Parse("2410.17243")));

        // Fetching the works again changes nothing.
        var again = await new OpenAlexClient(store, http, server.BaseUrl.ToString()).FetchAsync(["2410.18533"]);
        Assert.Equal(3, again.Unchanged);
        Assert.Equal(3, store.CountPapers());
    }

    [Fact]
    public async Task CountsFetchedLongestAgoAreRefreshedFirstInBoundedBatches()
    {
        using var store = await StoreWithHuggingFacePapers();
        await using var server = await ReplayServer.StartAsync(ServeAskedWorks);
        using var http = Client();
        var clock = new SettableClock(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));
        var client = new OpenAlexClient(store, http, server.BaseUrl.ToString(), clock);
        // Fetched on three days: 2410.16251 first, then 2410.18533, then 2410.17243.
        foreach (var id in (string[])["2410.16251", "2410.18533", "2410.17243"])
        {
            Assert.Equal(1, (await client.FetchAsync([id])).Updated);
            clock.Now += TimeSpan.FromDays(1);
        }
        Assert.Empty(store.PapersWithStaleOpenAlexCounts(clock.Now.AddDays(-30), 10));

        // A month after the second fetch: the first two counts are more than 30 days old; a batch of one takes the oldest.
        clock.Now = new DateTimeOffset(2026, 6, 1, 13, 0, 0, TimeSpan.Zero);
        var before = WorkRequests(server).Count;
        var first = await client.RefreshStaleAsync(30, 1);
        var second = await client.RefreshStaleAsync(30, 1);
        var third = await client.RefreshStaleAsync(30, 1);

        var asked = WorkRequests(server).Skip(before).Select(r => r["filter"]).ToList();
        // LOGO is asked for by its journal DOI too, which its first fetch taught the store.
        Assert.Equal(["doi:10.48550/arxiv.2410.16251", "doi:10.48550/arxiv.2410.18533|10.5555/logo.2025.7"], asked);
        Assert.Equal((1L, 1L), (first.Unchanged, second.Unchanged));
        // 2410.17243's count is 29 days old: nothing is stale any more, and nothing is asked.
        Assert.True(third.NothingNew);
        Assert.Equal(0, third.Requests);
    }

    /// <summary>Only the works a request names (by an arXiv id its DOI filter holds), each work of the fixture list on its own.</summary>
    private static ReplayReply ServeAskedWorks(ReceivedRequest request)
    {
        if (request["select"] is not null)
        {
            return Json(NoWorks);
        }
        var values = request["filter"]![(request["filter"]!.IndexOf(':', StringComparison.Ordinal) + 1)..].Split('|')
            .Select(v => v.Replace(OpenAlexWorksReader.ArxivDoiPrefix, "", StringComparison.Ordinal)).ToList();
        var works = System.Text.Json.Nodes.JsonNode.Parse(Works)!["results"]!.AsArray()
            .Where(w => values.Any(v => w!.ToJsonString().Contains(v, StringComparison.OrdinalIgnoreCase)))
            .Select(w => w!.DeepClone()).ToArray();
        return Json(Encoding.UTF8.GetBytes(new System.Text.Json.Nodes.JsonObject
        {
            ["meta"] = new System.Text.Json.Nodes.JsonObject { ["count"] = works.Length, ["next_cursor"] = null },
            ["results"] = new System.Text.Json.Nodes.JsonArray(works),
        }.ToJsonString()));
    }

    private const string HuggingFaceDailyReaderTitle = "Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss";

    [Fact]
    public async Task AnUnresolvedReferenceResolvesOnceItsWorkIsFetchedAndFetchingAgainChangesNothing()
    {
        using var store = await StoreWithHuggingFacePapers();
        await using var server = await ReplayServer.StartAsync(Serve);
        using var http = Client();
        var client = new OpenAlexClient(store, http, server.BaseUrl.ToString());
        await client.FetchAsync(["2410.17243", "2410.16251", "2410.18533"]);
        var edges = store.CountCitations();
        var reasoning = ArxivId.Parse("2410.18693");
        Assert.Empty(store.CitedBy(reasoning));

        var later = await client.FetchAsync(["2410.18693"]);
        var again = await client.FetchAsync(["2410.17243", "2410.16251", "2410.18533"]);

        Assert.Equal(1, later.Updated);
        // W…90 is 2410.18693: both citations stored under its OpenAlex id now resolve to the paper.
        Assert.Equal(["2410.16251", "2410.17243"], store.CitedBy(reasoning));
        Assert.Equal(2, store.CitationCounts()["2410.18693"]);
        Assert.False(store.CitationCounts().ContainsKey("openalex:W9000000090"));
        Assert.Equal(3, again.Unchanged);
        Assert.Equal(edges, store.CountCitations());
        // 2410.17243 -> 2410.16251, -> 2410.18693 (W…90); 2410.16251 -> 2410.18693; 2410.18533 -> 2410.17243. W…91 is no stored paper.
        Assert.Equal(4, store.CountResolvedCitations());
    }

    [Fact]
    public async Task AHarvestOfDaysAsksAboutTheStoredPapersOfThoseDaysInBatchesPolitely()
    {
        using var store = await StoreWithHuggingFacePapers();
        var appeared = store.PapersAppearedBetween(new DateOnly(2024, 10, 1), new DateOnly(2024, 10, 31));
        Assert.Equal(29, appeared.Count);
        await using var server = await ReplayServer.StartAsync(_ => Json(Works));
        using var http = Client();

        // 29 papers, and 25 more ids the store does not have: 54 ids, two requests of at most 50.
        var extra = Enumerable.Range(1, 25).Select(i => $"2410.{90000 + i}").ToList();
        var report = await new OpenAlexClient(store, http, server.BaseUrl.ToString())
            .FetchAsync([.. appeared.Select(p => p.Id.Value), .. extra]);

        Assert.Null(report.Error);
        var requests = WorkRequests(server);
        Assert.Equal(2, requests.Count);
        Assert.Equal([50, 4], requests.Select(r => r["filter"]!.Split('|').Length));
        Assert.All(server.Requests, r => Assert.Equal(Contact, r["mailto"]));
        AssertPolite(server.Requests);
        // The fixture answers both requests with the same three works; the other papers are reported missing.
        Assert.Equal(54 - 3, report.Missing);
        Assert.Equal(2, report.ExitCode);
        Assert.Contains(report.Notes, n => n.StartsWith("... and ", StringComparison.Ordinal));

        var days = await new OpenAlexClient(store, http, server.BaseUrl.ToString())
            .RefreshAsync(new DateOnly(2024, 10, 1), new DateOnly(2024, 10, 31));
        Assert.Equal(29 - 3, days.Missing);
        // Each paper by its arXiv DOI, and 2410.18533 also by the journal DOI OpenAlex gave it: 30 values.
        Assert.Equal(30, WorkRequests(server)[2]["filter"]!.Split('|').Length);
        Assert.Contains("10.5555/logo.2025.7", WorkRequests(server)[2]["filter"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task ThrottlingWithRetryAfterIsWaitedOutThenTheAnswerStored(int status)
    {
        using var store = await StoreWithHuggingFacePapers();
        var calls = 0;
        await using var server = await ReplayServer.StartAsync(request => Interlocked.Increment(ref calls) == 1
            ? Json(Encoding.UTF8.GetBytes("{\"error\": \"Too many requests\"}"), status) with
            {
                Headers = new Dictionary<string, string> { ["Retry-After"] = "1" },
            }
            : Serve(request));
        using var http = Client();

        var report = await new OpenAlexClient(store, http, server.BaseUrl.ToString()).FetchAsync(["2410.17243"]);

        Assert.Null(report.Error);
        Assert.Equal(2, WorkRequests(server).Count);
        Assert.True(server.Requests[1].SecondsAfter(server.Requests[0]) >= 1.0 - 0.01,
            $"the retry came {server.Requests[1].SecondsAfter(server.Requests[0]):0.000} s after the {status}");
        Assert.Equal(57, store.GetPaper(ArxivId.Parse("2410.17243"))!.CitedByCount!.Count);
    }

    [Fact]
    public async Task AMalformedAnswerStopsTheHarvestWithNothingOfItStoredAndWhatCameBeforeKept()
    {
        using var store = await StoreWithHuggingFacePapers();
        await using var server = await ReplayServer.StartAsync(request => request["filter"]!.Contains("2410.18693", StringComparison.Ordinal)
            ? Json(CitedWork[..(CitedWork.Length / 2)])
            : Serve(request));
        using var http = Client();
        var ids = Enumerable.Range(1, 47).Select(i => $"2410.{90000 + i}").Concat(["2410.17243", "2410.16251", "2410.18533"])
            .Append("2410.18693").ToList();

        var report = await new OpenAlexClient(store, http, server.BaseUrl.ToString()).FetchAsync(ids);

        Assert.Equal(1, report.ExitCode);
        Assert.Contains("/works?filter=doi:10.48550", report.Error, StringComparison.Ordinal);
        Assert.Contains("2410.18693", report.Error, StringComparison.Ordinal);
        Assert.Contains("returned a malformed response: not valid JSON", report.Error, StringComparison.Ordinal);
        Assert.Contains("nothing of it was stored", report.Error, StringComparison.Ordinal);
        // The first answer (three works) is stored whole; the malformed one left no trace.
        Assert.Equal(57, store.GetPaper(ArxivId.Parse("2410.17243"))!.CitedByCount!.Count);
        Assert.Null(store.GetPaper(ArxivId.Parse("2410.18693"))!.CitedByCount);
        Assert.Equal(5, store.CountCitations());
    }

    [Fact]
    public async Task AnErrorAnswerNamesTheUrlAndWhatOpenAlexSaid()
    {
        using var store = await StoreWithHuggingFacePapers();
        await using var server = await ReplayServer.StartAsync(_ =>
            Json(Encoding.UTF8.GetBytes("{\"error\": \"Invalid query parameters error.\", \"message\": \"doi is not a valid filter\"}"), 403));
        using var http = Client();

        var report = await new OpenAlexClient(store, http, server.BaseUrl.ToString()).FetchAsync(["2410.17243"]);

        Assert.Equal(1, report.ExitCode);
        Assert.Contains("answered HTTP 403 Forbidden after 1 attempt", report.Error, StringComparison.Ordinal);
        Assert.Contains("doi is not a valid filter", report.Error, StringComparison.Ordinal);
        Assert.Equal(0, store.CountCitations());
    }

    [Fact]
    public async Task WithoutAContactAddressNoMailtoIsSentAndTheReportSaysSo()
    {
        using var store = await StoreWithHuggingFacePapers();
        await using var server = await ReplayServer.StartAsync(Serve);
        using var http = Client(contact: null);

        var report = await new OpenAlexClient(store, http, server.BaseUrl.ToString()).FetchAsync(["2410.17243"]);

        Assert.All(server.Requests, r => Assert.Null(r["mailto"]));
        Assert.Single(WorkRequests(server));
        Assert.Contains(report.Notes, n => n.Contains("requests carry no mailto", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AWorkKnownByTheDoiOfAStoredPaperUnderAnotherIdIsStoredAsThatPaper()
    {
        using var store = await StoreWithHuggingFacePapers();
        // An S2ORC-style record (another source) holding the DOI of the fixture's journal article, under s2:4242.
        var s2 = _temp.Write("s2.jsonl", Encoding.UTF8.GetBytes(
            "{\"paper_id\": \"4242\", \"title\": \"LOGO journal version\", \"year\": 2025, \"doi\": \"10.5555/logo.2025.7\", \"outbound_citations\": []}\n"));
        new PaperRadar.Storage.Import.Importer(store).Import([s2]);
        var works = Encoding.UTF8.GetString(Works).Replace("https://arxiv.org/abs/2410.18533v2", "https://example.org/elsewhere", StringComparison.Ordinal)
            .Replace("https://arxiv.org/pdf/2410.18533v2", "https://example.org/elsewhere.pdf", StringComparison.Ordinal);
        await using var server = await ReplayServer.StartAsync(_ => Json(Encoding.UTF8.GetBytes(works)));
        using var http = Client();

        var report = await new OpenAlexClient(store, http, server.BaseUrl.ToString()).FetchAsync(["10.5555/logo.2025.7"]);

        Assert.Equal("doi:10.5555/logo.2025.7", Assert.Single(WorkRequests(server))["filter"]);
        Assert.Equal(0, report.Missing);
        var paper = store.GetPaper(PaperId.SemanticScholar("4242"))!;
        Assert.Equal(4, paper.CitedByCount!.Count);
        Assert.Null(store.GetPaper(PaperId.Doi("10.5555/logo.2025.7")));
        Assert.Equal(["s2:4242"], store.CitedBy(ArxivId.Parse("2410.17243")));
    }
}
