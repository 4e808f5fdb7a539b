using Microsoft.Data.Sqlite;
using PaperRadar.Core.IO;
using PaperRadar.Core.Readers;
using PaperRadar.Storage;
using PaperRadar.Storage.Sqlite;

namespace PaperRadar.IntegrationTests;

/// <summary>The SQLite store file itself: schema versions, upgrades, PRAGMAs, batches.</summary>
public sealed class StoreTests : IDisposable
{
    private readonly ScratchDirectory _temp = new();

    private string Db => _temp.File("store.db");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void AStoreFileAtAnOlderSchemaVersionIsUpgradedWithItsPapersKept()
    {
        // A version-1 program's store: the tables of migration 1, filled with the columns that version wrote (copied
        // from a store this program filled, since this program's writer writes the newer columns).
        var reference = _temp.File("reference.db");
        using (var store = PaperStore.Open(reference))
        {
            store.WriteRecords(ReadSample().Take(50).Select(PreparedRecord.From).ToList());
        }
        using (var old = PaperStore.Open(Db, schemaVersion: 1))
        {
            Assert.Equal(1, old.SchemaVersion);
        }
        using (var connection = new SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                ATTACH '{reference}' AS reference;
                INSERT INTO papers SELECT {string.Join(", ", VersionOnePaperColumns)} FROM reference.papers;
                INSERT INTO paper_authors SELECT * FROM reference.paper_authors;
                INSERT INTO paper_categories SELECT * FROM reference.paper_categories;
                INSERT INTO paper_versions SELECT * FROM reference.paper_versions;
                INSERT INTO paper_listings SELECT * FROM reference.paper_listings;
                INSERT INTO source_records SELECT * FROM reference.source_records;
                """;
            command.ExecuteNonQuery();
        }
        Assert.False(IndexExists("paper_listings_day"));

        using var upgraded = PaperStore.Open(Db);

        Assert.Equal(Migrations.LatestVersion, upgraded.SchemaVersion);
        Assert.True(IndexExists("paper_listings_day"));
        Assert.True(upgraded.CountPapers() > 0);
        Assert.Equal(upgraded.CountPapers(), upgraded.AllPapers().Count());
        // The columns added later are filled by re-deriving the papers, which the next import does.
        Assert.Equal(upgraded.CountPapers(), CountRows("papers WHERE first_appeared IS NULL"));
        Assert.True(upgraded.DerivedPapersAreStale);
        upgraded.RederiveAllPapers();
        Assert.Equal(0, CountRows("papers WHERE first_appeared IS NULL"));
        Assert.Contains(upgraded.AllPapers(), paper => paper.CodeUrl is not null);
    }

    private static readonly string[] VersionOnePaperColumns =
    [
        "id", "title", "abstract", "primary_category", "comments", "pages", "figures", "tables", "venue",
        "publication_status", "journal_ref", "doi", "report_no", "license", "submitter", "msc_class", "acm_class",
        "latest_version", "year", "sources", "field_sources",
    ];

    [Fact]
    public void PapersDerivedByAnOlderMergeAreRederivedFromTheirSourceRecordsOnTheNextImport()
    {
        var sample = SharedData.Sample("arxiv-daily", "2026-05-27.jsonl.gz");
        using (var store = PaperStore.Open(Db))
        {
            new Storage.Import.Importer(store).Import([sample]);
        }
        var expected = Export();
        // What an older program would have left: other derived facts, and an older derivation version.
        using (var connection = new SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                UPDATE papers SET pages = NULL, venue = NULL, title = upper(title);
                UPDATE store_meta SET value = '0' WHERE key = 'paper_derivation_version';
                """;
            command.ExecuteNonQuery();
        }
        Assert.NotEqual(expected, Export());

        using (var store = PaperStore.Open(Db))
        {
            Assert.True(store.DerivedPapersAreStale);
            new Storage.Import.Importer(store).Import([sample]);
            Assert.False(store.DerivedPapersAreStale);
        }

        Assert.Equal(expected, Export());
    }

    private string Export()
    {
        using var store = PaperStore.Open(Db);
        return string.Join("\n", store.AllPapers().Select(p => Core.Export.PaperJsonWriter.ToJson(p)));
    }

    [Fact]
    public void ABulkImportDropsTheLookupIndicesWhileItWritesAndBuildsThemAgainAtItsEnd()
    {
        var sample = SharedData.Sample("arxiv-daily", "2026-05-27.jsonl.gz");
        var seenDuringImport = new List<bool>();
        using (var store = PaperStore.Open(Db))
        {
            new Storage.Import.Importer(store, new Storage.Import.ImportOptions { BatchSize = 50, RebuildLookupIndices = true })
                .Import([sample], progress: new Core.SynchronousProgress<Storage.Import.ImportProgress>(
                    _ => seenDuringImport.Add(IndexExists("paper_authors_name"))));
        }
        Assert.NotEmpty(seenDuringImport);
        Assert.DoesNotContain(true, seenDuringImport);
        Assert.All(Migrations.LookupIndices, index => Assert.True(IndexExists(index.Name), index.Name));
        var bulk = Export();

        File.Delete(Db);
        using (var store = PaperStore.Open(Db))
        {
            new Storage.Import.Importer(store, new Storage.Import.ImportOptions { RebuildLookupIndices = false }).Import([sample]);
        }
        Assert.Equal(bulk, Export());
    }

    [Fact]
    public void LookupIndicesLeftDroppedByAKilledBulkImportAreRestoredWhenTheStoreIsNextOpened()
    {
        using (var store = PaperStore.Open(Db))
        {
            store.WriteRecords(ReadSample().Take(20).Select(PreparedRecord.From).ToList());
            // Never disposed: what a process killed between dropping and rebuilding leaves behind.
            _ = store.SuspendLookupIndices();
        }
        Assert.All(Migrations.LookupIndices, index => Assert.False(IndexExists(index.Name), index.Name));

        using (PaperStore.Open(Db))
        {
        }

        Assert.All(Migrations.LookupIndices, index => Assert.True(IndexExists(index.Name), index.Name));
    }

    [Fact]
    public void PapersReadTogetherAreTheSameAsPapersReadOneByOne()
    {
        using var store = PaperStore.Open(Db);
        new Storage.Import.Importer(store).Import([SharedData.Sample()]);
        var ids = store.AllPapers().Select(p => p.Id).Where((_, i) => i % 7 == 0).Reverse().ToList();

        var together = store.GetPapers(ids.Select(id => id.Value).Append("2101.00001"));

        Assert.Equal(ids.Select(id => id.Value), together.Select(p => p.Id.Value));
        Assert.Equal(
            ids.Select(id => Core.Export.PaperJsonWriter.ToJson(store.GetPaper(id)!)),
            together.Select(p => Core.Export.PaperJsonWriter.ToJson(p)));
    }

    [Fact]
    public void AStoreFromANewerProgramIsRefusedAndLeftUntouched()
    {
        using (var store = PaperStore.Open(Db))
        {
            store.WriteRecords(ReadSample().Take(10).Select(PreparedRecord.From).ToList());
        }
        using (var connection = new SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO schema_version VALUES (999, 'from the future', '2030-01-01')";
            command.ExecuteNonQuery();
        }
        var before = File.ReadAllBytes(Db);

        var error = Assert.Throws<StoreException>(() => PaperStore.Open(Db));

        Assert.Contains("newer than this program", error.Message, StringComparison.Ordinal);
        Assert.Contains(Db, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(Db));
    }

    [Fact]
    public void TheStoreRunsInWriteAheadLogModeWithForeignKeys()
    {
        using (PaperStore.Open(Db))
        {
        }
        using var connection = SqliteConnections.Open(Db);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
        command.CommandText = "PRAGMA foreign_keys";
        Assert.Equal(1L, command.ExecuteScalar());
    }

    [Fact]
    public void RecordsThatDisappearFromAnEditedFileLeaveTheStore()
    {
        // A generated edit of a real daily file: the same file path, with its second half removed.
        var path = _temp.File("2026-05-27.jsonl");
        var lines = ReadLines(SharedData.Sample("arxiv-daily", "2026-05-27.jsonl.gz"));
        File.WriteAllLines(path, lines);
        using var store = PaperStore.Open(Db);
        var importer = new Storage.Import.Importer(store);
        var first = importer.Import([path]);
        var papersBefore = store.CountPapers();

        File.WriteAllLines(path, lines.Take(lines.Count / 2));
        var second = importer.Import([path]);

        Assert.Equal(lines.Count - lines.Count / 2, second.Files[0].Removed);
        Assert.True(store.CountPapers() < papersBefore);
        Assert.Equal(first.Read / 2, second.Unchanged);
        var fresh = PaperStore.Open(_temp.File("fresh.db"));
        new Storage.Import.Importer(fresh).Import([path]);
        Assert.Equal(fresh.CountPapers(), store.CountPapers());
        fresh.Dispose();
    }


    [Fact]
    public void AnEditedFileReadInOneBatchWithTheNextFileLosesOnlyItsOwnMissingRecords()
    {
        // Two real daily files in one folder, both small enough to share one batch; then the first loses its second
        // half (a generated edit) and a paper of the second file moves to the first's last line.
        var folder = Directory.CreateDirectory(_temp.File("daily")).FullName;
        var first = ReadLines(SharedData.Sample("arxiv-daily", "2026-05-27.jsonl.gz"));
        var second = ReadLines(SharedData.Sample("arxiv-daily", "2026-05-28.jsonl.gz"));
        var firstPath = Path.Combine(folder, "a.jsonl");
        var secondPath = Path.Combine(folder, "b.jsonl");
        File.WriteAllLines(firstPath, first);
        File.WriteAllLines(secondPath, second);
        using var store = PaperStore.Open(Db);
        var importer = new Storage.Import.Importer(store, new Storage.Import.ImportOptions { BatchSize = 100_000 });
        importer.Import([folder]);

        File.WriteAllLines(firstPath, first.Take(first.Count / 2).Append(second[0]));
        File.WriteAllLines(secondPath, second.Skip(1));
        var report = importer.Import([folder]);

        // The moved paper's record fills one of the first file's freed lines; the second file loses its last line.
        Assert.Equal(first.Count - first.Count / 2 - 1, report.Files[0].Removed);
        Assert.Equal(1, report.Files[1].Removed);
        var freshDb = _temp.File("fresh.db");
        using (var fresh = PaperStore.Open(freshDb))
        {
            new Storage.Import.Importer(fresh).Import([folder]);
        }
        Assert.Equal(PaperIds(freshDb), PaperIds(Db));
    }

    private static List<string> PaperIds(string db)
    {
        using var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM papers ORDER BY id";
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }
    private long CountRows(string tableAndCondition)
    {
        using var connection = new SqliteConnection($"Data Source={Db};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM " + tableAndCondition;
        return (long)command.ExecuteScalar()!;
    }

    private bool IndexExists(string name)
    {
        using var connection = new SqliteConnection($"Data Source={Db};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = $name";
        command.Parameters.AddWithValue("$name", name);
        return (long)command.ExecuteScalar()! == 1;
    }

    private static IEnumerable<Core.Model.PaperRecord> ReadSample()
    {
        var path = SharedData.Sample("arxiv-daily", "2026-05-27.jsonl.gz");
        using var stream = SourceFile.Open(path);
        foreach (var outcome in new ArxivDailyReader().Read(stream, path))
        {
            yield return outcome.Record!;
        }
    }

    private static List<string> ReadLines(string gz)
    {
        using var stream = SourceFile.Open(gz);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }
        return lines;
    }
}
