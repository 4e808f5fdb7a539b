using System.Diagnostics;
using Microsoft.Data.Sqlite;
using PaperRadar.IntegrationTests.Support;

namespace PaperRadar.IntegrationTests;

/// <summary>
/// An import killed at any moment and run again must end with exactly the store an uninterrupted run makes.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly ScratchDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void AnImportKilledAtSeveralPointsAndRunAgainEndsWithTheSameStore()
    {
        // 80 real daily files (~24k records, several seconds of work) in their own folder.
        var input = Directory.CreateDirectory(_temp.File("daily")).FullName;
        foreach (var file in Directory.GetFiles(SharedData.Path("arxiv-daily")).Order(StringComparer.Ordinal).Take(80))
        {
            File.Copy(file, Path.Combine(input, Path.GetFileName(file)));
        }
        var reference = _temp.File("reference.db");
        Assert.Equal(0, PaperRadarProcess.Run("import", input, "--db", reference).ExitCode);

        var crashed = _temp.File("crashed.db");
        var killedAfter = new List<long>();
        // The importer commits every 2,000 records (batches span files), so the store grows in steps of 2,000 up to
        // the ~19.6k records of these files: each threshold below is reached by a commit before the last one.
        foreach (var threshold in new[] { 1L, 4_000, 9_000, 15_000 })
        {
            killedAfter.Add(KillImportOnceStoreHolds(input, crashed, threshold));
        }
        var final = PaperRadarProcess.Run("import", input, "--db", crashed);
        Assert.Equal(0, final.ExitCode);

        // The kills must really have interrupted the work part-way, each later than the one before.
        Assert.True(killedAfter.Zip(killedAfter.Skip(1)).All(pair => pair.First <= pair.Second), string.Join(", ", killedAfter));
        Assert.True(killedAfter[^1] < Count(reference, "source_records"), string.Join(", ", killedAfter));
        Assert.Equal(Export(reference), Export(crashed));
        foreach (var table in new[] { "papers", "paper_authors", "paper_categories", "paper_listings", "source_records" })
        {
            Assert.Equal(Count(reference, table), Count(crashed, table));
        }
    }

    /// <summary>Starts an import and kills it (SIGKILL) as soon as the store holds at least this many records.</summary>
    private static long KillImportOnceStoreHolds(string input, string db, long records)
    {
        using var process = Process.Start(PaperRadarProcess.StartInfo(["import", input, "--db", db]))!;
        process.StandardOutput.ReadToEndAsync();
        process.StandardError.ReadToEndAsync();
        var deadline = Stopwatch.StartNew();
        long seen = 0;
        while (!process.HasExited && deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            seen = File.Exists(db) ? CountOrZero(db) : 0;
            if (seen >= records)
            {
                process.Kill(entireProcessTree: true);
                break;
            }
            Thread.Sleep(5);
        }
        process.WaitForExit();
        return seen;
    }

    private static long CountOrZero(string db)
    {
        try
        {
            return Count(db, "source_records");
        }
        catch (SqliteException)
        {
            return 0; // the schema is still being created
        }
    }

    private static long Count(string db, string table)
    {
        using var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }

    private static string Export(string db)
    {
        var result = PaperRadarProcess.Run("export", "--format", "jsonl", "--db", db);
        Assert.Equal(0, result.ExitCode);
        return result.Stdout;
    }
}
