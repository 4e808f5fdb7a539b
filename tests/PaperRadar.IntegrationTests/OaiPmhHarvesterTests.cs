using Dapper;
using PaperRadar.Core.Model;
using PaperRadar.Harvest;
using PaperRadar.IntegrationTests.Support;
using PaperRadar.Storage;
using PaperRadar.Storage.Sqlite;

namespace PaperRadar.IntegrationTests;

/// <summary>
/// The OAI-PMH harvester against a real HTTP server on 127.0.0.1 replaying arXiv's recorded responses, into a real
/// SQLite store: paging, flow control, every recorded error, broken connections and pages.
/// </summary>
public sealed class OaiPmhHarvesterTests : IDisposable
{
    /// <summary>Small, to keep the tests fast; the politeness it stands for is asserted from the server's clock.</summary>
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(0.2);

    private readonly ScratchDirectory _temp = new();

    private string Db => _temp.File("store.db");

    public void Dispose() => _temp.Dispose();

    private static PoliteHttpClient Client(int maxRetries = 2) => new(new HttpSettings
    {
        Delay = Delay,
        Backoff = TimeSpan.FromMilliseconds(50),
        MaxRetries = maxRetries,
        Timeout = TimeSpan.FromSeconds(30),
        Contact = "radar-admin@lab.example.org",
    });

    private async Task<HarvestReport> Harvest(ReplayServer server, OaiHarvestRequest? request = null, int maxRetries = 2)
    {
        using var store = PaperStore.Open(Db);
        using var http = Client(maxRetries);
        return await new OaiPmhHarvester(store, http).HarvestAsync(
            (request ?? new OaiHarvestRequest()) with { Endpoint = server.Url("/oai") });
    }

    private (long Papers, long Records, long DistinctRecordPapers) Counts()
    {
        using var connection = SqliteConnections.Open(Db);
        return (connection.ExecuteScalar<long>("SELECT count(*) FROM papers"),
            connection.ExecuteScalar<long>("SELECT count(*) FROM source_records"),
            connection.ExecuteScalar<long>("SELECT count(DISTINCT paper_id) FROM source_records"));
    }

    private HarvestState State(ReplayServer server, string set = "")
    {
        using var store = PaperStore.Open(Db);
        return store.GetHarvestState(new HarvestKey(server.Url("/oai"), set, "arXivRaw"));
    }

    [Fact]
    public async Task AHarvestPagesThroughResumptionTokensAcrossTheThreeFullPagesPolitely()
    {
        await using var server = await ReplayServer.StartAsync(OaiRecordings.Serve);

        var report = await Harvest(server, new OaiHarvestRequest { Set = "cs", From = new DateOnly(2013, 5, 20) });

        Assert.Null(report.Error);
        Assert.Equal(0, report.ExitCode);
        var requests = server.Requests;
        Assert.Equal(4, requests.Count);
        // The first request names the list; each next one only the token the page before ended with.
        Assert.Equal("ListRecords", requests[0]["verb"]);
        Assert.Equal("arXivRaw", requests[0]["metadataPrefix"]);
        Assert.Equal("cs", requests[0]["set"]);
        Assert.Equal("2013-05-20", requests[0]["from"]);
        Assert.Null(requests[0]["resumptionToken"]);
        Assert.Equal(["436115|5001", "436115|406001", "496549|47001"], requests.Skip(1).Select(r => r["resumptionToken"]!));
        Assert.All(requests.Skip(1), r => Assert.Null(r["metadataPrefix"]));
        // arXiv's rule, from the server's own clock: never two requests closer than the delay.
        for (var i = 1; i < requests.Count; i++)
        {
            Assert.True(requests[i].SecondsAfter(requests[i - 1]) >= Delay.TotalSeconds - 0.01,
                $"request {i + 1} came {requests[i].SecondsAfter(requests[i - 1]):0.000} s after the one before");
        }
        Assert.All(requests, r => Assert.Matches(@"^PaperRadar/\S+ \(.*mailto:radar-admin@lab\.example\.org\)$", r.UserAgent!));

        var expected = OaiRecordings.IdsInFirstPages(4);
        Assert.Equal(3_002, report.Read);
        Assert.Equal(4, report.Pages);
        Assert.Equal(expected.Count, report.New);
        var (papers, records, distinct) = Counts();
        Assert.Equal(expected.Count, papers);
        // One stored record per harvested record, keyed by the URL that returns it alone.
        Assert.Equal(distinct, records);
        var state = State(server, "cs");
        Assert.Null(state.PendingToken);
        Assert.Equal(new DateOnly(2015, 1, 3), state.LastCompleteDatestamp);

        using var store = PaperStore.Open(Db);
        var paper = store.GetPaper(ArxivId.Parse("1412.8544"))!;
        Assert.StartsWith("A Kochen-Specker system has at least 22 vectors", paper.Title, StringComparison.Ordinal);
        Assert.Contains(paper.Sources, s => s.File.Contains("verb=GetRecord", StringComparison.Ordinal) &&
                                            s.File.EndsWith("identifier=oai:arXiv.org:1412.8544", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheNextHarvestStartsFromTheLastCompleteDatestampAndChangesNothingItAlreadyHas()
    {
        await using var server = await ReplayServer.StartAsync(OaiRecordings.Serve);
        await Harvest(server, new OaiHarvestRequest { From = new DateOnly(2013, 5, 20) });

        // No --from: the harvest asks from the latest datestamp of the last complete list (the recordings again).
        var report = await Harvest(server);

        Assert.Equal("2015-01-03", server.Requests[4]["from"]);
        Assert.Equal(0, report.New);
        Assert.Equal(0, report.Updated);
        Assert.Equal(3_002, report.Unchanged);
    }

    [Fact]
    public async Task TheReal503WithRetryAfterIsWaitedOutAndTheRetrySucceeds()
    {
        var calls = 0;
        await using var server = await ReplayServer.StartAsync(_ =>
            Interlocked.Increment(ref calls) == 1 ? OaiRecordings.Recorded503() : OaiRecordings.RecordedAfter503());

        var report = await Harvest(server, new OaiHarvestRequest
        {
            MetadataPrefix = "arXiv",
            From = new DateOnly(2015, 1, 1),
            Until = new DateOnly(2015, 1, 3),
        });

        Assert.Null(report.Error);
        var requests = server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(requests[0].ToString(), requests[1].ToString());
        // arXiv said "Retry-After: 10": the retry came no sooner.
        Assert.True(requests[1].SecondsAfter(requests[0]) >= 10, $"retried after {requests[1].SecondsAfter(requests[0]):0.00} s");
        Assert.Equal(2, report.New);
        Assert.Equal(2, Counts().Papers);
    }

    [Fact]
    public async Task ARequestThatTakesLongerThanTheTimeoutIsAbandonedAndRetried()
    {
        var calls = 0;
        await using var server = await ReplayServer.StartAsync(request =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                // The first answer hangs past the client's timeout (generated: no recording of a hang exists).
                Thread.Sleep(TimeSpan.FromSeconds(3));
            }
            return OaiRecordings.RecordedAfter503();
        });
        var notices = new List<string>();
        using var store = PaperStore.Open(Db);
        using var http = new PoliteHttpClient(new HttpSettings
        {
            Delay = Delay,
            Backoff = TimeSpan.FromMilliseconds(50),
            MaxRetries = 2,
            Timeout = TimeSpan.FromSeconds(1),
            OnNotice = notices.Add,
        });

        var report = await new OaiPmhHarvester(store, http).HarvestAsync(new OaiHarvestRequest
        {
            Endpoint = server.Url("/oai"),
            From = new DateOnly(2015, 1, 1),
        });

        Assert.Null(report.Error);
        Assert.Equal(2, server.Requests.Count);
        Assert.Contains(notices, n => n.StartsWith("no complete answer within 1 s; retry 1 of 2", StringComparison.Ordinal));
        Assert.Equal(2, report.New);
    }

    [Fact]
    public async Task ABadResumptionTokenRestartsTheListFromTheLastCompleteDatestamp()
    {
        await using var server = await ReplayServer.StartAsync(OaiRecordings.Serve);
        using (var store = PaperStore.Open(Db))
        {
            // An interrupted harvest left a token the repository no longer knows (it expired overnight).
            store.SaveHarvestState(new HarvestState(new HarvestKey(server.Url("/oai"), "", "arXivRaw"))
            {
                LastCompleteDatestamp = new DateOnly(2013, 5, 20),
                PendingToken = "436000|9001",
                PendingFrom = "2013-05-20",
                PendingRecords = 8_000,
            });
        }

        var report = await Harvest(server);

        Assert.Null(report.Error);
        var requests = server.Requests;
        Assert.Equal("436000|9001", requests[0]["resumptionToken"]);
        Assert.Null(requests[1]["resumptionToken"]);
        Assert.Equal("2013-05-20", requests[1]["from"]);
        Assert.Equal(5, requests.Count);
        Assert.Contains(report.Notes, n => n.Contains("The resumptionToken supplied is illegal for this repository", StringComparison.Ordinal));
        Assert.Equal(OaiRecordings.IdsInFirstPages(4).Count, Counts().Papers);
        Assert.Null(State(server).PendingToken);
        Assert.Equal(new DateOnly(2015, 1, 3), State(server).LastCompleteDatestamp);
    }

    [Fact]
    public async Task NoRecordsMatchMeansNothingNewAndIsNotAnError()
    {
        await using var server = await ReplayServer.StartAsync(_ => ReplayReply.File(OaiRecordings.NoRecordsMatch));

        var report = await Harvest(server, new OaiHarvestRequest { From = new DateOnly(2015, 1, 1) });

        Assert.Null(report.Error);
        Assert.Equal(0, report.ExitCode);
        Assert.True(report.NothingNew);
        Assert.Equal(0, report.Read);
        Assert.Single(server.Requests);
        Assert.Null(State(server).PendingToken);
    }

    [Theory]
    [InlineData("ErrorResponseBadArgument.xml", "badArgument")]
    [InlineData("ErrorResponseBadVerb.xml", "badVerb")]
    [InlineData("ErrorResponseIdDoesNotExist.xml", "idDoesNotExist")]
    public async Task AnyOtherOaiErrorStopsTheHarvestWithTheRepositorysMessageAndTheUrl(string file, string code)
    {
        await using var server = await ReplayServer.StartAsync(_ =>
            ReplayReply.File(OaiRecordings.File("mikesaelim_arXivOAIHarvester", file)));

        var report = await Harvest(server);

        Assert.Equal(1, report.ExitCode);
        Assert.Contains($"the OAI-PMH error '{code}'", report.Error, StringComparison.Ordinal);
        Assert.Contains(server.Url("/oai") + "?verb=ListRecords", report.Error, StringComparison.Ordinal);
        Assert.Equal(0, Counts().Papers);
    }

    [Fact]
    public async Task AConnectionDroppedMidPageIsRetriedWithNoDuplicateAndNoLoss()
    {
        var drops = 0;
        await using var server = await ReplayServer.StartAsync(request =>
        {
            var reply = OaiRecordings.Serve(request);
            return request["resumptionToken"] == "436115|406001" && Interlocked.Increment(ref drops) == 1
                ? reply with { DropAfterBytes = reply.Body.Length / 2 }
                : reply;
        });

        var report = await Harvest(server);

        Assert.Null(report.Error);
        Assert.Equal(2, server.Requests.Count(r => r["resumptionToken"] == "436115|406001"));
        var expected = OaiRecordings.IdsInFirstPages(4).Count;
        var (papers, records, distinct) = Counts();
        Assert.Equal(expected, papers);
        Assert.Equal(distinct, records);
        Assert.Equal(3_002, report.Read);
    }

    [Fact]
    public async Task AHarvestStoppedByDroppedConnectionsResumesAtTheSamePageWithNoDuplicateAndNoLoss()
    {
        var broken = true;
        await using var server = await ReplayServer.StartAsync(request =>
        {
            var reply = OaiRecordings.Serve(request);
            return request["resumptionToken"] == "436115|406001" && broken ? reply with { DropAfterBytes = 4_096 } : reply;
        });

        var failed = await Harvest(server, maxRetries: 1);

        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("failed after 2 attempts", failed.Error, StringComparison.Ordinal);
        Assert.Contains("resumptionToken=436115|406001", failed.Error, StringComparison.Ordinal);
        // The two pages before the break are stored, with the token of the page that broke.
        Assert.Equal(OaiRecordings.IdsInFirstPages(2).Count, Counts().Papers);
        var left = State(server);
        Assert.Equal("436115|406001", left.PendingToken);
        Assert.Equal(2_000, left.PendingRecords);

        broken = false;
        var before = server.Requests.Count;
        var resumed = await Harvest(server);

        Assert.Null(resumed.Error);
        Assert.Equal("436115|406001", resumed.ResumedFromToken);
        Assert.Equal(["436115|406001", "496549|47001"], server.Requests.Skip(before).Select(r => r["resumptionToken"]!));
        var (papers, records, distinct) = Counts();
        Assert.Equal(OaiRecordings.IdsInFirstPages(4).Count, papers);
        Assert.Equal(distinct, records);
    }

    [Fact]
    public async Task AMalformedPageStopsWithAClearErrorKeepsTheStateAndStoresNothingOfIt()
    {
        var truncated = true;
        await using var server = await ReplayServer.StartAsync(request =>
        {
            var reply = OaiRecordings.Serve(request);
            // A complete HTTP answer whose XML ends in the middle of a record (generated from the real page).
            return request["resumptionToken"] == "436115|406001" && truncated
                ? reply with { Body = reply.Body[..(reply.Body.Length * 3 / 5)] }
                : reply;
        });

        var failed = await Harvest(server);

        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("resumptionToken=436115|406001 returned a malformed page", failed.Error, StringComparison.Ordinal);
        Assert.Contains("the XML is damaged", failed.Error, StringComparison.Ordinal);
        Assert.Equal(OaiRecordings.IdsInFirstPages(2).Count, Counts().Papers);
        Assert.Equal("436115|406001", State(server).PendingToken);

        truncated = false;
        var resumed = await Harvest(server);

        Assert.Null(resumed.Error);
        Assert.Equal(OaiRecordings.IdsInFirstPages(4).Count, Counts().Papers);
        Assert.Null(State(server).PendingToken);
    }

    [Fact]
    public async Task TheLegacyEndpointPathWorksTheSameWay()
    {
        await using var server = await ReplayServer.StartAsync(OaiRecordings.Serve);
        using var store = PaperStore.Open(Db);
        using var http = Client();

        var report = await new OaiPmhHarvester(store, http).HarvestAsync(new OaiHarvestRequest { Endpoint = server.Url("/oai2") });

        Assert.Null(report.Error);
        Assert.All(server.Requests, r => Assert.Equal("/oai2", r.Path));
        Assert.Equal(OaiRecordings.IdsInFirstPages(4).Count, store.CountPapers());
    }

    [Fact]
    public async Task ADeletedHeaderMarksThePaperDeletedOutOfSearchButKeptForItsCitationsUntilItComesBack()
    {
        var deleting = false;
        await using var server = await ReplayServer.StartAsync(_ =>
            deleting ? new ReplayReply(200, OaiRecordings.PageDeleting1412_8544()) : ReplayReply.File(OaiRecordings.Chain[^1].File));
        var kochen = ArxivId.Parse("1412.8544");
        await Harvest(server, new OaiHarvestRequest { From = new DateOnly(2015, 1, 1) });
        using (var store = PaperStore.Open(Db))
        {
            // hep-th/9504118, the page's other paper, cites 1412.8544 (an edge of a citation file, written here).
            store.WriteCitations([new CitationEdge(ArxivId.Parse("hep-th/9504118"), kochen, new SourceLocation("edges.txt", 1, "citation-edges"))]);
            new PaperRadar.Storage.Search.KeywordIndex(store).Refresh();
            Assert.Equal([kochen.Value], Found(store, "Kochen-Specker"));
        }

        deleting = true;
        var report = await Harvest(server, new OaiHarvestRequest { From = new DateOnly(2015, 1, 4) });

        Assert.Null(report.Error);
        Assert.Equal(1, report.Deleted);
        using (var store = PaperStore.Open(Db))
        {
            var paper = store.GetPaper(kochen)!;
            Assert.Equal(new SourceDeletion(new DateOnly(2015, 1, 5), OaiPmhHarvester.RecordUrl(server.Url("/oai"), "arXivRaw", kochen)),
                paper.DeletedAtSource);
            // The row, its record and the citation naming it stay and resolve.
            Assert.Equal("A Kochen-Specker system has at least 22 vectors (extended abstract)", paper.Title);
            Assert.Equal(["hep-th/9504118"], store.CitedBy(kochen));
            Assert.Equal(1, store.CountResolvedCitations());
            Assert.Equal(1, store.CountDeletedPapers());
            // Search drops it at the next refresh; the other paper of the page stays.
            var refresh = new PaperRadar.Storage.Search.KeywordIndex(store).Refresh();
            Assert.Equal(1, refresh.Removed);
            Assert.Empty(Found(store, "Kochen-Specker"));
            Assert.Null(store.GetPaper(ArxivId.Parse("hep-th/9504118"))!.DeletedAtSource);
        }

        // arXiv lists it again with metadata: the mark is lifted and search finds it again.
        deleting = false;
        await Harvest(server, new OaiHarvestRequest { From = new DateOnly(2015, 1, 1) });
        using (var store = PaperStore.Open(Db))
        {
            Assert.Null(store.GetPaper(kochen)!.DeletedAtSource);
            new PaperRadar.Storage.Search.KeywordIndex(store).Refresh();
            Assert.Equal([kochen.Value], Found(store, "Kochen-Specker"));
        }
    }

    private static List<string> Found(PaperStore store, string words) =>
        new PaperRadar.Storage.Search.KeywordIndex(store).Search(PaperRadar.Core.Search.SearchQuery.Parse(words), 10)
            .Select(h => h.Id).ToList();
}
