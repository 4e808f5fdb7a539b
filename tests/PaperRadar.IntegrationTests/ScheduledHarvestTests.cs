using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using PaperRadar.IntegrationTests.Support;
using PaperRadar.Storage;
using PaperRadar.Storage.Authors;
using PaperRadar.Storage.Import;
using PaperRadar.Web.Harvesting;

namespace PaperRadar.IntegrationTests;

/// <summary>`serve`'s harvest schedule: when it is due, and one scheduled run of the real process against the replay server.</summary>
public sealed partial class ScheduledHarvestTests : IDisposable
{
    private readonly ScratchDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    // A Friday: the next announcement is Sunday's, 20:00 in New York (EST, UTC-5).
    [InlineData("2026-11-27T12:00:00Z", "2026-11-30T01:00:00Z")]
    // Thursday 19:00 in New York: an hour before that day's announcement.
    [InlineData("2026-11-27T00:00:00Z", "2026-11-27T01:00:00Z")]
    // Thursday 20:00 in New York has just passed: Friday and Saturday have none, so Sunday.
    [InlineData("2026-11-27T01:00:00Z", "2026-11-30T01:00:00Z")]
    // Summer: New York is on daylight saving time (EDT, UTC-4).
    [InlineData("2026-07-01T12:00:00Z", "2026-07-02T00:00:00Z")]
    public void TheDailyScheduleRunsAfterArxivsAnnouncementSundayToThursdayNewYorkTime(string now, string next)
    {
        var schedule = HarvestSchedule.Parse("daily");

        Assert.Equal(DateTimeOffset.Parse(next, System.Globalization.CultureInfo.InvariantCulture),
            schedule.Next(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void OtherSchedulesAndBadOnes()
    {
        var now = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
        Assert.Null(HarvestSchedule.Parse("off").Next(now));
        Assert.Equal(now.AddHours(6), HarvestSchedule.Parse("every:6h").Next(now));
        // Sunday 06:30 in New York.
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 11, 30, 0, TimeSpan.Zero), HarvestSchedule.Parse("daily@06:30").Next(now));
        var error = Assert.Throws<ArgumentException>(() => HarvestSchedule.Parse("hourly"));
        Assert.Contains("'hourly' is not one of: off, daily", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServeHarvestsOnItsScheduleAndIndexesWhatItHarvested()
    {
        var hfDay = File.ReadAllBytes(SharedData.Path("hf-daily-papers", "2024-10-25.json"));
        await using var server = await ReplayServer.StartAsync(request => request.Path == "/api/daily_papers"
            ? new ReplayReply(200, hfDay, "application/json")
            : OaiRecordings.Serve(request));
        var environment = new Dictionary<string, string?>
        {
            ["PAPERRADAR_HARVEST_SCHEDULE"] = "every:1s",
            ["PAPERRADAR_OAI_ENDPOINT"] = server.Url("/oai"),
            ["PAPERRADAR_HF_API"] = server.BaseUrl.ToString(),
            ["PAPERRADAR_HARVEST_DELAY"] = "0.2",
        };
        // The sample imported and its people stored beforehand: the scheduled run keeps stored people current.
        var db = _temp.File("served.db");
        using (var store = PaperStore.Open(db))
        {
            new Importer(store).Import([SharedData.Sample()]);
            PersonIndex.Run(store);
        }
        using var process = Process.Start(PaperRadarProcess.StartInfo(
            ["serve", "--db", db, "--urls", "http://127.0.0.1:0", "--harvest-sets", "cs"], environment))!;
        var stderr = process.StandardError.ReadToEndAsync();
        Task<string>? log = null;
        try
        {
            var (address, schedule) = await ReadAddressAndSchedule(process);
            Assert.StartsWith("harvest schedule: every:1s (arXiv sets cs, Hugging Face)", schedule, StringComparison.Ordinal);
            // The rest of standard output is the log, read as it comes so the server never blocks on a full pipe.
            log = process.StandardOutput.ReadToEndAsync();
            using var client = new HttpClient { BaseAddress = new Uri(address) };
            var found = false;
            var clock = Stopwatch.StartNew();
            // A harvested paper (from the recorded pages), found by the keyword index the run refreshed after harvesting.
            for (var poll = 0; !found && clock.Elapsed < TimeSpan.FromMinutes(3); poll++)
            {
                using var search = await client.GetAsync($"/api/v1/search?q=Kochen-Specker&mode=keyword&poll={poll}");
                Assert.Equal(HttpStatusCode.OK, search.StatusCode);
                found = (await search.Content.ReadAsStringAsync()).Contains("\"1412.8544\"", StringComparison.Ordinal);
                if (!found)
                {
                    await Task.Delay(1_000);
                }
            }
            Assert.True(found, "the harvested paper 1412.8544 was not searchable within 3 minutes");
            // Found by meaning too, once the site has reloaded the vectors the run computed (just after the index step).
            var meaning = "";
            for (var poll = 0; !meaning.Contains("\"1412.8544\"", StringComparison.Ordinal) && poll < 60; poll++)
            {
                await Task.Delay(poll == 0 ? 0 : 1_000);
                using var semantic = await client.GetAsync($"/api/v1/search?q=Kochen-Specker+system+of+vectors+on+the+sphere&mode=semantic&poll={poll}");
                meaning = await semantic.Content.ReadAsStringAsync();
            }
            Assert.Contains("\"mode\":\"semantic\"", meaning, StringComparison.Ordinal);
            Assert.Contains("\"1412.8544\"", meaning, StringComparison.Ordinal);
            using var paper = await client.GetAsync("/api/v1/papers/2410.17243");
            Assert.Equal(HttpStatusCode.OK, paper.StatusCode);
            Assert.Contains("\"upvotes\":64", await paper.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            // The harvested paper's authors get their stored people after the run's person step.
            var harvested = "";
            for (var poll = 0; !harvested.Contains("\"person_id\":\"", StringComparison.Ordinal) && poll < 60; poll++)
            {
                await Task.Delay(poll == 0 ? 0 : 1_000);
                using var response = await client.GetAsync($"/api/v1/papers/1412.8544?poll={poll}");
                harvested = await response.Content.ReadAsStringAsync();
            }
            Assert.Contains("\"person_id\":\"", harvested, StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        var requests = server.Requests;
        Assert.Equal("cs", requests[0]["set"]);
        Assert.Contains(requests, r => r.Path == "/api/daily_papers");
        Assert.Contains("scheduled harvest of arxiv: 3002 records", await log!, StringComparison.Ordinal);
        Assert.Contains("people after the harvest:", await log!, StringComparison.Ordinal);
        Assert.DoesNotContain("failed", await stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AScheduledRunAsksOpenAlexAboutTheRecentPapersWhenConfigured()
    {
        var hfDay = File.ReadAllBytes(SharedData.Path("hf-daily-papers", "2024-10-25.json"));
        // No real OpenAlex response exists here: the fixture was written from OpenAlex's schema documentation.
        var works = File.ReadAllBytes(SharedData.Fixture("openalex", "works-written-from-schema-docs.json"));
        await using var server = await ReplayServer.StartAsync(request => request.Path switch
        {
            "/api/daily_papers" => new ReplayReply(200, hfDay, "application/json"),
            "/works" => new ReplayReply(200, works, "application/json"),
            _ => ReplayReply.File(OaiRecordings.NoRecordsMatch),
        });
        var storePath = _temp.File("scheduled.db");
        var scheduler = new HarvestScheduler(storePath, new ScheduledHarvestOptions
        {
            Schedule = HarvestSchedule.Parse("every:1h"),
            OaiEndpoint = server.Url("/oai"),
            HuggingFaceApi = server.BaseUrl.ToString(),
            OpenAlexApi = server.BaseUrl.ToString(),
            // Back to the papers of October 2024 the recorded Hugging Face day brings.
            OpenAlexDays = DateOnly.FromDateTime(DateTime.UtcNow).DayNumber - new DateOnly(2024, 10, 1).DayNumber,
            Http = new PaperRadar.Harvest.HttpSettings { Delay = TimeSpan.FromSeconds(0.1), Contact = "radar-admin@lab.example.org" },
        }, Microsoft.Extensions.Logging.Abstractions.NullLogger<HarvestScheduler>.Instance);

        var run = await scheduler.RunOnceAsync(CancellationToken.None);

        Assert.Null(run.Error);
        // The recent papers, then the stale counts (none: every count was fetched just now).
        var openAlex = run.Harvests.Where(h => h.Source == "openalex").ToList();
        Assert.Equal(2, openAlex.Count);
        Assert.All(openAlex, h => Assert.Null(h.Error));
        Assert.Equal(3, openAlex[0].Updated);
        Assert.True(openAlex[1].NothingNew);
        var asked = Assert.Single(server.Requests, r => r.Path == "/works" && r["select"] is null);
        Assert.Equal("radar-admin@lab.example.org", asked["mailto"]);
        using var store = PaperRadar.Storage.PaperStore.Open(storePath);
        Assert.Equal(57, store.GetPaper(PaperRadar.Core.Model.ArxivId.Parse("2410.17243"))!.CitedByCount!.Count);
    }

    [Fact]
    public async Task ServeWithHarvestOpenAlexRefreshesStaleCountsIntoTheStore()
    {
        var hfDay = File.ReadAllBytes(SharedData.Path("hf-daily-papers", "2024-10-25.json"));
        // No real OpenAlex response exists here: the fixture was written from OpenAlex's schema documentation. Before
        // serve starts, OpenAlex says 2410.17243 is cited 50 times; while it serves, 57 (the fixture as written).
        var works = File.ReadAllBytes(SharedData.Fixture("openalex", "works-written-from-schema-docs.json"));
        var older = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(works)
            .Replace("\"cited_by_count\": 57", "\"cited_by_count\": 50", StringComparison.Ordinal));
        var serving = false;
        await using var server = await ReplayServer.StartAsync(request => request.Path switch
        {
            "/api/daily_papers" => new ReplayReply(200, hfDay, "application/json"),
            "/works" when request["select"] is not null => new ReplayReply(200, "{\"meta\": {\"count\": 0}, \"results\": []}"u8.ToArray(), "application/json"),
            "/works" => new ReplayReply(200, serving ? works : older, "application/json"),
            _ => ReplayReply.File(OaiRecordings.NoRecordsMatch),
        });
        var db = _temp.File("served-openalex.db");
        var environment = new Dictionary<string, string?>
        {
            ["PAPERRADAR_HARVEST_SCHEDULE"] = "every:1s",
            ["PAPERRADAR_OAI_ENDPOINT"] = server.Url("/oai"),
            ["PAPERRADAR_HF_API"] = server.BaseUrl.ToString(),
            ["PAPERRADAR_OPENALEX_API"] = server.BaseUrl.ToString(),
            ["PAPERRADAR_HARVEST_DELAY"] = "0.1",
            ["PAPERRADAR_CONTACT"] = "radar-admin@lab.example.org",
        };
        Assert.Equal(0, PaperRadarProcess.Run(["import", SharedData.Path("hf-daily-papers", "2024-10-25.json"), "--db", db], environment).ExitCode);
        var seeded = PaperRadarProcess.Run(["harvest", "--source", "openalex", "2410.17243", "2410.16251", "2410.18533", "--db", db], environment);
        Assert.Equal(0, seeded.ExitCode);
        serving = true;

        // Counts fetched more than 0 days ago are stale: each scheduled run refreshes them (the papers are of 2024, far
        // outside the window of recent papers, so only the refresh of stale counts asks about them).
        using var process = Process.Start(PaperRadarProcess.StartInfo(
            ["serve", "--db", db, "--urls", "http://127.0.0.1:0", "--harvest-sets", "cs", "--harvest-openalex", "--openalex-refresh-days", "0"],
            environment))!;
        var stderr = process.StandardError.ReadToEndAsync();
        Task<string>? log = null;
        var paper = "";
        try
        {
            var (address, schedule) = await ReadAddressAndSchedule(process);
            Assert.StartsWith("harvest schedule: every:1s (arXiv sets cs, Hugging Face, OpenAlex)", schedule, StringComparison.Ordinal);
            log = process.StandardOutput.ReadToEndAsync();
            using var client = new HttpClient { BaseAddress = new Uri(address) };
            var clock = Stopwatch.StartNew();
            while (!paper.Contains("\"count\":57", StringComparison.Ordinal) && clock.Elapsed < TimeSpan.FromMinutes(3))
            {
                await Task.Delay(paper.Length == 0 ? 0 : 1_000);
                paper = await client.GetStringAsync($"/api/v1/papers/2410.17243?poll={clock.ElapsedMilliseconds}");
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        Assert.Contains("\"cited_by_count\":{\"count\":57,\"day\":\"2025-05-01\",\"source\":\"OpenAlex\"}", paper, StringComparison.Ordinal);
        using (var store = PaperStore.Open(db))
        {
            Assert.Equal(57, store.GetPaper(PaperRadar.Core.Model.ArxivId.Parse("2410.17243"))!.CitedByCount!.Count);
        }
        var refreshes = server.Requests.Where(r => r.Path == "/works" && r["select"] is null).Skip(1).ToList();
        Assert.NotEmpty(refreshes);
        Assert.All(refreshes, r => Assert.Equal("radar-admin@lab.example.org", r["mailto"]));
        Assert.Contains("scheduled harvest of openalex", await log!, StringComparison.Ordinal);
        Assert.DoesNotContain("failed", await stderr, StringComparison.Ordinal);
    }

    private static async Task<(string Address, string Schedule)> ReadAddressAndSchedule(Process process)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        string? address = null;
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (ServingLine().Match(line) is { Success: true } match)
            {
                address = match.Groups["address"].Value;
            }
            else if (address is not null && line.StartsWith("harvest schedule:", StringComparison.Ordinal))
            {
                return (address, line);
            }
        }
        throw new InvalidOperationException($"serve exited (code {(process.HasExited ? process.ExitCode : -1)}) without printing its address and schedule");
    }

    [GeneratedRegex(@"^PaperRadar is serving (?<address>http://127\.0\.0\.1:\d+)")]
    private static partial Regex ServingLine();
}
