using System.Text.Json;
using PaperRadar.IntegrationTests.Support;

namespace PaperRadar.IntegrationTests;

/// <summary>
/// `paperradar harvest` and `paperradar fetch` as a user runs them: the real process, settings from the environment
/// or options, against a real HTTP server on 127.0.0.1 that replays the real recordings.
/// </summary>
public sealed class HarvestCommandTests : IDisposable
{
    private readonly ScratchDirectory _temp = new();

    private string Db => _temp.File("store.db");

    public void Dispose() => _temp.Dispose();

    private static JsonElement Json(CliResult result)
    {
        Assert.True(result.Stdout.Length > 0, result.ToString());
        return JsonDocument.Parse(result.Stdout).RootElement;
    }

    private static Task<CliResult> RunAsync(IDictionary<string, string?> environment, params string[] args) =>
        // The replay server runs in this process: the child must not block the test's thread pool.
        Task.Run(() => PaperRadarProcess.Run(args, environment));

    [Fact]
    public async Task HarvestPagesThroughTheOaiRecordingsFromTheConfiguredEndpointAndPrintsJson()
    {
        await using var server = await ReplayServer.StartAsync(OaiRecordings.Serve);
        var environment = new Dictionary<string, string?>
        {
            ["PAPERRADAR_OAI_ENDPOINT"] = server.Url("/oai"),
            ["PAPERRADAR_HARVEST_DELAY"] = "0.2",
            ["PAPERRADAR_CONTACT"] = "radar-admin@lab.example.org",
        };

        var result = await RunAsync(environment, "harvest", "--set", "cs", "--from", "2013-05-20", "--json", "--db", Db);

        Assert.Equal(0, result.ExitCode);
        var report = Json(result);
        Assert.Equal(3_002, report.GetProperty("read").GetInt64());
        Assert.Equal(4, report.GetProperty("pages").GetInt32());
        Assert.Equal("2015-01-03", report.GetProperty("last_complete_datestamp").GetString());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("pending_token").ValueKind);
        var requests = server.Requests;
        Assert.Equal("cs", requests[0]["set"]);
        Assert.All(requests, r => Assert.Contains("mailto:radar-admin@lab.example.org", r.UserAgent, StringComparison.Ordinal));
        for (var i = 1; i < requests.Count; i++)
        {
            Assert.True(requests[i].SecondsAfter(requests[i - 1]) >= 0.19);
        }
        var stats = Json(PaperRadarProcess.Run("stats", "--json", "--db", Db));
        Assert.Equal(OaiRecordings.IdsInFirstPages(4).Count, stats.GetProperty("papers").GetInt64());

        // Without --json: a summary that says where the next harvest starts.
        var again = await RunAsync(environment, "harvest", "--set", "cs", "--db", Db);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal("2015-01-03", server.Requests[4]["from"]);
        Assert.Contains("3,002 unchanged", again.Stdout, StringComparison.Ordinal);
        Assert.Contains("harvested up to datestamp 2015-01-03", again.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOaiErrorFailsWithExitCode1AndSaysWhichUrlAndWhy()
    {
        await using var server = await ReplayServer.StartAsync(_ =>
            ReplayReply.File(OaiRecordings.File("mikesaelim_arXivOAIHarvester", "ErrorResponseBadArgument.xml")));

        var result = await RunAsync(new Dictionary<string, string?>(), "harvest", "--endpoint", server.Url("/oai"), "--delay", "0",
            "--from", "2015-01-01", "--db", Db);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"paperradar: {server.Url("/oai")}?verb=ListRecords&metadataPrefix=arXivRaw&from=2015-01-01 answered the OAI-PMH error 'badArgument'",
            result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoRecordsMatchExitsZeroAndSaysNothingIsNew()
    {
        await using var server = await ReplayServer.StartAsync(_ => ReplayReply.File(OaiRecordings.NoRecordsMatch));

        var result = await RunAsync(new Dictionary<string, string?> { ["PAPERRADAR_OAI_ENDPOINT"] = server.Url("/oai") },
            "harvest", "--delay", "0", "--json", "--db", Db);

        Assert.Equal(0, result.ExitCode);
        Assert.True(Json(result).GetProperty("nothing_new").GetBoolean());
    }

    [Fact]
    public async Task HarvestAQueryThroughTheArxivApi()
    {
        await using var server = await ReplayServer.StartAsync(AtomRecordings.Serve);

        var result = await RunAsync(new Dictionary<string, string?> { ["PAPERRADAR_ARXIV_API"] = server.Url("/api/query") },
            "harvest", "--query", "testing", "--limit", "100", "--delay", "0.2", "--json", "--db", Db);

        Assert.Equal(0, result.ExitCode);
        var request = Assert.Single(server.Requests);
        Assert.Equal("testing", request["search_query"]);
        Assert.Equal("100", request["max_results"]);
        Assert.Equal(100, Json(result).GetProperty("read").GetInt64());
    }

    [Fact]
    public async Task FetchStoresPapersByIdAndRefusesSomethingThatIsNotAnId()
    {
        await using var server = await ReplayServer.StartAsync(AtomRecordings.Serve);
        var environment = new Dictionary<string, string?> { ["PAPERRADAR_ARXIV_API"] = server.Url("/api/query") };

        var result = await RunAsync(environment, "fetch", "1605.08386", "--delay", "0.2", "--json", "--db", Db);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(1, Json(result).GetProperty("new").GetInt64());
        var paper = Json(PaperRadarProcess.Run("show", "1605.08386", "--json", "--db", Db));
        Assert.Equal("1605.08386", paper.GetProperty("id").GetString());

        var bad = await RunAsync(environment, "fetch", "not-an-id", "--db", Db);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("'not-an-id' is not an arXiv id", bad.Stderr, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task HarvestHuggingFaceDailyPapersForADay()
    {
        var day = File.ReadAllBytes(SharedData.Path("hf-daily-papers", "2024-10-25.json"));
        await using var server = await ReplayServer.StartAsync(_ => new ReplayReply(200, day, "application/json"));

        var result = await RunAsync(new Dictionary<string, string?> { ["PAPERRADAR_HF_API"] = server.BaseUrl.ToString() },
            "harvest", "--source", "hf", "--from", "2024-10-25", "--until", "2024-10-25", "--delay", "0.2", "--json", "--db", Db);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("/api/daily_papers", Assert.Single(server.Requests).Path);
        Assert.Equal(29, Json(result).GetProperty("new").GetInt64());
    }

    [Theory]
    [InlineData("--from", "2024-13-01", "--from '2024-13-01' is not a day like 2024-10-25")]
    [InlineData("--delay", "soon", "--delay 'soon' is not a number of seconds")]
    [InlineData("--endpoint", "ftp://example.org/oai", "--endpoint 'ftp://example.org/oai' is not an http or https URL")]
    public void BadSettingsAreRefusedWithTheirNameAndNothingIsAsked(string option, string value, string message)
    {
        var result = PaperRadarProcess.Run("harvest", option, value, "--db", Db);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }
}
