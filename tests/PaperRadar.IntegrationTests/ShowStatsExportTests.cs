using System.Text.Json;
using System.Text.RegularExpressions;
using PaperRadar.IntegrationTests.Support;

namespace PaperRadar.IntegrationTests;

/// <summary>`show`, `stats` and `export` on a store made from the repository's own sample.</summary>
public sealed class ShowStatsExportTests : IClassFixture<ShowStatsExportTests.SampleStore>
{
    private readonly SampleStore _store;

    public ShowStatsExportTests(SampleStore store) => _store = store;

    public sealed class SampleStore : IDisposable
    {
        private readonly ScratchDirectory _temp = new();

        public SampleStore()
        {
            Db = _temp.File("sample.db");
            var import = PaperRadarProcess.Run("import", SharedData.Sample(), "--db", Db);
            if (import.ExitCode != 0)
            {
                throw new InvalidOperationException(import.ToString());
            }
        }

        public string Db { get; }

        public void Dispose() => _temp.Dispose();
    }

    [Fact]
    public void StatsJsonCountsDistinctPapersAtTheTopLevel()
    {
        var result = PaperRadarProcess.Run("stats", "--json", "--db", _store.Db);

        Assert.Equal(0, result.ExitCode);
        var stats = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal(741, stats.GetProperty("papers").GetInt64());
        Assert.Equal(944, stats.GetProperty("source_records").GetInt64());
        Assert.Equal(741, stats.GetProperty("years").GetProperty("2026").GetInt64());
        var categories = stats.GetProperty("categories");
        Assert.True(categories.GetProperty("cs.CV").GetProperty("primary").GetInt64() > 100);
    }

    [Fact]
    public void StatsWithoutJsonPrintsTablesPerSourceCategoryAndYear()
    {
        var result = PaperRadarProcess.Run("stats", "--db", _store.Db);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("741", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("per source", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("arxiv-daily", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("per category", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("per year", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ShowJsonGivesEveryFieldOfOnePaperWithItsSources()
    {
        var expected = FirstSampleRecord();
        var id = expected.GetProperty("id").GetString()!;

        var result = PaperRadarProcess.Run("show", id, "--json", "--db", _store.Db);

        Assert.Equal(0, result.ExitCode);
        var paper = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal(id, paper.GetProperty("id").GetString());
        Assert.Equal(Regex.Replace(expected.GetProperty("title").GetString()!, @"\s+", " ").Trim(), paper.GetProperty("title").GetString());
        Assert.Equal(
            expected.GetProperty("authors").EnumerateArray().Select(a => a.GetString()),
            paper.GetProperty("authors").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.Equal(expected.GetProperty("categories")[0].GetString(), paper.GetProperty("primary_category").GetString());
        Assert.Contains("2026-05-27", paper.GetProperty("listed_on").EnumerateArray().Select(d => d.GetString()));
        foreach (var field in new[] { "abstract", "comments", "comment_facts", "journal_ref", "doi", "report_no", "license", "versions", "sources", "field_sources", "abs_url", "pdf_url" })
        {
            Assert.True(paper.TryGetProperty(field, out _), $"show --json lacks '{field}'");
        }
        Assert.EndsWith("2026-05-27.jsonl.gz", paper.GetProperty("field_sources").GetProperty("title").GetProperty("file").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, paper.GetProperty("field_sources").GetProperty("title").GetProperty("line").GetInt64());
    }

    [Fact]
    public void ShowAcceptsAVersionedIdAndAnAbsUrl()
    {
        var id = FirstSampleRecord().GetProperty("id").GetString()!;

        Assert.Equal(0, PaperRadarProcess.Run("show", id + "v3", "--db", _store.Db).ExitCode);
        var byUrl = PaperRadarProcess.Run("show", "https://arxiv.org/abs/" + id, "--db", _store.Db);
        Assert.Equal(0, byUrl.ExitCode);
        Assert.Contains("sources", byUrl.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ShowOfAnUnknownOrInvalidIdIsAClearError()
    {
        var unknown = PaperRadarProcess.Run("show", "2101.00001", "--db", _store.Db);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no paper 2101.00001", unknown.Stderr, StringComparison.Ordinal);

        var invalid = PaperRadarProcess.Run("show", "2113.00001", "--db", _store.Db);
        Assert.Equal(1, invalid.ExitCode);
        Assert.Contains("month 13", invalid.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportJsonlWritesOnePaperPerLineInIdOrder()
    {
        var result = PaperRadarProcess.Run("export", "--format", "jsonl", "--db", _store.Db);

        Assert.Equal(0, result.ExitCode);
        var ids = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!).ToList();
        Assert.Equal(741, ids.Count);
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(741, ids.Distinct().Count());
    }

    [Fact]
    public void ExportBibtexWritesOneBalancedEntryPerPaper()
    {
        var result = PaperRadarProcess.Run("export", "--format", "bibtex", "--db", _store.Db);

        Assert.Equal(0, result.ExitCode);
        var entries = result.Stdout.Split("@misc{", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(741, entries.Length);
        Assert.All(entries, entry =>
        {
            var depth = 1;
            for (var i = 0; i < entry.Length; i++)
            {
                if (entry[i] == '\\')
                {
                    i++;
                    continue;
                }
                depth += entry[i] switch { '{' => 1, '}' => -1, _ => 0 };
                Assert.True(depth >= 0, entry);
            }
            Assert.Equal(0, depth);
            Assert.Contains("archivePrefix = {arXiv}", entry, StringComparison.Ordinal);
        });
        var keys = entries.Select(e => e[..e.IndexOf(',', StringComparison.Ordinal)]).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public void ExportRejectsAnUnknownFormat()
    {
        var result = PaperRadarProcess.Run("export", "--format", "csv", "--db", _store.Db);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("csv", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadingVerbsRefuseAStoreThatDoesNotExistInsteadOfCreatingIt()
    {
        using var scratch = new ScratchDirectory();
        var mistyped = scratch.File(Path.Combine("no-such-folder", "store.db"));

        var result = PaperRadarProcess.Run("stats", "--db", mistyped);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"there is no store at {mistyped}", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(mistyped));
    }

    [Fact]
    public void AUsageErrorWithJsonWritesNothingToStandardOutput()
    {
        var result = PaperRadarProcess.Run("stats", "--json", "--no-such-option", "--db", _store.Db);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains("--no-such-option", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryVerbExplainsItselfWithAnExample()
    {
        foreach (var verb in new[] { "import", "stats", "show", "export" })
        {
            var help = PaperRadarProcess.Run(verb, "--help");
            Assert.Equal(0, help.ExitCode);
            Assert.Contains("Example", help.Stdout, StringComparison.Ordinal);
            Assert.Contains("--db", help.Stdout, StringComparison.Ordinal);
        }
    }

    private static JsonElement FirstSampleRecord()
    {
        using var stream = Core.IO.SourceFile.Open(SharedData.Sample("arxiv-daily", "2026-05-27.jsonl.gz"));
        using var reader = new StreamReader(stream);
        return JsonDocument.Parse(reader.ReadLine()!).RootElement.Clone();
    }
}
