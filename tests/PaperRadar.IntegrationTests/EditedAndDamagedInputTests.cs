using System.Text.Json;
using PaperRadar.IntegrationTests.Support;

namespace PaperRadar.IntegrationTests;

/// <summary>
/// Re-importing files that changed since the last import: the store follows what the files hold now, and bad input
/// never deletes what was stored. The edits are generated from real records (no real file has them).
/// </summary>
public sealed class EditedAndDamagedInputTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    private string Db => _scratch.File("store.db");

    public void Dispose() => _scratch.Dispose();

    private static readonly List<string> RealLines = ReadLines(SharedData.Sample("arxiv-daily", "2026-05-27.jsonl.gz"));

    private static List<string> ReadLines(string gz)
    {
        using var stream = Core.IO.SourceFile.Open(gz);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }
        return lines;
    }

    private static string IdOf(string line) => JsonDocument.Parse(line).RootElement.GetProperty("id").GetString()!;

    private JsonElement Import(params string[] args)
    {
        var result = PaperRadarProcess.Run(["import", .. args, "--db", Db, "--json"], null);
        Assert.True(result.Stdout.Length > 0, result.ToString());
        return JsonDocument.Parse(result.Stdout).RootElement;
    }

    private string Export() => PaperRadarProcess.Run("export", "--format", "jsonl", "--db", Db).Stdout;

    private string FreshExport(params string[] files)
    {
        var fresh = _scratch.File($"fresh-{Guid.NewGuid():N}.db");
        Assert.Equal(0, PaperRadarProcess.Run(["import", .. files, "--db", fresh], null).ExitCode);
        return PaperRadarProcess.Run("export", "--format", "jsonl", "--db", fresh).Stdout;
    }

    [Fact]
    public void AFileWhoseLinesShiftedReimportsToTheStoreAFreshImportMakes()
    {
        // Paper A is in both files; in the second, deleting the first line moves every record up one line.
        var first = _scratch.File("2026-05-26.jsonl");
        var second = _scratch.File("2026-05-27.jsonl");
        File.WriteAllLines(first, [RealLines[0]]);
        File.WriteAllLines(second, RealLines.Take(6));
        Assert.Equal(0, Import(first, second).GetProperty("exit_code").GetInt32());

        File.WriteAllLines(second, RealLines.Skip(1).Take(5));
        var again = Import(first, second);

        Assert.Equal(0, again.GetProperty("exit_code").GetInt32());
        Assert.Equal(FreshExport(first, second), Export());
    }

    [Fact]
    public void ALineDamagedSinceTheLastImportKeepsTheRecordItHeld()
    {
        var file = _scratch.File("2026-05-27.jsonl");
        File.WriteAllLines(file, RealLines.Take(3));
        Import(file);
        var damaged = RealLines[1].Replace("\"title\"", "\"tit\\ud800le\"", StringComparison.Ordinal);
        File.WriteAllLines(file, [RealLines[0], damaged[..(damaged.Length / 2)], RealLines[2]]);

        var again = Import(file);

        Assert.Equal(2, again.GetProperty("exit_code").GetInt32());
        Assert.Equal(0, again.GetProperty("files")[0].GetProperty("removed").GetInt64());
        Assert.Equal(0, PaperRadarProcess.Run("show", IdOf(RealLines[1]), "--db", Db).ExitCode);
    }

    [Fact]
    public void AFileReadInTheWrongFormatImportsNothingAndDeletesNothing()
    {
        var file = _scratch.File("2026-05-27.jsonl");
        File.WriteAllLines(file, RealLines.Take(5));
        Import(file);
        var before = Export();

        var wrong = PaperRadarProcess.Run("import", file, "--format", "arxiv-listing", "--db", Db);

        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("no arxiv-listing records in it", wrong.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, Export());
    }

    [Fact]
    public void ALoneSurrogateEscapeIsRejectedAndTheRestOfTheFileImports()
    {
        var file = _scratch.File("2026-05-27.jsonl");
        File.WriteAllLines(file, [RealLines[0], "{\"id\": \"2605.00001\", \"title\": \"broken \\ud800 text\"}", RealLines[2]]);
        var rejects = _scratch.File("rejects.jsonl");

        var report = Import(file, "--rejects", rejects);

        Assert.Equal(2, report.GetProperty("exit_code").GetInt32());
        Assert.Equal(2, report.GetProperty("new").GetInt64());
        var rejection = JsonDocument.Parse(File.ReadAllLines(rejects).Single()).RootElement;
        Assert.Equal(2, rejection.GetProperty("line").GetInt64());
        Assert.Contains("invalid JSON text", rejection.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AFileNamedTwiceOrThroughALinkIsReadOnce()
    {
        var file = _scratch.File("2026-05-27.jsonl");
        File.WriteAllLines(file, RealLines.Take(4));
        var link = _scratch.File("link.jsonl");
        File.CreateSymbolicLink(link, file);

        var report = Import(file, link, file);

        Assert.Equal(1, report.GetProperty("files").GetArrayLength());
        Assert.Equal(4, JsonDocument.Parse(PaperRadarProcess.Run("stats", "--json", "--db", Db).Stdout)
            .RootElement.GetProperty("source_records").GetInt64());
    }

    [Fact]
    public void AGzipFileDamagedAtItsStartSaysSo()
    {
        var file = _scratch.File("2026-05-27.jsonl.gz");
        var bytes = File.ReadAllBytes(SharedData.Sample("arxiv-daily", "2026-05-27.jsonl.gz"));
        bytes[3] = 0xff; // reserved gzip header flags: no decompressor accepts them
        File.WriteAllBytes(file, bytes);

        var result = PaperRadarProcess.Run("import", file, "--db", Db);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot be decompressed", result.Stderr, StringComparison.Ordinal);
    }
}
