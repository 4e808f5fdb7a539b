using System.Globalization;
using System.Runtime.InteropServices;
using Dapper;
using Microsoft.Data.Sqlite;
using PaperRadar.Storage.Sqlite;

namespace PaperRadar.Storage.Search;

/// <summary>An embedder the store has vectors from: its name, size, and (for a corpus-trained one) the model itself.</summary>
public sealed record StoredEmbedder(string Name, int Dimensions, long TrainedOn, DateTimeOffset CreatedAt);

/// <summary>What related papers are compared by besides meaning.</summary>
public sealed record PaperFacts(string Id, string Title, string? PrimaryCategory, IReadOnlySet<string> Authors);

/// <summary>A paper's text as the embedders read it, keyed by the paper's row id.</summary>
public sealed record PaperText(long Key, string Id, string Title, string? Abstract);

/// <summary>
/// The papers' vectors, per embedder, kept in the store with the hash of the text each was computed from (so the
/// <c>index</c> verb embeds only new and changed papers), and the approximate index built over them.
/// </summary>
public sealed class VectorStore(PaperStore store)
{
    private const string CurrentEmbedderKey = "semantic_embedder";

    private SqliteConnection Connection => store.Connection;

    /// <summary>The embedder whose vectors searches use (the last one <c>index</c> completed), if any.</summary>
    public string? CurrentEmbedder
    {
        get => Connection.ExecuteScalar<string?>("SELECT value FROM store_meta WHERE key = @CurrentEmbedderKey", new { CurrentEmbedderKey });
        set => Connection.Execute(value is null
                ? "DELETE FROM store_meta WHERE key = @CurrentEmbedderKey"
                : "INSERT INTO store_meta (key, value) VALUES (@CurrentEmbedderKey, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            new { CurrentEmbedderKey, value });
    }

    public IReadOnlyList<StoredEmbedder> Embedders() => Connection
        .Query<(string Name, long Dimensions, long TrainedOn, string CreatedAt)>("SELECT name, dimensions, trained_on, created_at FROM embedders ORDER BY created_at")
        .Select(e => new StoredEmbedder(e.Name, (int)e.Dimensions, e.TrainedOn, DateTimeOffset.Parse(e.CreatedAt, CultureInfo.InvariantCulture)))
        .ToList();

    public void SaveEmbedder(string name, int dimensions, long trainedOn, byte[]? model) => Connection.Execute("""
        INSERT INTO embedders (name, dimensions, trained_on, created_at, model) VALUES (@name, @dimensions, @trainedOn, @createdAt, @model)
        ON CONFLICT (name) DO UPDATE SET dimensions = excluded.dimensions, trained_on = excluded.trained_on, model = excluded.model
        """, new { name, dimensions, trainedOn, createdAt = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture), model });

    /// <summary>The stored model of a corpus-trained embedder whose name starts with <paramref name="prefix"/>, newest first.</summary>
    public (string Name, byte[] Model)? LatestModel(string prefix) =>
        Connection.QueryFirstOrDefault<(string Name, byte[] Model)?>(
            "SELECT name, model FROM embedders WHERE name LIKE @pattern AND model IS NOT NULL ORDER BY created_at DESC, name DESC LIMIT 1",
            new { pattern = prefix + "%" });

    /// <summary>Drops an embedder with its vectors and index (cascade).</summary>
    public void DeleteEmbedder(string name) => Connection.Execute("DELETE FROM embedders WHERE name = @name", new { name });

    /// <summary>Every paper's id, title and abstract, in row-id order (not those their source deleted).</summary>
    public IEnumerable<PaperText> PaperTexts() =>
        Connection.Query<PaperText>("""
            SELECT rowid AS Key, id AS Id, title AS Title, abstract AS Abstract FROM papers
            WHERE id NOT IN (SELECT paper_id FROM paper_deletions) ORDER BY rowid
            """, buffered: false);

    /// <summary>The text hash each stored vector of <paramref name="embedder"/> was computed from, by paper row id.</summary>
    public Dictionary<long, byte[]> VectorHashes(string embedder) => Connection
        .Query<(long Key, byte[] Hash)>("SELECT paper_rowid, text_hash FROM paper_vectors WHERE embedder = @embedder", new { embedder })
        .ToDictionary(r => r.Key, r => r.Hash);

    /// <summary>Stores vectors (each row of <paramref name="vectors"/>, row-major) in one transaction.</summary>
    public void WriteVectors(string embedder, IReadOnlyList<(long Key, byte[] Hash)> papers, ReadOnlySpan<float> vectors, int dimensions)
    {
        using var transaction = Connection.BeginTransaction();
        using var command = Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO paper_vectors (embedder, paper_rowid, text_hash, vector) VALUES ($embedder, $key, $hash, $vector)
            ON CONFLICT (embedder, paper_rowid) DO UPDATE SET text_hash = excluded.text_hash, vector = excluded.vector
            """;
        command.Parameters.AddWithValue("$embedder", embedder);
        var key = command.Parameters.Add("$key", SqliteType.Integer);
        var hash = command.Parameters.Add("$hash", SqliteType.Blob);
        var vector = command.Parameters.Add("$vector", SqliteType.Blob);
        for (var i = 0; i < papers.Count; i++)
        {
            key.Value = papers[i].Key;
            hash.Value = papers[i].Hash;
            vector.Value = MemoryMarshal.AsBytes(vectors.Slice(i * dimensions, dimensions)).ToArray();
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    /// <summary>Drops the vectors of papers no longer in the store, or that their source deleted.</summary>
    public int DeleteVectorsOfRemovedPapers(string embedder) => Connection.Execute("""
        DELETE FROM paper_vectors WHERE embedder = @embedder
            AND paper_rowid NOT IN (SELECT rowid FROM papers WHERE id NOT IN (SELECT paper_id FROM paper_deletions))
        """, new { embedder });

    /// <summary>All vectors of <paramref name="embedder"/> in row-id order: the keys and the values, row-major.</summary>
    public (long[] Keys, float[] Values) LoadVectors(string embedder, int dimensions)
    {
        var keys = new List<long>();
        var values = new List<float>();
        using var command = Connection.CreateCommand();
        command.CommandText = "SELECT paper_rowid, vector FROM paper_vectors WHERE embedder = $embedder ORDER BY paper_rowid";
        command.Parameters.AddWithValue("$embedder", embedder);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var bytes = (byte[])reader.GetValue(1);
            if (bytes.Length != dimensions * sizeof(float))
            {
                throw new StoreException(
                    $"the stored vector of paper row {reader.GetInt64(0)} has {bytes.Length / sizeof(float)} dimensions, " +
                    $"the embedder {embedder} {dimensions}; run paperradar index --rebuild");
            }
            keys.Add(reader.GetInt64(0));
            values.AddRange(MemoryMarshal.Cast<byte, float>(bytes));
        }
        return (keys.ToArray(), values.ToArray());
    }

    public long CountVectors(string embedder) =>
        Connection.ExecuteScalar<long>("SELECT count(*) FROM paper_vectors WHERE embedder = @embedder", new { embedder });

    /// <summary>Keeps an approximate index's graph, built over vectors whose identity is <paramref name="vectorsHash"/>.</summary>
    public void SaveIndex(string embedder, string kind, int vectorCount, byte[] vectorsHash, byte[] graph) => Connection.Execute("""
        INSERT INTO vector_indexes (embedder, kind, vector_count, vectors_hash, built_at, graph)
        VALUES (@embedder, @kind, @vectorCount, @vectorsHash, @builtAt, @graph)
        ON CONFLICT (embedder) DO UPDATE SET kind = excluded.kind, vector_count = excluded.vector_count,
            vectors_hash = excluded.vectors_hash, built_at = excluded.built_at, graph = excluded.graph
        """, new { embedder, kind, vectorCount, vectorsHash, builtAt = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture), graph });

    public (string Kind, int VectorCount, byte[] VectorsHash, byte[] Graph)? LoadIndex(string embedder) =>
        Connection.QuerySingleOrDefault<(string, long, byte[], byte[])?>(
            "SELECT kind, vector_count, vectors_hash, graph FROM vector_indexes WHERE embedder = @embedder", new { embedder })
        is { } row ? (row.Item1, (int)row.Item2, row.Item3, row.Item4) : null;

    /// <summary>The row id of the paper with arXiv id <paramref name="id"/>, if the store has it.</summary>
    public long? KeyOf(string id) => Connection.ExecuteScalar<long?>("SELECT rowid FROM papers WHERE id = @id", new { id });

    /// <summary>For papers by row id: the id, title, primary category and author names (what related papers are boosted by).</summary>
    public Dictionary<long, PaperFacts> Facts(IReadOnlyCollection<long> keys)
    {
        var facts = Connection.Query<(long Key, string Id, string Title, string? Primary)>(
                "SELECT rowid, id, title, primary_category FROM papers WHERE rowid IN @keys", new { keys })
            .ToDictionary(r => r.Key, r => new PaperFacts(r.Id, r.Title, r.Primary, new HashSet<string>(StringComparer.OrdinalIgnoreCase)));
        foreach (var (key, name) in Connection.Query<(long Key, string Name)>(
                     "SELECT p.rowid, a.name FROM papers p JOIN paper_authors a ON a.paper_id = p.id WHERE p.rowid IN @keys", new { keys }))
        {
            ((HashSet<string>)facts[key].Authors).Add(name);
        }
        return facts;
    }

    public void DeleteIndex(string embedder) => Connection.Execute("DELETE FROM vector_indexes WHERE embedder = @embedder", new { embedder });
}
