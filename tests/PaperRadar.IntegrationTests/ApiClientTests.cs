using System.Text;
using PaperRadar.Core.Model;
using PaperRadar.Core.Readers;
using PaperRadar.Harvest;
using PaperRadar.IntegrationTests.Support;
using PaperRadar.Storage;

namespace PaperRadar.IntegrationTests;

/// <summary>
/// The arXiv API client and the Hugging Face daily-papers client against a real HTTP server on 127.0.0.1 replaying
/// the real recordings in ../shared/data/arxiv-api-atom and ../shared/data/hf-daily-papers.
/// </summary>
public sealed class ApiClientTests : IDisposable
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(0.2);

    private readonly ScratchDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private PaperStore OpenStore() => PaperStore.Open(_temp.File("store.db"));

    private static PoliteHttpClient Client() => new(new HttpSettings
    {
        Delay = Delay,
        Backoff = TimeSpan.FromMilliseconds(50),
        MaxRetries = 1,
        Contact = "radar-admin@lab.example.org",
    });

    private static void AssertPolite(IReadOnlyList<ReceivedRequest> requests)
    {
        for (var i = 1; i < requests.Count; i++)
        {
            Assert.True(requests[i].SecondsAfter(requests[i - 1]) >= Delay.TotalSeconds - 0.01,
                $"request {i + 1} came {requests[i].SecondsAfter(requests[i - 1]):0.000} s after the one before");
        }
    }

    private static HashSet<string> IdsIn(params string[] feeds)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in feeds)
        {
            var path = SharedData.Path("arxiv-api-atom", "arxiv.py_fixtures_2026", "xml", name);
            using var stream = File.OpenRead(path);
            ids.UnionWith(new ArxivAtomReader().Read(stream, path).Where(o => o.Record is not null).Select(o => o.Record!.Id.Value));
        }
        return ids;
    }

    [Fact]
    public async Task AQueryIsPagedWithStartAndMaxResultsUntilTheEmptyFeed()
    {
        await using var server = await ReplayServer.StartAsync(AtomRecordings.Serve);
        using var store = OpenStore();
        using var http = Client();

        var report = await new ArxivApiClient(store, http, server.Url("/api/query"))
            .SearchAsync("testing", limit: 1_000, pageSize: 10);

        Assert.Null(report.Error);
        var requests = server.Requests;
        Assert.Equal(["0", "10", "20", "30", "40", "50", "60"], requests.Select(r => r["start"]!));
        Assert.All(requests, r => Assert.Equal("testing", r["search_query"]));
        Assert.All(requests, r => Assert.Equal("10", r["max_results"]));
        AssertPolite(requests);
        Assert.Equal(60, report.Read);
        var expected = IdsIn("q_testing_s0_m10_bc5a6c384fe9.xml", "q_testing_s10_m10_34e56e15aaac.xml",
            "q_testing_s20_m10_348a237fecab.xml", "q_testing_s30_m10_f2e39f0143dc.xml", "q_testing_s40_m10_96dd32eb854c.xml",
            "q_testing_s50_m10_7f488ab8598c.xml");
        Assert.Equal(expected.Count, store.CountPapers());
        Assert.Equal(expected.Count, report.New);
    }

    [Fact]
    public async Task AQueryStopsAtItsLimit()
    {
        await using var server = await ReplayServer.StartAsync(AtomRecordings.Serve);
        using var store = OpenStore();
        using var http = Client();

        var report = await new ArxivApiClient(store, http, server.Url("/api/query")).SearchAsync("testing", limit: 20, pageSize: 10);

        Assert.Equal(["0", "10"], server.Requests.Select(r => r["start"]!));
        Assert.Equal(20, report.Read);
    }

    [Fact]
    public async Task FetchByIdStoresThePaperAndAnotherFetchChangesNothing()
    {
        await using var server = await ReplayServer.StartAsync(AtomRecordings.Serve);
        using var store = OpenStore();
        using var http = Client();
        var client = new ArxivApiClient(store, http, server.Url("/api/query"));

        var report = await client.FetchAsync(["1605.08386"]);
        var again = await client.FetchAsync(["1605.08386"]);

        Assert.Equal(0, report.ExitCode);
        Assert.Equal("1605.08386", server.Requests[0]["id_list"]);
        Assert.Equal(1, report.New);
        Assert.Equal(1, again.Unchanged);
        var paper = store.GetPaper(ArxivId.Parse("1605.08386"))!;
        Assert.Equal(server.Url("/api/query") + "?id_list=1605.08386", Assert.Single(paper.Sources).File);
    }

    [Fact]
    public async Task AnIdArxivDoesNotHaveIsReportedAsMissing()
    {
        await using var server = await ReplayServer.StartAsync(AtomRecordings.Serve);
        using var store = OpenStore();
        using var http = Client();

        // The real answer for this pair holds 1707.08567 only.
        var report = await new ArxivApiClient(store, http, server.Url("/api/query")).FetchAsync(["0808.05394", "1707.08567"]);

        Assert.Equal("0808.05394,1707.08567", Assert.Single(server.Requests)["id_list"]);
        Assert.Equal(2, report.ExitCode);
        Assert.Equal(1, report.Missing);
        Assert.Contains("arXiv has no paper 0808.05394", report.Notes);
        Assert.NotNull(store.GetPaper(ArxivId.Parse("1707.08567")));
    }

    [Fact]
    public async Task TheApisHttp400ErrorFeedGivesItsMessage()
    {
        await using var server = await ReplayServer.StartAsync(AtomRecordings.Serve);
        using var store = OpenStore();
        using var http = Client();

        var report = await new ArxivApiClient(store, http, server.Url("/api/query")).FetchAsync(["abc"]);

        Assert.Equal(1, report.ExitCode);
        Assert.Contains("answered HTTP 400", report.Error, StringComparison.Ordinal);
        Assert.Contains("incorrect id format for abc", report.Error, StringComparison.Ordinal);
        Assert.Equal(0, store.CountPapers());
    }

    [Fact]
    public async Task TheEmptyFeedStoresNothingAndSaysSo()
    {
        await using var server = await ReplayServer.StartAsync(AtomRecordings.Serve);
        using var store = OpenStore();
        using var http = Client();

        var report = await new ArxivApiClient(store, http, server.Url("/api/query")).FetchAsync(["0000.0000"]);

        Assert.Null(report.Error);
        Assert.Equal(0, report.Read);
        Assert.Equal(1, report.Missing);
    }

    [Fact]
    public async Task HuggingFaceDailyPapersAreFetchedOneDayAtATimeAndMergedWithTheirSignals()
    {
        var day = File.ReadAllBytes(SharedData.Path("hf-daily-papers", "2024-10-25.json"));
        await using var server = await ReplayServer.StartAsync(request =>
            request.Path == "/api/daily_papers" && request["date"] == "2024-10-25"
                ? new ReplayReply(200, day, "application/json; charset=utf-8")
                // Days nothing was recorded for: an empty list, what the API answers for a day without papers.
                : new ReplayReply(200, Encoding.UTF8.GetBytes("[]"), "application/json; charset=utf-8"));
        using var store = OpenStore();
        using var http = Client();

        var report = await new HuggingFaceDailyClient(store, http, server.BaseUrl.ToString())
            .HarvestAsync(new DateOnly(2024, 10, 24), new DateOnly(2024, 10, 26));

        Assert.Null(report.Error);
        Assert.Equal(["2024-10-24", "2024-10-25", "2024-10-26"], server.Requests.Select(r => r["date"]!));
        AssertPolite(server.Requests);
        Assert.Equal(29, report.Read);
        Assert.Equal(29, report.New);
        var paper = store.GetPaper(ArxivId.Parse("2410.17243"))!;
        Assert.Equal(64, paper.Community!.Upvotes);
        Assert.Equal(3, paper.Community.Comments);
        Assert.Equal(new DateOnly(2024, 10, 25), paper.Community.Day);
    }

    [Fact]
    public async Task AMalformedHuggingFaceAnswerStoresNothingAndNamesTheUrl()
    {
        var day = File.ReadAllBytes(SharedData.Path("hf-daily-papers", "2024-10-25.json"));
        await using var server = await ReplayServer.StartAsync(_ =>
            new ReplayReply(200, day[..(day.Length / 2)], "application/json; charset=utf-8"));
        using var store = OpenStore();
        using var http = Client();

        var report = await new HuggingFaceDailyClient(store, http, server.BaseUrl.ToString())
            .HarvestAsync(new DateOnly(2024, 10, 25), new DateOnly(2024, 10, 25));

        Assert.Equal(1, report.ExitCode);
        Assert.Contains("/api/daily_papers?date=2024-10-25 returned a malformed response", report.Error, StringComparison.Ordinal);
        Assert.Equal(0, store.CountPapers());
    }

    /// <summary>The real day for 2024-10-25, an empty list for the other days, and HTTP 500 for the days given.</summary>
    private static Func<ReceivedRequest, ReplayReply> HuggingFaceDays(params string[] failing)
    {
        var day = File.ReadAllBytes(SharedData.Path("hf-daily-papers", "2024-10-25.json"));
        return request => failing.Contains(request["date"])
            ? new ReplayReply(500, Encoding.UTF8.GetBytes("{\"error\": \"Internal Error\"}"), "application/json")
            : new ReplayReply(200, request["date"] == "2024-10-25" ? day : Encoding.UTF8.GetBytes("[]"), "application/json; charset=utf-8");
    }

    [Fact]
    public async Task HuggingFaceCatchesUpTheDaysMissedSinceTheLastDayHarvested()
    {
        await using var server = await ReplayServer.StartAsync(HuggingFaceDays());
        using var store = OpenStore();
        using var http = Client();
        var client = new HuggingFaceDailyClient(store, http, server.BaseUrl.ToString());
        await client.HarvestAsync(new DateOnly(2024, 10, 25), new DateOnly(2024, 10, 25));
        Assert.Equal(new DateOnly(2024, 10, 25), store.GetHarvestState(client.StateKey).LastCompleteDatestamp);

        // Four days later (a server stopped meanwhile): the last day again, since its list may have grown, then the missed ones.
        var report = await client.CatchUpAsync(new DateOnly(2024, 10, 29));

        Assert.Null(report.Error);
        Assert.Equal(["2024-10-25", "2024-10-25", "2024-10-26", "2024-10-27", "2024-10-28", "2024-10-29"],
            server.Requests.Select(r => r["date"]!));
        AssertPolite(server.Requests);
        Assert.Equal(29, report.Unchanged);
        Assert.Contains("caught up 3 days missed since the last day harvested (2024-10-25)", report.Notes);
        Assert.Equal(new DateOnly(2024, 10, 29), store.GetHarvestState(client.StateKey).LastCompleteDatestamp);
    }

    [Fact]
    public async Task AFailedDayIsWhereTheNextCatchUpStartsAndOldMissedDaysAreBounded()
    {
        var down = true;
        var answers = HuggingFaceDays();
        var failing = HuggingFaceDays("2024-10-27");
        await using var server = await ReplayServer.StartAsync(request => down ? failing(request) : answers(request));
        using var store = OpenStore();
        using var http = Client();
        var client = new HuggingFaceDailyClient(store, http, server.BaseUrl.ToString());

        var first = await client.HarvestAsync(new DateOnly(2024, 10, 25), new DateOnly(2024, 10, 29));

        Assert.Contains("api/daily_papers?date=2024-10-27 answered HTTP 500", first.Error, StringComparison.Ordinal);
        Assert.Equal(29, store.CountPapers());
        Assert.Equal(new DateOnly(2024, 10, 26), store.GetHarvestState(client.StateKey).LastCompleteDatestamp);

        // The source answers again: the next catch-up starts at the last day stored.
        down = false;
        var asked = server.Requests.Count;
        var caughtUp = await client.CatchUpAsync(new DateOnly(2024, 10, 28));
        Assert.Null(caughtUp.Error);
        Assert.Equal(["2024-10-26", "2024-10-27", "2024-10-28"], server.Requests.Skip(asked).Select(r => r["date"]!));

        // A month later: only the last 14 days are fetched, and the report says which older days were left.
        asked = server.Requests.Count;
        var month = await client.CatchUpAsync(new DateOnly(2024, 11, 28));
        Assert.Equal(14, server.Requests.Count - asked);
        Assert.Equal("2024-11-15", server.Requests[asked]["date"]);
        Assert.Contains(month.Notes, n => n.Contains("fetch them with --from 2024-10-29 --until 2024-11-14", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFirstCatchUpFetchesYesterdayAndToday()
    {
        await using var server = await ReplayServer.StartAsync(HuggingFaceDays());
        using var store = OpenStore();
        using var http = Client();

        var report = await new HuggingFaceDailyClient(store, http, server.BaseUrl.ToString()).CatchUpAsync(new DateOnly(2024, 10, 26));

        Assert.Equal(["2024-10-25", "2024-10-26"], server.Requests.Select(r => r["date"]!));
        Assert.Equal(29, report.New);
        Assert.Empty(report.Notes);
    }
}
