using System.Text;
using PaperRadar.Core.Model;
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

    /// <summary>The works of the fixtures as OpenAlex would answer: the one work for a filter naming it, else the list.</summary>
    private static ReplayReply Serve(ReceivedRequest request) =>
        request.Path != "/works" ? Json(Encoding.UTF8.GetBytes("{\"error\": \"not found\"}"), 404)
        : request["filter"]!.Contains("2410.18693", StringComparison.Ordinal) ? Json(Encoding.UTF8.GetBytes($"{{\"meta\": {{\"count\": 1}}, \"results\": [{Encoding.UTF8.GetString(CitedWork)}]}}"))
        : Json(Works);

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
        var request = Assert.Single(server.Requests);
        Assert.Equal("doi:10.48550/arxiv.2410.17243|10.48550/arxiv.2410.16251|10.48550/arxiv.2410.18533", request["filter"]);
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
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal([50, 4], server.Requests.Select(r => r["filter"]!.Split('|').Length));
        Assert.All(server.Requests, r => Assert.Equal(Contact, r["mailto"]));
        Assert.True(server.Requests[1].SecondsAfter(server.Requests[0]) >= Delay.TotalSeconds - 0.01,
            $"the second request came {server.Requests[1].SecondsAfter(server.Requests[0]):0.000} s after the first");
        // The fixture answers both requests with the same three works; the other papers are reported missing.
        Assert.Equal(54 - 3, report.Missing);
        Assert.Equal(2, report.ExitCode);
        Assert.Contains(report.Notes, n => n.StartsWith("... and ", StringComparison.Ordinal));

        var days = await new OpenAlexClient(store, http, server.BaseUrl.ToString())
            .RefreshAsync(new DateOnly(2024, 10, 1), new DateOnly(2024, 10, 31));
        Assert.Equal(29 - 3, days.Missing);
        // Each paper by its arXiv DOI, and 2410.18533 also by the journal DOI OpenAlex gave it: 30 values.
        Assert.Equal(30, server.Requests[2]["filter"]!.Split('|').Length);
        Assert.Contains("10.5555/logo.2025.7", server.Requests[2]["filter"], StringComparison.Ordinal);
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
        Assert.Equal(2, server.Requests.Count);
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

        Assert.Null(Assert.Single(server.Requests)["mailto"]);
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

        Assert.Equal("doi:10.5555/logo.2025.7", Assert.Single(server.Requests)["filter"]);
        Assert.Equal(0, report.Missing);
        var paper = store.GetPaper(PaperId.SemanticScholar("4242"))!;
        Assert.Equal(4, paper.CitedByCount!.Count);
        Assert.Null(store.GetPaper(PaperId.Doi("10.5555/logo.2025.7")));
        Assert.Equal(["s2:4242"], store.CitedBy(ArxivId.Parse("2410.17243")));
    }
}
