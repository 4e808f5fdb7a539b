using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using PaperRadar.Core.Export;
using PaperRadar.Core.Model;
using PaperRadar.Core.Readers;
using PaperRadar.Core.Serialization;
using PaperRadar.Core.Text;
using PaperRadar.Storage.Sqlite;

namespace PaperRadar.Storage;

/// <summary>
/// A source record ready to store: its compressed stored form and the hash of its JSON, computed off the writer
/// thread.
/// </summary>
public sealed record PreparedRecord(PaperRecord Record, byte[] Payload, byte[] Hash)
{
    public static PreparedRecord From(PaperRecord record)
    {
        var json = PaperRecordJson.Serialize(record);
        return new PreparedRecord(record, PaperRecordJson.Compress(json), System.Security.Cryptography.SHA256.HashData(json));
    }
}

/// <summary>What storing one source record did.</summary>
public enum RecordOutcome
{
    /// <summary>The first record of a paper the store did not have.</summary>
    New,

    /// <summary>A new or changed record of a paper the store already had.</summary>
    Updated,

    /// <summary>The store already held exactly this record from this file and line.</summary>
    Unchanged,
}

/// <summary>
/// The embedded store: one SQLite file. Source records are kept as they were read; each paper's query rows are
/// the merge of its records (<see cref="PaperMerger"/>), rewritten in the same transaction as the records change.
/// </summary>
public sealed partial class PaperStore : IDisposable
{
    private readonly SqliteConnection _connection;

    private PaperStore(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    public string Path { get; }

    /// <summary>The store's connection, for the derived indices kept in the same file (keyword index, vectors).</summary>
    internal SqliteConnection Connection => _connection;

    public int SchemaVersion => Migrations.CurrentVersion(_connection);

    /// <summary>Opens (creating or upgrading) the store at <paramref name="path"/>.</summary>
    /// <param name="schemaVersion">Stop migrating at this version; only tests of upgrades use it.</param>
    public static PaperStore Open(string path, int? schemaVersion = null)
    {
        SqliteConnection? connection = null;
        try
        {
            connection = SqliteConnections.Open(path);
            Migrations.Apply(connection, path, schemaVersion);
            Migrations.RestoreLookupIndices(connection);
            var store = new PaperStore(path, connection);
            if (store.SchemaVersion >= 3 && store.CountPapers() == 0)
            {
                store.MarkDerivationCurrent();
            }
            return store;
        }
        catch (SqliteException e)
        {
            connection?.Dispose();
            throw new StoreException($"cannot open the store {path}: {e.Message}", e);
        }
        catch
        {
            connection?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Drops the lookup indices until the returned scope is disposed, which builds them again: for an import large
    /// against the store, one sorted build is an order of magnitude cheaper than updating them row by row. Queries
    /// by author, category or day are slower (not wrong) meanwhile; a process killed in between leaves them to be
    /// restored by the next <see cref="Open"/>.
    /// </summary>
    public IDisposable SuspendLookupIndices()
    {
        using (var drop = _connection.CreateCommand())
        {
            foreach (var (_, name, _) in Migrations.LookupIndices)
            {
                drop.CommandText = $"DROP INDEX IF EXISTS {name}";
                drop.ExecuteNonQuery();
            }
        }
        return new IndexRestorer(_connection);
    }

    private sealed class IndexRestorer(SqliteConnection connection) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                Migrations.RestoreLookupIndices(connection);
            }
        }
    }

    /// <summary>The store file's size in bytes, its write-ahead log included.</summary>
    public long FileBytes
    {
        get
        {
            var main = new FileInfo(Path);
            var wal = new FileInfo(Path + "-wal");
            return (main.Exists ? main.Length : 0) + (wal.Exists ? wal.Length : 0);
        }
    }

    /// <summary>Stores a batch of records and re-merges every paper they touch, atomically.</summary>
    public IReadOnlyList<RecordOutcome> WriteRecords(IReadOnlyList<PreparedRecord> batch) => WriteRecords(batch, alongside: null);

    /// <summary>
    /// Stores a batch like <see cref="WriteRecords(IReadOnlyList{PreparedRecord})"/> and runs
    /// <paramref name="alongside"/> in the same transaction, so both are written or neither is.
    /// </summary>
    private IReadOnlyList<RecordOutcome> WriteRecords(IReadOnlyList<PreparedRecord> batch,
        Action<SqliteTransaction>? alongside)
    {
        var outcomes = new RecordOutcome[batch.Count];
        using var transaction = _connection.BeginTransaction();
        batch = KeyToStoredPapers(batch, transaction);
        var adopting = AdoptOpenAlexOnlyPapers(batch, transaction, out var adopted);
        using var lookup = PaperRowWriter.Prepare(_connection, transaction,
            "SELECT paper_id, content_hash FROM source_records WHERE source_file = $f AND line = $l", "$f", "$l");
        using var upsert = new RawStatement(_connection, "source_records",
            ["source_file", "line", "format", "paper_id", "content_hash", "payload"], """
            ON CONFLICT (source_file, line) DO UPDATE SET format = excluded.format, paper_id = excluded.paper_id,
                content_hash = excluded.content_hash, payload = excluded.payload
            """);

        using var clearCitations = PaperRowWriter.Prepare(_connection, transaction,
            "DELETE FROM citations WHERE source_file = $f AND line = $l", "$f", "$l");
        using var citations = new RawStatement(_connection, "citations", ["source_file", "line", "citing", "cited"],
            "ON CONFLICT DO NOTHING");

        // Two questions asked once per batch instead of once per record: which papers the store already has, and
        // which files it already holds records from (a file it has never seen needs no per-line lookup).
        var storedPapers = ExistingPapers(batch.Select(p => p.Record.Id.Value));
        var filesWithRecords = FilesWithRows("source_records", batch.Select(p => p.Record.Source.File), transaction);

        // A paper whose records another took over is re-merged with none left, which removes it.
        var touched = new SortedSet<string>(adopted, StringComparer.Ordinal);
        var displaced = new HashSet<string>(adopted, StringComparer.Ordinal);
        var newInBatch = new HashSet<string>(StringComparer.Ordinal);
        // Papers whose every record is in this batch need no read-back from the store to be merged.
        var onlyInBatch = new Dictionary<string, List<PaperRecord>>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            var (record, payload, hash) = batch[i];
            var id = record.Id.Value;
            string? storedPaper = null;
            byte[]? storedHash = null;
            if (filesWithRecords.Contains(record.Source.File))
            {
                lookup.Parameters["$f"].Value = record.Source.File;
                lookup.Parameters["$l"].Value = record.Source.Line;
                using var reader = lookup.ExecuteReader();
                if (reader.Read())
                {
                    storedPaper = reader.GetString(0);
                    storedHash = (byte[])reader.GetValue(1);
                }
            }
            if (storedPaper == id && storedHash.AsSpan().SequenceEqual(hash))
            {
                outcomes[i] = RecordOutcome.Unchanged;
                continue;
            }
            if (storedPaper is not null && storedPaper != id)
            {
                touched.Add(storedPaper);
                displaced.Add(storedPaper);
            }
            var known = newInBatch.Contains(id) || storedPapers.Contains(id);
            outcomes[i] = known ? RecordOutcome.Updated : RecordOutcome.New;
            if (!known && storedPaper is null && !adopting.Contains(id))
            {
                onlyInBatch[id] = [record];
            }
            else if (onlyInBatch.TryGetValue(id, out var batchRecords) && storedPaper is null)
            {
                batchRecords.Add(record);
            }
            else
            {
                onlyInBatch.Remove(id);
            }
            newInBatch.Add(id);

            upsert.Insert(record.Source.File, record.Source.Line, record.Source.Format, id, hash, payload);
            touched.Add(id);
            if (storedPaper is not null)
            {
                // The record changed: the citations it stated are replaced by the ones it states now.
                clearCitations.Parameters["$f"].Value = record.Source.File;
                clearCitations.Parameters["$l"].Value = record.Source.Line;
                clearCitations.ExecuteNonQuery();
            }
            foreach (var cited in record.References ?? [])
            {
                citations.Insert(record.Source.File, record.Source.Line, id, cited.Value);
            }
            foreach (var citing in record.CitedBy ?? [])
            {
                citations.Insert(record.Source.File, record.Source.Line, citing.Value, id);
            }
        }

        // A record that moved to another paper (an edited file) re-merges the paper it left, which has rows of its
        // own to replace: the store is asked about those papers too.
        storedPapers.UnionWith(ExistingPapers(displaced));
        RemergePapers(transaction, touched, onlyInBatch, storedPapers);
        alongside?.Invoke(transaction);
        transaction.Commit();
        return outcomes;
    }

    /// <summary>
    /// A record of a source that names papers by ids of its own (an OpenAlex work: its arXiv id when it knows one,
    /// else its DOI, else its OpenAlex id) whose id is no stored paper, but one of whose other ids is an id a stored
    /// paper is known by (an ACL paper with that DOI), is stored as a record of that paper, its own id kept among its
    /// other ids. A record whose ids name several stored papers is left as it is.
    /// </summary>
    private IReadOnlyList<PreparedRecord> KeyToStoredPapers(IReadOnlyList<PreparedRecord> batch, SqliteTransaction transaction)
    {
        List<PreparedRecord>? keyed = null;
        for (var i = 0; i < batch.Count; i++)
        {
            var record = batch[i].Record;
            if (record.Source.Format != OpenAlexWorksReader.FormatName || record.OtherIds is not { Count: > 0 } others ||
                _connection.ExecuteScalar<long>("SELECT EXISTS (SELECT 1 FROM papers WHERE id = @id)", new { id = record.Id.Value }, transaction) == 1)
            {
                continue;
            }
            var names = others.Select(o => o.Value).Append(record.Id.Value).ToList();
            var stored = _connection.Query<string>("""
                SELECT paper_id FROM paper_aliases WHERE alias IN @names
                UNION SELECT id FROM papers WHERE id IN @names
                """, new { names }, transaction).ToList();
            if (stored.Count != 1)
            {
                continue;
            }
            var paper = PaperId.Parse(stored[0]);
            keyed ??= [.. batch];
            keyed[i] = PreparedRecord.From(record with
            {
                Id = paper,
                OtherIds = others.Append(record.Id).Where(o => o != paper).Distinct().Order().ToList(),
            });
        }
        return keyed ?? batch;
    }

    /// <summary>
    /// The other order of <see cref="KeyToStoredPapers"/>: a record (not OpenAlex's) one of whose ids (its DOI, another
    /// id of its own) names a stored paper known only from OpenAlex works — the work came first, and OpenAlex knew the
    /// paper by a DOI, not by the arXiv or ACL id it is stored under now — takes that paper's records: they become
    /// records of the arriving paper, the OpenAlex paper's id kept among their other ids, so the two are one paper.
    /// Returns the ids of the arriving papers that took records over; <paramref name="adopted"/>: the papers left
    /// without records.
    /// </summary>
    private HashSet<string> AdoptOpenAlexOnlyPapers(IReadOnlyList<PreparedRecord> batch, SqliteTransaction transaction,
        out HashSet<string> adopted)
    {
        var adopting = new HashSet<string>(StringComparer.Ordinal);
        adopted = new HashSet<string>(StringComparer.Ordinal);
        // An OpenAlex work without an arXiv id is stored under its DOI or its OpenAlex id; a store with no paper of
        // either kind (any store fed only by arXiv) has nothing to adopt, and its imports ask nothing more.
        if (_connection.ExecuteScalar<long>("""
                SELECT EXISTS (SELECT 1 FROM papers WHERE id >= 'doi:' AND id < 'doi;')
                    OR EXISTS (SELECT 1 FROM papers WHERE id >= 'openalex:' AND id < 'openalex;')
                """, transaction: transaction) == 0)
        {
            return adopting;
        }
        foreach (var (record, _, _) in batch)
        {
            if (record.Source.Format == OpenAlexWorksReader.FormatName || (record.OtherIds is not { Count: > 0 } && record.Doi is null))
            {
                continue;
            }
            var id = record.Id.Value;
            var names = (record.OtherIds ?? []).Concat(PaperMerger.DoiIds(record.Doi)).Select(o => o.Value)
                .Where(name => name != id).Distinct(StringComparer.Ordinal).ToList();
            var openAlexOnly = _connection.Query<string>("""
                SELECT c.id FROM (SELECT paper_id AS id FROM paper_aliases WHERE alias IN @names
                                  UNION SELECT id FROM papers WHERE id IN @names) c
                WHERE c.id <> @id AND (c.id LIKE 'doi:%' OR c.id LIKE 'openalex:%')
                    AND EXISTS (SELECT 1 FROM source_records s WHERE s.paper_id = c.id)
                    AND NOT EXISTS (SELECT 1 FROM source_records s WHERE s.paper_id = c.id AND s.format <> @format)
                """, new { names, id, format = OpenAlexWorksReader.FormatName }, transaction).ToList();
            foreach (var other in openAlexOnly)
            {
                var rows = _connection.Query<(long Row, byte[] Payload)>(
                    "SELECT id, payload FROM source_records WHERE paper_id = @other", new { other }, transaction).ToList();
                foreach (var (row, payload) in rows)
                {
                    var stored = PaperRecordJson.DeserializeCompressed(payload);
                    var moved = PreparedRecord.From(stored with
                    {
                        Id = record.Id,
                        OtherIds = (stored.OtherIds ?? []).Append(stored.Id).Where(o => o != record.Id).Distinct().Order().ToList(),
                    });
                    _connection.Execute("UPDATE source_records SET paper_id = @id, content_hash = @Hash, payload = @Payload WHERE id = @row",
                        new { id, moved.Hash, moved.Payload, row }, transaction);
                }
                adopted.Add(other);
                adopting.Add(id);
            }
        }
        return adopting;
    }

    /// <summary>
    /// Stores citation edges from an edge-list file, each keyed by its file and line like a record: importing the file
    /// again changes nothing, and an edited line replaces the edge it held.
    /// </summary>
    public IReadOnlyList<RecordOutcome> WriteCitations(IReadOnlyList<CitationEdge> edges)
    {
        var outcomes = new RecordOutcome[edges.Count];
        using var transaction = _connection.BeginTransaction();
        using var existing = PaperRowWriter.Prepare(_connection, transaction,
            "SELECT citing, cited FROM citations WHERE source_file = $f AND line = $l", "$f", "$l");
        using var clear = PaperRowWriter.Prepare(_connection, transaction,
            "DELETE FROM citations WHERE source_file = $f AND line = $l", "$f", "$l");
        using var insert = new RawStatement(_connection, "citations", ["source_file", "line", "citing", "cited"],
            "ON CONFLICT DO NOTHING");
        var filesWithEdges = FilesWithRows("citations", edges.Select(e => e.Source.File), transaction);
        for (var i = 0; i < edges.Count; i++)
        {
            var edge = edges[i];
            var stored = false;
            var same = false;
            if (filesWithEdges.Contains(edge.Source.File))
            {
                existing.Parameters["$f"].Value = edge.Source.File;
                existing.Parameters["$l"].Value = edge.Source.Line;
                using (var reader = existing.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        stored = true;
                        same |= reader.GetString(0) == edge.Citing.Value && reader.GetString(1) == edge.Cited.Value;
                    }
                }
                if (same)
                {
                    outcomes[i] = RecordOutcome.Unchanged;
                    continue;
                }
                clear.Parameters["$f"].Value = edge.Source.File;
                clear.Parameters["$l"].Value = edge.Source.Line;
                clear.ExecuteNonQuery();
            }
            outcomes[i] = stored ? RecordOutcome.Updated : RecordOutcome.New;
            insert.Insert(edge.Source.File, edge.Source.Line, edge.Citing.Value, edge.Cited.Value);
        }
        transaction.Commit();
        return outcomes;
    }

    /// <summary>
    /// Which of <paramref name="files"/> the store already holds rows from in <paramref name="table"/> (keyed by
    /// <c>source_file</c>): a file it has never seen needs no per-line lookup.
    /// </summary>
    private HashSet<string> FilesWithRows(string table, IEnumerable<string> files, SqliteTransaction transaction) =>
        files.Distinct(StringComparer.Ordinal)
            .Where(file => _connection.ExecuteScalar<long>(
                $"SELECT EXISTS (SELECT 1 FROM {table} WHERE source_file = @file)", new { file }, transaction) == 1)
            .ToHashSet(StringComparer.Ordinal);

    private HashSet<string> ExistingPapers(IEnumerable<string> ids)
    {
        using var exists = RawStatement.Query(_connection, "SELECT 1 FROM papers WHERE id = ?1", 1);
        return ids.Distinct(StringComparer.Ordinal).Where(id => exists.Exists(id)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// After a whole file was read, drops the records this store holds from it at lines that no longer hold one
    /// (the file was edited), so the store mirrors the file. Returns how many were dropped.
    /// </summary>
    public int RemoveRecordsNotSeen(string sourceFile, IReadOnlySet<long> seenLines)
    {
        using var transaction = _connection.BeginTransaction();
        var staleCitationLines = _connection.Query<long>(
                "SELECT DISTINCT line FROM citations WHERE source_file = @sourceFile", new { sourceFile }, transaction, buffered: false)
            .Where(line => !seenLines.Contains(line))
            .ToList();
        foreach (var line in staleCitationLines)
        {
            _connection.Execute("DELETE FROM citations WHERE source_file = @sourceFile AND line = @line",
                new { sourceFile, line }, transaction);
        }
        // Streamed: the file's stored records can number millions (the snapshot); only the stale ones are kept.
        var stale = _connection.Query<(long Line, string PaperId)>(
                "SELECT line, paper_id FROM source_records WHERE source_file = @sourceFile",
                new { sourceFile }, transaction, buffered: false)
            .Where(r => !seenLines.Contains(r.Line))
            .ToList();
        if (stale.Count == 0)
        {
            transaction.Commit();
            return staleCitationLines.Count;
        }
        foreach (var (line, _) in stale)
        {
            _connection.Execute("DELETE FROM source_records WHERE source_file = @sourceFile AND line = @line",
                new { sourceFile, line }, transaction);
        }
        var affected = new SortedSet<string>(stale.Select(s => s.PaperId), StringComparer.Ordinal);
        RemergePapers(transaction, affected, [], ExistingPapers(affected));
        transaction.Commit();
        return stale.Select(s => s.Line).Union(staleCitationLines).Count();
    }

    private void RemergePapers(SqliteTransaction transaction, IEnumerable<string> paperIds,
        Dictionary<string, List<PaperRecord>> knownRecords, HashSet<string> storedPapers)
    {
        using var load = PaperRowWriter.Prepare(_connection, transaction,
            "SELECT payload FROM source_records WHERE paper_id = $id", "$id");
        using var rows = new PaperRowWriter(_connection, transaction);
        var records = new List<PaperRecord>();
        foreach (var id in paperIds)
        {
            if (knownRecords.TryGetValue(id, out var inBatch))
            {
                rows.Write(PaperMerger.Merge(inBatch), isStored: storedPapers.Contains(id));
                continue;
            }
            records.Clear();
            load.Parameters["$id"].Value = id;
            using (var reader = load.ExecuteReader())
            {
                while (reader.Read())
                {
                    records.Add(PaperRecordJson.DeserializeCompressed((byte[])reader.GetValue(0)));
                }
            }
            if (records.Count == 0)
            {
                rows.Delete(id);
            }
            else
            {
                rows.Write(PaperMerger.Merge(records), isStored: storedPapers.Contains(id));
            }
        }
    }

    private const string DerivationKey = "paper_derivation_version";

    /// <summary>Whether the stored papers were merged by an older <see cref="PaperMerger.DerivationVersion"/>.</summary>
    public bool DerivedPapersAreStale =>
        _connection.ExecuteScalar<string?>("SELECT value FROM store_meta WHERE key = @DerivationKey", new { DerivationKey })
        != PaperMerger.DerivationVersion.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Re-merges every paper from its kept source records, in batches (each atomic); the version is recorded only at
    /// the end, so an interrupted run is simply done again.
    /// </summary>
    public long RederiveAllPapers(IProgress<long>? progress = null)
    {
        var ids = _connection.Query<string>("SELECT DISTINCT paper_id FROM source_records ORDER BY paper_id").ToList();
        long done = 0;
        foreach (var chunk in ids.Chunk(2_000))
        {
            using var transaction = _connection.BeginTransaction();
            RemergePapers(transaction, chunk, [], ExistingPapers(chunk));
            transaction.Commit();
            done += chunk.Length;
            progress?.Report(done);
        }
        MarkDerivationCurrent();
        return done;
    }

    private void MarkDerivationCurrent() => _connection.Execute(
        "INSERT INTO store_meta (key, value) VALUES (@DerivationKey, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        new { DerivationKey, value = PaperMerger.DerivationVersion.ToString(CultureInfo.InvariantCulture) });

    public Paper? GetPaper(PaperId id)
    {
        var row = _connection.QuerySingleOrDefault<PaperRow>("SELECT * FROM papers WHERE id = @id", new { id = id.Value });
        return row is null ? null : Hydrate(row, new ChildQueries(_connection));
    }

    /// <summary>The papers with these ids that the store has, in the order asked.</summary>
    public IReadOnlyList<Paper> GetPapers(IEnumerable<string> ids)
    {
        var wanted = ids.Distinct(StringComparer.Ordinal).ToList();
        var rows = _connection.Query<PaperRow>("SELECT * FROM papers WHERE id IN @wanted", new { wanted })
            .ToDictionary(r => r.id, StringComparer.Ordinal);
        // Four queries for all the papers' child rows instead of four per paper (a page of 50 cards made 200).
        var children = new PrefetchedChildren(_connection, rows.Keys.ToList());
        return wanted.Where(rows.ContainsKey).Select(id => Hydrate(rows[id], children)).ToList();
    }

    /// <summary>
    /// The listing days around <paramref name="day"/> (the latest when null) that list papers of
    /// <paramref name="category"/> (any when null; an archive such as <c>cs</c> covers its categories): that day if it
    /// lists any, the one before, the one after.
    /// </summary>
    public ListingDays ListingDaysAround(DateOnly? day, string? category)
    {
        var (join, where) = CategoryCondition(category);
        var text = day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var parameters = new { category, pattern = category + ".%", day = text };
        var latest = _connection.ExecuteScalar<string?>($"SELECT max(l.day) FROM paper_listings l {join} WHERE {where}", parameters);
        if (latest is null)
        {
            return new ListingDays(null, null, null, null);
        }
        var current = text ?? latest;
        var at = new { category, pattern = category + ".%", day = current };
        var exists = _connection.ExecuteScalar<long>(
            $"SELECT EXISTS (SELECT 1 FROM paper_listings l {join} WHERE {where} AND l.day = @day)", at) == 1;
        var previous = _connection.ExecuteScalar<string?>($"SELECT max(l.day) FROM paper_listings l {join} WHERE {where} AND l.day < @day", at);
        var next = _connection.ExecuteScalar<string?>($"SELECT min(l.day) FROM paper_listings l {join} WHERE {where} AND l.day > @day", at);
        return new ListingDays(exists ? ParseDay(current) : null, ParseDay(previous), ParseDay(next), ParseDay(latest));
    }

    /// <summary>
    /// The papers listed on <paramref name="day"/> in <paramref name="category"/> (any when null): by upvotes where a
    /// community site gave them, then new papers (first appearing within three days before it: listings skip
    /// weekends), then cross-lists and replacements; newest first within each.
    /// </summary>
    public IReadOnlyList<Paper> PapersListedOn(DateOnly day, string? category, int limit, int offset = 0)
    {
        var (join, where) = CategoryCondition(category);
        var ids = _connection.Query<string>($"""
            SELECT p.id FROM paper_listings l JOIN papers p ON p.id = l.paper_id {join}
            WHERE {where} AND l.day = @day
            GROUP BY p.id
            ORDER BY coalesce(p.upvotes, -1) DESC, (p.first_appeared >= date(@day, '-3 days')) DESC, p.first_appeared DESC, p.id DESC
            LIMIT @limit OFFSET @offset
            """, new { category, pattern = category + ".%", day = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), limit, offset });
        return GetPapers(ids);
    }

    /// <summary>The latest day anything happened to a paper in the store: a first appearance or a day it was featured.</summary>
    public DateOnly? LatestActivityDay() => ParseDay(_connection.ExecuteScalar<string?>(
        "SELECT max(day) FROM (SELECT max(first_appeared) AS day FROM papers UNION ALL SELECT max(community_day) FROM papers)"));

    /// <summary>
    /// The papers that appeared or were featured in the <paramref name="days"/> days ending on
    /// <paramref name="windowEnd"/>, ranked by <see cref="Trending.Score"/>, best first, with their scores.
    /// </summary>
    public IReadOnlyList<TrendingPaper> TrendingPapers(DateOnly windowEnd, int days, int limit, string? category = null)
    {
        var from = windowEnd.AddDays(1 - days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = windowEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var categoryFilter = category is null ? "" : category.Contains('.', StringComparison.Ordinal)
            ? "AND EXISTS (SELECT 1 FROM paper_categories c WHERE c.paper_id = p.id AND c.category = @category COLLATE NOCASE)"
            : "AND EXISTS (SELECT 1 FROM paper_categories c WHERE c.paper_id = p.id AND (c.category = @category COLLATE NOCASE OR c.category LIKE @pattern))";
        // Citations: the distinct papers citing it, counted as its page lists them (CitedBy).
        var candidates = _connection.Query<(string Id, string? FirstAppeared, string? CommunityDay, long? Upvotes, long Citations)>($"""
            SELECT p.id, p.first_appeared, p.community_day, p.upvotes,
                (SELECT count(DISTINCT other) FROM ({CitationNeighbours("p.id", CitationDirection.Citing)}) WHERE other <> p.id)
            FROM papers p
            WHERE ((p.first_appeared BETWEEN @from AND @to) OR (p.community_day BETWEEN @from AND @to)) {categoryFilter}
                AND p.id NOT IN (SELECT paper_id FROM paper_deletions)
            """, new { from, to, category, pattern = category + ".%" });
        var ranked = candidates
            .Select(c =>
            {
                var since = new[] { c.FirstAppeared, c.CommunityDay }.Where(d => d is not null && string.CompareOrdinal(d, to) <= 0)
                    .Select(d => ToDay(d!)).Max();
                return (c.Id, Score: Trending.Score((int)(c.Upvotes ?? 0), (int)c.Citations, since, windowEnd), Citations: (int)c.Citations);
            })
            .OrderByDescending(c => c.Score).ThenByDescending(c => c.Id, StringComparer.Ordinal)
            .Take(limit)
            .ToList();
        var papers = GetPapers(ranked.Select(r => r.Id)).ToDictionary(p => p.Id.Value, StringComparer.Ordinal);
        return ranked.Where(r => papers.ContainsKey(r.Id)).Select(r => new TrendingPaper(papers[r.Id], r.Score, r.Citations)).ToList();
    }

    /// <summary>The papers a community site files under <paramref name="organisation"/> (any case), latest featured first.</summary>
    public IReadOnlyList<Paper> PapersOfOrganisation(string organisation, int limit) => GetPapers(_connection.Query<string>(
        "SELECT id FROM papers WHERE organisation = @organisation COLLATE NOCASE AND id NOT IN (SELECT paper_id FROM paper_deletions) " +
        "ORDER BY community_day DESC, upvotes DESC, id DESC LIMIT @limit", new { organisation, limit }));

    /// <summary>How many papers <see cref="PapersListedOn"/> has for that day and category.</summary>
    public long CountListedOn(DateOnly day, string? category)
    {
        var (join, where) = CategoryCondition(category);
        return _connection.ExecuteScalar<long>(
            $"SELECT count(DISTINCT l.paper_id) FROM paper_listings l {join} WHERE {where} AND l.day = @day",
            new { category, pattern = category + ".%", day = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
    }

    /// <summary>The listing rows of a category (any when null), without the papers their source deleted.</summary>
    private static (string Join, string Where) CategoryCondition(string? category)
    {
        var (join, where) = category switch
        {
            null => ("", "1"),
            _ when category.Contains('.', StringComparison.Ordinal) =>
                ("JOIN paper_categories c ON c.paper_id = l.paper_id", "c.category = @category COLLATE NOCASE"),
            _ => ("JOIN paper_categories c ON c.paper_id = l.paper_id",
                "(c.category = @category COLLATE NOCASE OR c.category LIKE @pattern)"),
        };
        return (join, $"{where} AND l.paper_id NOT IN (SELECT paper_id FROM paper_deletions)");
    }

    private static DateOnly? ParseDay(string? day) =>
        day is null ? null : DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Every paper in id order, streamed.</summary>
    public IEnumerable<Paper> AllPapers()
    {
        var children = new ChildQueries(_connection);
        foreach (var row in _connection.Query<PaperRow>("SELECT * FROM papers ORDER BY id", buffered: false))
        {
            yield return Hydrate(row, children);
        }
    }

    /// <summary>
    /// Citations received by every paper any citation names (stored or not): the number of distinct papers citing
    /// it, each end resolved through the ids papers are also known by; a paper citing itself does not count.
    /// </summary>
    public IReadOnlyDictionary<string, int> CitationCounts() =>
        _connection.Query<(string Cited, long Count)>("""
                SELECT cited, count(DISTINCT citing) FROM resolved_citations WHERE citing <> cited GROUP BY cited
                """)
            .ToDictionary(r => r.Cited, r => (int)r.Count, StringComparer.Ordinal);

    /// <summary>The papers citing <paramref name="id"/> (resolved ids, sorted; they need not be in the store).</summary>
    public IReadOnlyList<string> CitedBy(PaperId id) => _connection.Query<string>(
        $"SELECT DISTINCT other FROM ({CitationNeighbours("@id", CitationDirection.Citing)}) WHERE other <> @id ORDER BY other",
        new { id = id.Value }).ToList();

    /// <summary>The papers <paramref name="id"/> cites (resolved ids, sorted; they need not be in the store).</summary>
    public IReadOnlyList<string> ReferencesOf(PaperId id) => _connection.Query<string>(
        $"SELECT DISTINCT other FROM ({CitationNeighbours("@id", CitationDirection.Cited)}) WHERE other <> @id ORDER BY other",
        new { id = id.Value }).ToList();

    /// <summary>Both directions of one paper's citations, for its page, its API answer and <c>show</c>.</summary>
    public PaperCitations CitationsOf(PaperId id) => new(CitedBy(id), ReferencesOf(id));

    /// <summary>
    /// The stored papers cited together with <paramref name="id"/> (with their row keys), each with the number of papers citing both
    /// (co-citation, Small 1973), most first. Reads the citations as their sources state them, by the paper's id and
    /// its other ids, through the index on each end; the far end is resolved to the stored paper.
    /// </summary>
    public IReadOnlyList<(string Id, long Key, int SharedCiters)> CoCited(PaperId id, int limit) => _connection.Query<(string, long, long)>("""
            WITH seed(id) AS (SELECT @id UNION SELECT alias FROM paper_aliases WHERE paper_id = @id),
            citers AS (SELECT DISTINCT citing FROM citations WHERE cited IN (SELECT id FROM seed)),
            cocited AS (
                SELECT c.cited AS raw, count(DISTINCT c.citing) AS shared
                FROM citations c WHERE c.citing IN (SELECT citing FROM citers) AND c.cited NOT IN (SELECT id FROM seed)
                GROUP BY c.cited),
            resolved AS (
                SELECT coalesce((SELECT a.paper_id FROM paper_aliases a WHERE a.alias = raw ORDER BY a.paper_id LIMIT 1), raw) AS id, shared
                FROM cocited)
            SELECT r.id, p.rowid, max(r.shared) AS shared FROM resolved r JOIN papers p ON p.id = r.id
            WHERE r.id <> @id GROUP BY r.id ORDER BY shared DESC, r.id LIMIT @limit
            """, new { id = id.Value, limit })
        .Select(r => (r.Item1, r.Item2, (int)r.Item3)).ToList();

    private enum CitationDirection
    {
        /// <summary>The papers citing the paper.</summary>
        Citing,

        /// <summary>The papers the paper cites.</summary>
        Cited,
    }

    /// <summary>
    /// SQL for the other ends (column <c>other</c>) of the citations of the paper <paramref name="paperId"/> (an SQL
    /// expression) names, stated under its own id or any id it is also known by, each resolved to the stored paper's id
    /// where an alias names one. One row per citation edge: callers count or list them distinct. The two halves of the
    /// union each use an index (an OR of the two conditions would not).
    /// </summary>
    private static string CitationNeighbours(string paperId, CitationDirection direction)
    {
        var (near, far) = direction == CitationDirection.Citing ? ("cited", "citing") : ("citing", "cited");
        var resolved = $"COALESCE((SELECT r.paper_id FROM paper_aliases r WHERE r.alias = c.{far} ORDER BY r.paper_id LIMIT 1), c.{far})";
        return $"""
            SELECT {resolved} AS other FROM citations c WHERE c.{near} = {paperId}
            UNION ALL
            SELECT {resolved} FROM paper_aliases a JOIN citations c ON c.{near} = a.alias WHERE a.paper_id = {paperId}
            """;
    }

    /// <summary>How many citation edges the store holds, as their sources state them.</summary>
    public long CountCitations() => _connection.ExecuteScalar<long>("SELECT count(*) FROM citations");

    /// <summary>How many citation edges have both ends in the store.</summary>
    public long CountResolvedCitations() => _connection.ExecuteScalar<long>("""
        SELECT count(*) FROM resolved_citations r
        WHERE EXISTS (SELECT 1 FROM papers p WHERE p.id = r.citing) AND EXISTS (SELECT 1 FROM papers p WHERE p.id = r.cited)
        """);

    public long CountPapers() => _connection.ExecuteScalar<long>("SELECT count(*) FROM papers");

    public StoreStats GetStats()
    {
        var bySource = _connection.Query<(string Format, long Records, long Papers, long Files)>("""
            SELECT format, count(*), count(DISTINCT paper_id), count(DISTINCT source_file)
            FROM source_records GROUP BY format ORDER BY format
            """).Select(r => new SourceCount(r.Format, r.Files, r.Records, r.Papers)).ToList();
        var byCategory = _connection.Query<(string Category, long Primary, long All)>("""
            SELECT c.category, sum(c.position = 0), count(*)
            FROM paper_categories c GROUP BY c.category ORDER BY count(*) DESC, c.category
            """).Select(r => new CategoryCount(r.Category, r.Primary, r.All)).ToList();
        var byYear = _connection.Query<(long Year, long Papers)>(
            "SELECT year, count(*) FROM papers GROUP BY year ORDER BY year")
            .Select(r => new YearCount((int)r.Year, r.Papers)).ToList();
        var days = _connection.QuerySingle<(string? First, string? Last, long Days)>(
            "SELECT min(day), max(day), count(DISTINCT day) FROM paper_listings");
        return new StoreStats(
            Papers: CountPapers(),
            SourceRecords: _connection.ExecuteScalar<long>("SELECT count(*) FROM source_records"),
            WithAbstract: _connection.ExecuteScalar<long>("SELECT count(*) FROM papers WHERE abstract IS NOT NULL"),
            Authorships: _connection.ExecuteScalar<long>("SELECT count(*) FROM paper_authors"),
            ListingDays: days.Days,
            FirstListingDay: days.First,
            LastListingDay: days.Last,
            BySource: bySource,
            ByCategory: byCategory,
            ByYear: byYear);
    }

    public void Dispose() => _connection.Dispose();

    private static Paper Hydrate(PaperRow row, IChildRows children)
    {
        var id = PaperId.Parse(row.id);
        var sources = StoredSources.DeserializeSources(row.sources);
        var authors = children.Authors(row.id);
        return new Paper
        {
            Id = id,
            Title = row.title,
            Abstract = row.@abstract,
            Authors = authors.Select(a => a.Author).ToList(),
            AuthorPersonIds = authors.Select(a => a.PersonId).ToList(),
            Categories = children.Categories(row.id),
            Comments = row.comments,
            CommentFacts = new CommentFacts(
                (int?)row.pages, (int?)row.figures, (int?)row.tables, row.venue,
                row.publication_status is null ? null : Enum.Parse<PublicationStatus>(row.publication_status)),
            JournalRef = row.journal_ref,
            Doi = row.doi,
            ReportNo = row.report_no,
            License = row.license,
            Submitter = row.submitter,
            MscClass = row.msc_class,
            AcmClass = row.acm_class,
            Versions = children.Versions(row.id),
            ListedOn = children.Listings(row.id),
            LatestVersion = (int?)row.latest_version,
            FirstAppeared = row.first_appeared is null
                ? new DateOnly((int)row.year, 1, 1)
                : DateOnly.ParseExact(row.first_appeared, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            CodeUrl = row.code_url,
            OtherIds = children.OtherIds(row.id),
            Community = row.community_day is null ? null : new CommunitySignals(
                ToDay(row.community_day), (int)(row.upvotes ?? 0), (int)(row.community_comments ?? 0),
                row.community_submitted_by, row.organisation),
            CitedByCount = row.cited_by_count is { } count
                ? new CitationCount((int)count, row.cited_by_count_day is null ? null : ToDay(row.cited_by_count_day),
                    row.cited_by_count_source ?? "unknown")
                : null,
            DeletedAtSource = children.Deletion(row.id),
            Sources = sources,
            FieldSources = StoredSources.DeserializeFields(row.field_sources, sources),
            Scores = children.Scores(row.id),
        };
    }

    /// <summary>The papers table as Dapper reads it (column names as in the schema).</summary>
#pragma warning disable IDE1006, CA1812 // names mirror the columns; instantiated by Dapper
    private sealed record PaperRow(
        string id, string title, string? @abstract, string? primary_category, string? comments, long? pages,
        long? figures, long? tables, string? venue, string? publication_status, string? journal_ref, string? doi,
        string? report_no, string? license, string? submitter, string? msc_class, string? acm_class,
        long? latest_version, long year, string sources, string field_sources, string? first_appeared, string? code_url,
        long? upvotes, long? community_comments, string? community_day, string? community_submitted_by, string? organisation,
        long? cited_by_count, string? cited_by_count_day, string? cited_by_count_source);
#pragma warning restore IDE1006, CA1812

    /// <summary>
    /// An author entry's name, affiliation and stored person (the link counts only while the entry reads as it did
    /// when linked), from <c>paper_authors a</c>.
    /// </summary>
    private const string AuthorColumns =
        "a.name, a.affiliation, l.person_id FROM paper_authors a " +
        "LEFT JOIN person_links l ON l.paper_id = a.paper_id AND l.position = a.position AND l.name = a.name";

    /// <summary>A paper's child rows: authors, categories, versions, listing days, each in order.</summary>
    private interface IChildRows
    {
        /// <summary>The authors in order, each with the person id stored for the entry as it reads now.</summary>
        List<(AuthorName Author, string? PersonId)> Authors(string id);

        List<string> Categories(string id);

        List<PaperVersion> Versions(string id);

        List<DateOnly> Listings(string id);

        List<PaperId> OtherIds(string id);

        PaperScores? Scores(string id);

        SourceDeletion? Deletion(string id);
    }

    private static SourceDeletion? ToDeletion((string Day, string Source)? row) =>
        row is { } d ? new SourceDeletion(d.Day.Length == 0 ? null : ToDay(d.Day), d.Source) : null;

    /// <summary>Asks the store for one paper's child rows at a time (for streaming every paper).</summary>
    private sealed class ChildQueries(SqliteConnection connection) : IChildRows
    {
        public List<(AuthorName Author, string? PersonId)> Authors(string id) => connection.Query<(string Name, string? Affiliation, string? PersonId)>(
                $"SELECT {AuthorColumns} WHERE a.paper_id = @id ORDER BY a.position", new { id })
            .Select(a => (new AuthorName(a.Name, a.Affiliation), a.PersonId)).ToList();

        public List<string> Categories(string id) => connection.Query<string>(
            "SELECT category FROM paper_categories WHERE paper_id = @id ORDER BY position", new { id }).ToList();

        public List<PaperVersion> Versions(string id) => connection.Query<(long Version, string Submitted, string? Size)>(
                "SELECT version, submitted, size FROM paper_versions WHERE paper_id = @id ORDER BY version", new { id })
            .Select(v => ToVersion(v.Version, v.Submitted, v.Size))
            .ToList();

        public List<DateOnly> Listings(string id) => connection.Query<string>(
                "SELECT day FROM paper_listings WHERE paper_id = @id ORDER BY day", new { id })
            .Select(ToDay).ToList();

        public List<PaperId> OtherIds(string id) => connection.Query<string>(
                "SELECT alias FROM paper_aliases WHERE paper_id = @id ORDER BY alias", new { id })
            .Select(PaperId.Parse).ToList();

        public PaperScores? Scores(string id) => ToScores(
            connection.QuerySingleOrDefault<NoveltyRow>("SELECT * FROM paper_novelty WHERE paper_id = @id", new { id }),
            connection.QuerySingleOrDefault<ImpactRow>("SELECT * FROM paper_impact WHERE paper_id = @id", new { id }));

        public SourceDeletion? Deletion(string id) => ToDeletion(connection.QuerySingleOrDefault<(string, string)?>(
            "SELECT deleted_at, source FROM paper_deletions WHERE paper_id = @id", new { id }));
    }

    /// <summary>The child rows of a known set of papers, read with one query per table.</summary>
    private sealed class PrefetchedChildren : IChildRows
    {
        private readonly ILookup<string, (AuthorName, string?)> _authors;
        private readonly ILookup<string, string> _categories;
        private readonly ILookup<string, PaperVersion> _versions;
        private readonly ILookup<string, DateOnly> _listings;
        private readonly ILookup<string, PaperId> _otherIds;
        private readonly Dictionary<string, NoveltyRow> _novelty;
        private readonly Dictionary<string, ImpactRow> _impact;
        private readonly Dictionary<string, (string, string)> _deletions;

        public PrefetchedChildren(SqliteConnection connection, IReadOnlyList<string> ids)
        {
            _authors = connection.Query<(string Id, string Name, string? Affiliation, string? PersonId)>(
                    $"SELECT a.paper_id, {AuthorColumns} WHERE a.paper_id IN @ids ORDER BY a.paper_id, a.position", new { ids })
                .ToLookup(a => a.Id, a => (new AuthorName(a.Name, a.Affiliation), a.PersonId), StringComparer.Ordinal);
            _categories = connection.Query<(string Id, string Category)>(
                    "SELECT paper_id, category FROM paper_categories WHERE paper_id IN @ids ORDER BY paper_id, position", new { ids })
                .ToLookup(c => c.Id, c => c.Category, StringComparer.Ordinal);
            _versions = connection.Query<(string Id, long Version, string Submitted, string? Size)>(
                    "SELECT paper_id, version, submitted, size FROM paper_versions WHERE paper_id IN @ids ORDER BY paper_id, version", new { ids })
                .ToLookup(v => v.Id, v => ToVersion(v.Version, v.Submitted, v.Size), StringComparer.Ordinal);
            _listings = connection.Query<(string Id, string Day)>(
                    "SELECT paper_id, day FROM paper_listings WHERE paper_id IN @ids ORDER BY paper_id, day", new { ids })
                .ToLookup(l => l.Id, l => ToDay(l.Day), StringComparer.Ordinal);
            _otherIds = connection.Query<(string Id, string Alias)>(
                    "SELECT paper_id, alias FROM paper_aliases WHERE paper_id IN @ids ORDER BY paper_id, alias", new { ids })
                .ToLookup(a => a.Id, a => PaperId.Parse(a.Alias), StringComparer.Ordinal);
            _novelty = connection.Query<NoveltyRow>("SELECT * FROM paper_novelty WHERE paper_id IN @ids", new { ids })
                .ToDictionary(n => n.paper_id, StringComparer.Ordinal);
            _impact = connection.Query<ImpactRow>("SELECT * FROM paper_impact WHERE paper_id IN @ids", new { ids })
                .ToDictionary(i => i.paper_id, StringComparer.Ordinal);
            _deletions = connection.Query<(string Id, string Day, string Source)>(
                    "SELECT paper_id, deleted_at, source FROM paper_deletions WHERE paper_id IN @ids", new { ids })
                .ToDictionary(d => d.Id, d => (d.Day, d.Source), StringComparer.Ordinal);
        }

        public List<(AuthorName Author, string? PersonId)> Authors(string id) => [.. _authors[id]];

        public List<string> Categories(string id) => [.. _categories[id]];

        public List<PaperVersion> Versions(string id) => [.. _versions[id]];

        public List<DateOnly> Listings(string id) => [.. _listings[id]];

        public List<PaperId> OtherIds(string id) => [.. _otherIds[id]];

        public PaperScores? Scores(string id) => ToScores(_novelty.GetValueOrDefault(id), _impact.GetValueOrDefault(id));

        public SourceDeletion? Deletion(string id) => _deletions.TryGetValue(id, out var d) ? ToDeletion(d) : null;
    }

    private static PaperVersion ToVersion(long version, string submitted, string? size) =>
        new((int)version, DateTimeOffset.Parse(submitted, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), size);

    private static DateOnly ToDay(string day) => DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>A trending paper with its <see cref="Trending.Score"/> and the citations that went into it.</summary>
public sealed record TrendingPaper(Paper Paper, double Score, int Citations);

/// <summary>A listing day (null when nothing is listed on it) with its neighbours and the latest day.</summary>
public sealed record ListingDays(DateOnly? Day, DateOnly? Previous, DateOnly? Next, DateOnly? Latest);

public sealed record SourceCount(string Format, long Files, long Records, long Papers);

public sealed record CategoryCount(string Category, long AsPrimary, long All);

public sealed record YearCount(int Year, long Papers);

public sealed record StoreStats(
    long Papers,
    long SourceRecords,
    long WithAbstract,
    long Authorships,
    long ListingDays,
    string? FirstListingDay,
    string? LastListingDay,
    IReadOnlyList<SourceCount> BySource,
    IReadOnlyList<CategoryCount> ByCategory,
    IReadOnlyList<YearCount> ByYear);
