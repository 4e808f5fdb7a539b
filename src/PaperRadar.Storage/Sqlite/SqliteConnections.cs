using Microsoft.Data.Sqlite;

namespace PaperRadar.Storage.Sqlite;

/// <summary>Opens store connections with the PRAGMAs every connection needs, set in this one place.</summary>
public static class SqliteConnections
{
    public static SqliteConnection Open(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        connection.Open();
        using var pragmas = connection.CreateCommand();
        // WAL: readers (the web app) never block the importer. synchronous=NORMAL is durable against a killed
        // process, which is the crash an importer sees; foreign keys keep child rows tied to their paper.
        // page_size only takes effect when the file is created: 16 KiB pages hold several ~3 KB paper rows where
        // 4 KiB pages wasted a third of the file. A larger WAL between checkpoints means fewer fsyncs on import.
        pragmas.CommandText = """
            PRAGMA page_size = 16384;
            PRAGMA journal_mode = WAL;
            PRAGMA wal_autocheckpoint = 4096;
            PRAGMA synchronous = NORMAL;
            PRAGMA foreign_keys = ON;
            PRAGMA busy_timeout = 10000;
            PRAGMA temp_store = MEMORY;
            PRAGMA cache_size = -65536;
            """;
        pragmas.ExecuteNonQuery();
        return connection;
    }
}
