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

    [Fact]
    public async Task HarvestOpenAlexForTheStoredPapersOfARangeOfDaysThenShowTheirCitations()
    {
        // No real OpenAlex response exists here: the answer is the fixture written from OpenAlex's schema documentation.
        var works = File.ReadAllBytes(SharedData.Fixture("openalex", "works-written-from-schema-docs.json"));
        await using var server = await ReplayServer.StartAsync(_ => new ReplayReply(200, works, "application/json"));
        Assert.Equal(0, PaperRadarProcess.Run("import", SharedData.Path("hf-daily-papers", "2024-10-25.json"), "--db", Db).ExitCode);
        var environment = new Dictionary<string, string?>
        {
            ["PAPERRADAR_OPENALEX_API"] = server.BaseUrl.ToString(),
            ["PAPERRADAR_CONTACT"] = "radar-admin@lab.example.org",
        };

        var result = await RunAsync(environment, "harvest", "--source", "openalex", "--from", "2024-10-01", "--until", "2024-10-31",
            "--delay", "0.2", "--json", "--db", Db);

        // Done, with papers OpenAlex (the fixture) has no work for: exit code 2.
        Assert.Equal(2, result.ExitCode);
        var report = Json(result);
        Assert.Equal(3, report.GetProperty("updated").GetInt64());
        Assert.Equal(5, report.GetProperty("references").GetInt64());
        Assert.Equal(26, report.GetProperty("missing").GetInt64());
        var request = Assert.Single(server.Requests, r => r["select"] is null);
        Assert.Equal("/works", request.Path);
        Assert.Equal("radar-admin@lab.example.org", request["mailto"]);
        Assert.Equal(29, request["filter"]!.Split('|').Length);
        // The works cited that the store cannot place are looked up; the fixture answers with works not asked about.
        var lookup = Assert.Single(server.Requests, r => r["select"] is not null);
        Assert.Equal("ids.openalex:W9000000090|W9000000091", lookup["filter"]);
        Assert.Equal(0, report.GetProperty("cited_works_resolved").GetInt64());

        var paper = Json(PaperRadarProcess.Run("show", "2410.17243", "--json", "--db", Db));
        Assert.Equal(57, paper.GetProperty("cited_by_count").GetProperty("count").GetInt32());
        Assert.Equal("OpenAlex", paper.GetProperty("cited_by_count").GetProperty("source").GetString());
        Assert.Equal(["2410.18533"], paper.GetProperty("cited_by").EnumerateArray().Select(e => e.GetString()));
        var shown = PaperRadarProcess.Run("show", "2410.17243", "--db", Db);
        Assert.Contains("57 according to OpenAlex (as of 2025-05-01)", shown.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ASavedOpenAlexResponseIsImportedLikeAHarvestedOne()
    {
        Assert.Equal(0, PaperRadarProcess.Run("import", SharedData.Path("hf-daily-papers", "2024-10-25.json"), "--db", Db).ExitCode);

        var import = PaperRadarProcess.Run("import", SharedData.Fixture("openalex", "works-written-from-schema-docs.json"), "--json", "--db", Db);

        Assert.Equal(0, import.ExitCode);
        var file = Assert.Single(Json(import).GetProperty("files").EnumerateArray());
        Assert.Equal("openalex-works", file.GetProperty("format").GetString());
        Assert.Equal(3, file.GetProperty("updated").GetInt64());
        var paper = Json(PaperRadarProcess.Run("show", "2410.17243", "--json", "--db", Db));
        Assert.Equal(57, paper.GetProperty("cited_by_count").GetProperty("count").GetInt32());
        Assert.Equal(["2410.16251", "openalex:W9000000090", "openalex:W9000000091"],
            paper.GetProperty("references").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("--source openalex --set cs", "--set and --query are for --source arxiv, not openalex")]
    [InlineData("--source hf --metadata-prefix oai_dc", "--metadata-prefix chooses the OAI-PMH format of --source arxiv; --source hf has one format of its own")]
    [InlineData("--source openalex --metadata-prefix arXiv", "--source openalex has one format of its own")]
    [InlineData("--query cat:cs.CL --metadata-prefix arXivRaw", "--query harvests the arXiv API, whose feeds have one format (Atom)")]
    [InlineData("2410.17243", "ids are for --source openalex")]
    [InlineData("--source openalex 2410.17243 --from 2024-10-01", "give either ids or --from/--until to --source openalex, not both")]
    [InlineData("--source openalex not-an-id", "'not-an-id' is not an arXiv id, a DOI (10.…) or an OpenAlex work id (W…)")]
    public void OptionsASourceDoesNotTakeAreRefusedWithTheReason(string arguments, string message)
    {
        var result = PaperRadarProcess.Run([.. "harvest --endpoint http://127.0.0.1:9/ --delay 0".Split(' '), .. arguments.Split(' '), "--db", Db]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }
}
