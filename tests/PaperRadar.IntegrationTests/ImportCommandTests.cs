using System.IO.Compression;
using System.Text;
using System.Text.Json;
using PaperRadar.IntegrationTests.Support;

namespace PaperRadar.IntegrationTests;

/// <summary>`paperradar import` end to end: the real program, real files, a real SQLite store.</summary>
public sealed class ImportCommandTests : IDisposable
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
    public void ImportingTheWholeDailyCorpusStoresEveryDistinctPaperOnce()
    {
        var import = PaperRadarProcess.Run("import", SharedData.Path("arxiv-daily"), "--db", Db, "--json");

        Assert.Equal(0, import.ExitCode);
        var report = Json(import);
        Assert.Equal(108_525, report.GetProperty("read").GetInt64());
        Assert.Equal(67_802, report.GetProperty("new").GetInt64());
        Assert.Equal(108_525 - 67_802, report.GetProperty("updated").GetInt64());
        Assert.Equal(0, report.GetProperty("rejected").GetInt64());
        Assert.Equal(379, report.GetProperty("files").GetArrayLength());

        var stats = Json(PaperRadarProcess.Run("stats", "--json", "--db", Db));
        Assert.Equal(67_802, stats.GetProperty("papers").GetInt64());
        Assert.Equal(108_525, stats.GetProperty("sources").GetProperty("arxiv-daily").GetProperty("records").GetInt64());
        Assert.Equal(379, stats.GetProperty("listing_days").GetInt64());
        Assert.Equal("2025-03-18", stats.GetProperty("first_listing_day").GetString());
        Assert.Equal("2026-05-31", stats.GetProperty("last_listing_day").GetString());
    }

    [Fact]
    public void ASecondImportOfTheSameFilesChangesNothing()
    {
        var first = PaperRadarProcess.Run("import", SharedData.Sample(), "--db", Db, "--json");
        Assert.Equal(0, first.ExitCode);
        var exportBefore = PaperRadarProcess.Run("export", "--format", "jsonl", "--db", Db).Stdout;

        var second = Json(PaperRadarProcess.Run("import", SharedData.Sample(), "--db", Db, "--json"));

        Assert.Equal(0, second.GetProperty("new").GetInt64());
        Assert.Equal(0, second.GetProperty("updated").GetInt64());
        Assert.Equal(second.GetProperty("read").GetInt64(), second.GetProperty("unchanged").GetInt64());
        Assert.Equal(exportBefore, PaperRadarProcess.Run("export", "--format", "jsonl", "--db", Db).Stdout);
    }

    [Fact]
    public void ThePaperFromSeveralFilesMergesIntoOneWithTheNewestVersionsMetadata()
    {
        // funct-an/9301001 exists as the current .abs (v2) and as the superseded orig/…v1.abs.
        var current = SharedData.Path("arxiv-abs", "ftp", "funct-an", "papers", "9301", "9301001.abs");
        var superseded = SharedData.Path("arxiv-abs", "orig", "funct-an", "papers", "9301", "9301001v1.abs");

        // The older version is imported last: the order must not matter.
        Assert.Equal(0, PaperRadarProcess.Run("import", current, superseded, "--db", Db).ExitCode);
        var paper = Json(PaperRadarProcess.Run("show", "funct-an/9301001", "--json", "--db", Db));

        Assert.Equal("47pp, AMS-LaTeX", paper.GetProperty("comments").GetString());
        Assert.Equal(47, paper.GetProperty("comment_facts").GetProperty("pages").GetInt32());
        Assert.Equal(2, paper.GetProperty("latest_version").GetInt32());
        Assert.Equal(2, paper.GetProperty("versions").GetArrayLength());
        Assert.Equal(2, paper.GetProperty("sources").GetArrayLength());
        Assert.Equal(current, paper.GetProperty("field_sources").GetProperty("comments").GetProperty("file").GetString());
        Assert.Equal("I.H.E.S./P/92/95", paper.GetProperty("report_no").GetString());
        Assert.Equal(1, Json(PaperRadarProcess.Run("stats", "--json", "--db", Db)).GetProperty("papers").GetInt64());
    }

    [Fact]
    public void ListingDaysAndCategoriesAreUnitedAcrossDailyFiles()
    {
        // 2503.24388 is listed on 2025-04-01 as cs.AI/cs.CL/cs.LG and on 2025-04-02 with cs.CV added.
        Assert.Equal(0, PaperRadarProcess.Run("import", SharedData.Path("arxiv-daily", "2025-04-02.jsonl.gz"),
            SharedData.Path("arxiv-daily", "2025-04-01.jsonl.gz"), "--db", Db).ExitCode);

        var paper = Json(PaperRadarProcess.Run("show", "2503.24388", "--json", "--db", Db));

        Assert.Equal(["2025-04-01", "2025-04-02"], paper.GetProperty("listed_on").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(["cs.AI", "cs.CL", "cs.CV", "cs.LG"], paper.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("cs.AI", paper.GetProperty("primary_category").GetString());
        Assert.Equal(2, paper.GetProperty("sources").GetArrayLength());
    }

    [Fact]
    public void AcmClassesInTheDailyCategoryListAreNotTakenForCategories()
    {
        Assert.Equal(0, PaperRadarProcess.Run("import", SharedData.Path("arxiv-daily", "2025-04-11.jsonl.gz"), "--db", Db).ExitCode);

        var paper = Json(PaperRadarProcess.Run("show", "2504.07100", "--json", "--db", Db));

        Assert.Equal(["cs.CL"], paper.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("I.2.7", paper.GetProperty("acm_class").GetString());
    }

    [Fact]
    public void MalformedRecordsAreRejectedWithFileLineAndReasonAndTheRestImports()
    {
        // Generated failure cases around real records (no real file has them).
        var realLines = ReadGzipLines(SharedData.Sample("arxiv-daily", "2026-05-27.jsonl.gz")).Take(4).ToList();
        var bad = _temp.File("2026-05-27.jsonl");
        using (var file = File.Create(bad))
        {
            void Line(string text) => file.Write(Encoding.UTF8.GetBytes(text + "\n"));
            Line(realLines[0]);                                    // 1
            Line("{\"id\": \"2605.00001\", \"title\": \"unterminated");  // 2 bad JSON
            Line("{\"title\": \"no id here\"}");                   // 3 missing id
            Line("{\"id\": \"2605.999\", \"title\": \"x\"}");      // 4 invalid id
            Line(realLines[1]);                                    // 5
            file.Write([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0xff, 0xfe, 0x0a]); // 6 invalid UTF-8
            file.Write(Encoding.UTF8.GetBytes("{\"id\": \"2605.00002\", \"title\": \""));
            var filler = Encoding.ASCII.GetBytes(new string('x', 1 << 20));
            for (var i = 0; i < 50; i++)
            {
                file.Write(filler);                                // 7: a 50 MB line
            }
            file.Write(Encoding.UTF8.GetBytes("\"}\n"));
            Line(realLines[2]);                                    // 8
        }
        var rejects = _temp.File("rejects.jsonl");

        var result = PaperRadarProcess.Run("import", bad, "--db", Db, "--rejects", rejects, "--json");

        Assert.Equal(2, result.ExitCode);
        var report = Json(result);
        Assert.Equal(8, report.GetProperty("read").GetInt64());
        Assert.Equal(5, report.GetProperty("rejected").GetInt64());
        Assert.Equal(3, report.GetProperty("new").GetInt64());
        var rejected = File.ReadAllLines(rejects).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([2L, 3L, 4L, 6L, 7L], rejected.Select(r => r.GetProperty("line").GetInt64()));
        Assert.All(rejected, r => Assert.Equal(bad, r.GetProperty("file").GetString()));
        Assert.Contains("invalid JSON", rejected[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("missing field 'id'", rejected[1].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("2605.999", rejected[2].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("invalid UTF-8", rejected[3].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("longer than the limit", rejected[4].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains($"{bad}:2", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, Json(PaperRadarProcess.Run("stats", "--json", "--db", Db)).GetProperty("papers").GetInt64());
    }

    [Fact]
    public void ATruncatedGzipFileImportsWhatPrecedesTheCutAndSaysWhere()
    {
        var real = File.ReadAllBytes(SharedData.Sample("arxiv-daily", "2026-05-28.jsonl.gz"));
        var truncated = _temp.File("2026-05-28.jsonl.gz");
        File.WriteAllBytes(truncated, real[..(real.Length / 2)]);
        var rejects = _temp.File("rejects.jsonl");

        var result = PaperRadarProcess.Run("import", truncated, SharedData.Sample("arxiv-daily", "2026-05-27.jsonl.gz"),
            "--db", Db, "--rejects", rejects, "--json");

        Assert.Equal(2, result.ExitCode);
        var files = Json(result).GetProperty("files").EnumerateArray().ToList();
        var damaged = files.Single(f => f.GetProperty("file").GetString() == truncated);
        Assert.Contains("truncated", damaged.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.InRange(damaged.GetProperty("read").GetInt64() - damaged.GetProperty("rejected").GetInt64(), 100, 532);
        var intact = files.Single(f => f.GetProperty("file").GetString() != truncated);
        Assert.Equal(411, intact.GetProperty("read").GetInt64());
        Assert.True(intact.GetProperty("error").ValueKind == JsonValueKind.Null);
        var rejection = JsonDocument.Parse(File.ReadAllLines(rejects).Last()).RootElement;
        Assert.Contains("truncated", rejection.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFileIsReportedAndTheOtherFilesImport()
    {
        var missing = _temp.File("no-such-file.jsonl.gz");

        var result = PaperRadarProcess.Run("import", missing, SharedData.Sample("arxiv-daily", "2026-05-27.jsonl.gz"), "--db", Db, "--json");

        Assert.Equal(2, result.ExitCode);
        var files = Json(result).GetProperty("files").EnumerateArray().ToList();
        Assert.Equal("no such file or folder", files[0].GetProperty("error").GetString());
        Assert.Equal(411, files[1].GetProperty("read").GetInt64());
    }

    [Fact]
    public void ExitCodeIsOneWhenNothingCouldBeImported()
    {
        var notAPaperFile = _temp.File("picture.png");
        File.WriteAllBytes(notAPaperFile, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

        var result = PaperRadarProcess.Run("import", notAPaperFile, _temp.File("missing.jsonl"), "--db", Db);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot tell the format", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownFormatOptionIsAClearError()
    {
        var result = PaperRadarProcess.Run("import", SharedData.Sample(), "--format", "bibtex", "--db", Db);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("unknown format 'bibtex'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TheStoreIsChosenByTheEnvironmentWhenNoDbOptionIsGiven()
    {
        var result = PaperRadarProcess.Run(["import", SharedData.Sample("arxiv-daily", "2026-05-27.jsonl.gz")],
            new Dictionary<string, string?> { ["PAPERRADAR_DB"] = Db });

        Assert.Equal(0, result.ExitCode);
        Assert.True(File.Exists(Db));
        Assert.Equal(319, Json(PaperRadarProcess.Run("stats", "--json", "--db", Db)).GetProperty("papers").GetInt64());
    }

    private List<JsonElement> ExportAfterImport(params string[] paths)
    {
        Assert.Equal(0, PaperRadarProcess.Run(["import", .. paths, "--db", Db], null).ExitCode);
        var export = PaperRadarProcess.Run("export", "--format", "jsonl", "--db", Db);
        Assert.Equal(0, export.ExitCode);
        return export.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
    }

    private static IEnumerable<string> ReadGzipLines(string path)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }
}
