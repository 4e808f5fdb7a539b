using System.Text.Json;
using PaperRadar.IntegrationTests.Support;

namespace PaperRadar.IntegrationTests;

/// <summary>
/// `paperradar import` on the harvest formats' real files: the 2012 oai_dc JSON lines, the recorded OAI-PMH responses
/// and the recorded arXiv API feeds, detected from their content and merged in a real SQLite store.
/// </summary>
public sealed class HarvestFormatsImportTests : IDisposable
{
    private readonly ScratchDirectory _temp = new();

    private string Db => _temp.File("store.db");

    public void Dispose() => _temp.Dispose();

    private static JsonElement Json(CliResult result)
    {
        Assert.True(result.Stdout.Length > 0, result.ToString());
        return JsonDocument.Parse(result.Stdout).RootElement;
    }

    [Fact]
    public void ImportingThe2012OaiDcCorpusStoresEachOfItsRecordsAsAPaperAndSkipsTheEmptyDays()
    {
        var import = PaperRadarProcess.Run("import", SharedData.Path("arxiv-oai-dc-2012", "2012"), "--db", Db, "--json");

        Assert.Equal(0, import.ExitCode);
        var report = Json(import);
        Assert.Equal(59_462, report.GetProperty("read").GetInt64());
        Assert.Equal(59_462, report.GetProperty("new").GetInt64());
        Assert.Equal(0, report.GetProperty("rejected").GetInt64());
        var files = report.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(293, files.Count(f => f.GetProperty("format").GetString() == "arxiv-oai-dc-jsonl"));
        Assert.Equal(73, files.Count(f => f.GetProperty("skipped").GetBoolean()));

        var stats = Json(PaperRadarProcess.Run("stats", "--json", "--db", Db));
        Assert.Equal(59_462, stats.GetProperty("papers").GetInt64());
        Assert.Equal(59_462, stats.GetProperty("sources").GetProperty("arxiv-oai-dc-jsonl").GetProperty("records").GetInt64());

        var paper = Json(PaperRadarProcess.Run("show", "math/0405303", "--json", "--db", Db));
        Assert.Equal(["math.AG", "hep-th", "math.DG"], paper.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("10.1016/j.geomphys.2005.03.004 10.1016/j.geomphys.2005.04.020", paper.GetProperty("doi").GetString());
    }

    [Fact]
    public void OaiDcArxivRawAndAtomFilesImportTogetherAndAPaperInTwoOfThemMergesIntoOne()
    {
        // 0801.4410 is in the oai_dc day file (v1's day and v4's day) and in the arXivRaw page (all four versions).
        var dayFile = SharedData.Path("arxiv-oai-dc-2012", "2012", "2012-02-24.json.gz");
        var arxivRawPage = SharedData.Path("arxiv-oai-pmh", "mispy_arxivsync_fullpages", "page_496549_47001.xml");
        var noRecordsMatch = SharedData.Path("arxiv-oai-pmh", "mikesaelim_arXivOAIHarvester", "ErrorResponseNoRecordsMatch.xml");
        var feed = SharedData.Path("arxiv-api-atom", "arxiv.py_fixtures_2016", "id_list=1111.2011v2.xml");
        var rejects = _temp.File("rejects.jsonl");

        var import = PaperRadarProcess.Run("import", dayFile, arxivRawPage, noRecordsMatch, feed, "--db", Db,
            "--rejects", rejects, "--json");

        // The OAI-PMH error is a file without records, so the import reports it.
        Assert.Equal(2, import.ExitCode);
        var report = Json(import);
        Assert.Equal(165 + 1_000 + 1 + 1, report.GetProperty("read").GetInt64());
        Assert.Equal(1, report.GetProperty("rejected").GetInt64());
        Assert.Equal(165 + 1_000 - 1 + 1, report.GetProperty("new").GetInt64());
        Assert.Equal(["arxiv-oai-dc-jsonl", "oai-pmh", "oai-pmh", "arxiv-atom"],
            report.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("format").GetString()));
        var rejection = JsonDocument.Parse(File.ReadAllLines(rejects).Single()).RootElement;
        Assert.Equal(noRecordsMatch, rejection.GetProperty("file").GetString());
        Assert.Equal(5, rejection.GetProperty("line").GetInt64());
        Assert.Contains("the error 'noRecordsMatch'", rejection.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(165 + 1_000 - 1 + 1, Json(PaperRadarProcess.Run("stats", "--json", "--db", Db)).GetProperty("papers").GetInt64());

        var merged = Json(PaperRadarProcess.Run("show", "0801.4410", "--json", "--db", Db));
        Assert.Equal(2, merged.GetProperty("sources").GetArrayLength());
        Assert.Equal(4, merged.GetProperty("latest_version").GetInt32());
        var versions = merged.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3, 4], versions.Select(v => v.GetProperty("version").GetInt32()));
        // arXivRaw's exact times and sizes, not oai_dc's days.
        Assert.Equal("2008-01-29T01:20:08Z", versions[0].GetProperty("submitted").GetString());
        Assert.All(versions, v => Assert.EndsWith("kb", v.GetProperty("size").GetString(), StringComparison.Ordinal));
        Assert.Equal("10.1214/11-AOS917", merged.GetProperty("doi").GetString());
        Assert.Equal("stat.ME", merged.GetProperty("primary_category").GetString());

        var fromFeed = Json(PaperRadarProcess.Run("show", "1111.2011", "--json", "--db", Db));
        Assert.Equal(2, fromFeed.GetProperty("latest_version").GetInt32());
        Assert.Equal("10.1103/PhysRevB.85.115117", fromFeed.GetProperty("doi").GetString());
        Assert.Equal("cond-mat.str-el", fromFeed.GetProperty("primary_category").GetString());
    }

    [Fact]
    public void ImportingTheRecordedOaiPmhFolderReadsTheRecordResponsesAndSkipsWhatHoldsNoPapers()
    {
        var import = PaperRadarProcess.Run("import", SharedData.Path("arxiv-oai-pmh"), "--db", Db, "--json");

        Assert.Equal(2, import.ExitCode);
        var report = Json(import);
        var files = report.GetProperty("files").EnumerateArray().ToList();
        var imported = files.Where(f => f.GetProperty("format").GetString() == "oai-pmh").ToList();
        // 3 full pages, 4 shorter ListRecords, 3 GetRecord and 5 error responses.
        Assert.Equal(15, imported.Count);
        Assert.Equal(3_000 + 387 + 6 + 5 + 2 + 1 + 1 + 1, report.GetProperty("read").GetInt64() - report.GetProperty("rejected").GetInt64());
        Assert.Equal(5, report.GetProperty("rejected").GetInt64());
        Assert.All(files.Where(f => f.GetProperty("format").ValueKind == JsonValueKind.Null),
            f => Assert.True(f.GetProperty("skipped").GetBoolean(), f.GetProperty("file").GetString()));
        Assert.All(files, f => Assert.True(f.GetProperty("error").ValueKind == JsonValueKind.Null, f.GetProperty("file").GetString()));
    }

    [Fact]
    public void ImportingASavedOaiPmhPageAppliesItsDeletedHeadersAsAHarvestDoes()
    {
        // The real two-record page of 2015-01-03, then the same page derived from it with 1412.8544 turned into a
        // deleted header (no recorded arXiv page has one; see OaiRecordings.PageDeleting1412_8544).
        var real = OaiRecordings.Chain[^1].File;
        var deleting = _temp.Write("page-deleting-1412.8544-derived.xml", OaiRecordings.PageDeleting1412_8544());
        Assert.Equal(0, PaperRadarProcess.Run("import", real, "--db", Db).ExitCode);
        Assert.Equal(0, PaperRadarProcess.Run("index", "--db", Db).ExitCode);
        Assert.Contains("1412.8544", PaperRadarProcess.Run("search", "Kochen-Specker", "--mode", "keyword", "--json", "--db", Db).Stdout,
            StringComparison.Ordinal);

        var import = PaperRadarProcess.Run("import", deleting, "--db", Db, "--json");

        Assert.Equal(0, import.ExitCode);
        var report = Json(import);
        Assert.Equal(1, report.GetProperty("deleted").GetInt64());
        Assert.Equal(0, report.GetProperty("rejected").GetInt64());
        // Kept, marked: its row and record stay (citations naming it resolve), its source's word is recorded.
        var paper = Json(PaperRadarProcess.Run("show", "1412.8544", "--json", "--db", Db));
        var deletion = paper.GetProperty("deleted_at_source");
        Assert.Equal("2015-01-05", deletion.GetProperty("day").GetString());
        Assert.StartsWith(deleting + ":", deletion.GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.Equal("A Kochen-Specker system has at least 22 vectors (extended abstract)", paper.GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Null, Json(PaperRadarProcess.Run("show", "hep-th/9504118", "--json", "--db", Db))
            .GetProperty("deleted_at_source").ValueKind);
        Assert.Equal(0, PaperRadarProcess.Run("index", "--db", Db).ExitCode);
        Assert.DoesNotContain("1412.8544", PaperRadarProcess.Run("search", "Kochen-Specker", "--mode", "keyword", "--json", "--db", Db).Stdout,
            StringComparison.Ordinal);

        // The page with its record again (a repository that reinstated it): the mark is lifted.
        Assert.Equal(0, PaperRadarProcess.Run("import", real, "--db", Db).ExitCode);
        Assert.Equal(JsonValueKind.Null, Json(PaperRadarProcess.Run("show", "1412.8544", "--json", "--db", Db))
            .GetProperty("deleted_at_source").ValueKind);
    }
}
