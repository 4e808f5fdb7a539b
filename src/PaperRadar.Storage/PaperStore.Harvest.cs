using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using PaperRadar.Core.Model;
using PaperRadar.Core.Readers;

namespace PaperRadar.Storage;

/// <summary>One OAI-PMH list a harvester keeps up to date: a repository's base URL, a set ("" for all) and a format.</summary>
public sealed record HarvestKey(string Endpoint, string Set, string MetadataPrefix);

/// <summary>
/// Where a harvest of one <see cref="HarvestKey"/> stands. <see cref="LastCompleteDatestamp"/> is the latest
/// datestamp of the last list harvested to its end: the next incremental harvest starts from that day (OAI-PMH's
/// <c>from</c> is inclusive, so nothing changed on that day is missed; what is read again is unchanged). While a list
/// is being paged through, the resumption token to ask for next and the list's own request are pending.
/// </summary>
public sealed record HarvestState(HarvestKey Key)
{
    public DateOnly? LastCompleteDatestamp { get; init; }

    /// <summary>The resumption token of the next page of the list in progress; null when no list is in progress.</summary>
    public string? PendingToken { get; init; }

    /// <summary>The <c>from</c> of the list in progress (yyyy-MM-dd), null when it has none.</summary>
    public string? PendingFrom { get; init; }

    /// <summary>The <c>until</c> of the list in progress (yyyy-MM-dd), null when it has none.</summary>
    public string? PendingUntil { get; init; }

    /// <summary>The latest datestamp among the pages of the list in progress stored so far.</summary>
    public DateOnly? PendingLatestDatestamp { get; init; }

    /// <summary>Records stored from the pages of the list in progress.</summary>
    public long PendingRecords { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }
}

public sealed partial class PaperStore
{
    public HarvestState GetHarvestState(HarvestKey key)
    {
        var row = _connection.QuerySingleOrDefault<HarvestStateRow>("""
            SELECT last_complete_datestamp AS LastComplete, pending_token AS PendingToken, pending_from AS PendingFrom,
                   pending_until AS PendingUntil, pending_latest_datestamp AS PendingLatest,
                   pending_records AS PendingRecords, updated_at AS UpdatedAt
            FROM harvest_state WHERE endpoint = @Endpoint AND set_spec = @Set AND metadata_prefix = @MetadataPrefix
            """, key);
        return row is null
            ? new HarvestState(key)
            : new HarvestState(key)
            {
                LastCompleteDatestamp = ParseStateDay(row.LastComplete),
                PendingToken = row.PendingToken,
                PendingFrom = row.PendingFrom,
                PendingUntil = row.PendingUntil,
                PendingLatestDatestamp = ParseStateDay(row.PendingLatest),
                PendingRecords = row.PendingRecords,
                UpdatedAt = DateTimeOffset.Parse(row.UpdatedAt, CultureInfo.InvariantCulture),
            };
    }

    /// <summary>Every harvest state the store holds, for reports.</summary>
    public IReadOnlyList<HarvestState> AllHarvestStates() =>
        _connection.Query<HarvestKey>(
                "SELECT endpoint AS Endpoint, set_spec AS \"Set\", metadata_prefix AS MetadataPrefix FROM harvest_state ORDER BY 1, 2, 3")
            .Select(GetHarvestState).ToList();

    /// <summary>
    /// Stores a harvested page and the harvest's state after it in one transaction: a crash leaves either the page
    /// and its state, or neither (and the page is asked for again). <paramref name="deleted"/>: the papers the page
    /// says its source deleted (marked, see <see cref="SourceDeletion"/>); <paramref name="present"/>: papers the page
    /// holds again with metadata, whose earlier deletion is lifted (a repository that reinstated a record).
    /// </summary>
    public IReadOnlyList<RecordOutcome> WriteHarvestPage(IReadOnlyList<PreparedRecord> batch, HarvestState stateAfter,
        IReadOnlyList<(PaperId Id, SourceDeletion Deletion)>? deleted = null, IReadOnlyList<PaperId>? present = null) =>
        WriteRecords(batch, transaction =>
        {
            MarkDeletions(transaction, (present ?? []).Select(id => (id, (SourceDeletion?)null))
                .Concat((deleted ?? []).Select(d => (d.Id, (SourceDeletion?)d.Deletion))));
            SaveHarvestState(stateAfter, transaction);
        });

    /// <summary>
    /// Stores a batch of records and, in the same transaction, what the batch's files say about deletions, in their
    /// order: a deletion marks its paper deleted at its source (see <see cref="WriteHarvestPage"/>), a null one (a
    /// record of the paper with metadata in an OAI-PMH response) lifts the mark; the last word about a paper stands.
    /// </summary>
    public IReadOnlyList<RecordOutcome> WriteRecords(IReadOnlyList<PreparedRecord> batch,
        IReadOnlyList<(PaperId Id, SourceDeletion? Deletion)> deletions) =>
        WriteRecords(batch, deletions.Count == 0 ? null : transaction => MarkDeletions(transaction, deletions));

    private void MarkDeletions(SqliteTransaction transaction, IEnumerable<(PaperId Id, SourceDeletion? Deletion)> marks)
    {
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        foreach (var (id, deletion) in marks)
        {
            if (deletion is null)
            {
                _connection.Execute("DELETE FROM paper_deletions WHERE paper_id = @id", new { id = id.Value }, transaction);
                continue;
            }
            _connection.Execute("""
                INSERT INTO paper_deletions (paper_id, deleted_at, source, recorded_at) VALUES (@id, @day, @source, @now)
                ON CONFLICT (paper_id) DO UPDATE SET deleted_at = excluded.deleted_at, source = excluded.source,
                    recorded_at = excluded.recorded_at
                """, new { id = id.Value, day = FormatStateDay(deletion.Day) ?? "", source = deletion.Source, now }, transaction);
        }
    }

    /// <summary>How many stored papers their source deleted.</summary>
    public long CountDeletedPapers() => _connection.ExecuteScalar<long>(
        "SELECT count(*) FROM paper_deletions d WHERE EXISTS (SELECT 1 FROM papers p WHERE p.id = d.paper_id)");

    /// <summary>Stores a page of records that belongs to no resumable list (an API answer), atomically.</summary>
    public IReadOnlyList<RecordOutcome> WritePage(IReadOnlyList<PreparedRecord> batch) => WriteRecords(batch, alongside: null);

    public void SaveHarvestState(HarvestState state) => SaveHarvestState(state, null);

    private void SaveHarvestState(HarvestState state, SqliteTransaction? transaction) => _connection.Execute("""
        INSERT INTO harvest_state (endpoint, set_spec, metadata_prefix, last_complete_datestamp, pending_token,
            pending_from, pending_until, pending_latest_datestamp, pending_records, updated_at)
        VALUES (@Endpoint, @Set, @MetadataPrefix, @LastComplete, @PendingToken, @PendingFrom, @PendingUntil,
            @PendingLatest, @PendingRecords, @UpdatedAt)
        ON CONFLICT (endpoint, set_spec, metadata_prefix) DO UPDATE SET
            last_complete_datestamp = excluded.last_complete_datestamp, pending_token = excluded.pending_token,
            pending_from = excluded.pending_from, pending_until = excluded.pending_until,
            pending_latest_datestamp = excluded.pending_latest_datestamp, pending_records = excluded.pending_records,
            updated_at = excluded.updated_at
        """, new
    {
        state.Key.Endpoint,
        state.Key.Set,
        state.Key.MetadataPrefix,
        LastComplete = FormatStateDay(state.LastCompleteDatestamp),
        state.PendingToken,
        state.PendingFrom,
        state.PendingUntil,
        PendingLatest = FormatStateDay(state.PendingLatestDatestamp),
        state.PendingRecords,
        UpdatedAt = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
    }, transaction);

    private static string? FormatStateDay(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? ParseStateDay(string? text) =>
        text is null ? null : DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed record HarvestStateRow(string? LastComplete, string? PendingToken, string? PendingFrom,
        string? PendingUntil, string? PendingLatest, long PendingRecords, string UpdatedAt);
}

/// <summary>A stored paper with the ids another source may know it by: its DOI field and its OpenAlex id, if any.</summary>
public sealed record PaperLookupIds(PaperId Id, string? Doi, string? OpenAlexId);

public sealed partial class PaperStore
{
    /// <summary>The stored papers that first appeared between the two days (inclusive), oldest first, with their other ids.</summary>
    public IReadOnlyList<PaperLookupIds> PapersAppearedBetween(DateOnly from, DateOnly until) =>
        _connection.Query<(string Id, string? Doi, string? OpenAlex)>("""
                SELECT p.id, p.doi,
                    (SELECT min(a.alias) FROM paper_aliases a WHERE a.paper_id = p.id AND a.alias LIKE 'openalex:%')
                FROM papers p WHERE p.first_appeared BETWEEN @from AND @until ORDER BY p.first_appeared, p.id
                """, new { from = FormatStateDay(from), until = FormatStateDay(until) })
            .Select(r => new PaperLookupIds(PaperId.Parse(r.Id), r.Doi, r.OpenAlex)).ToList();

    /// <summary>The paper with this id, or the one stored paper another id of it names; null when none or several.</summary>
    public PaperLookupIds? FindPaperByAnyId(PaperId id)
    {
        var stored = _connection.Query<string>("""
            SELECT id FROM papers WHERE id = @id
            UNION SELECT paper_id FROM paper_aliases WHERE alias = @id
            """, new { id = id.Value }).ToList();
        if (stored.Count != 1)
        {
            return null;
        }
        return _connection.Query<(string Id, string? Doi, string? OpenAlex)>("""
                SELECT p.id, p.doi,
                    (SELECT min(a.alias) FROM paper_aliases a WHERE a.paper_id = p.id AND a.alias LIKE 'openalex:%')
                FROM papers p WHERE p.id = @id
                """, new { id = stored[0] })
            .Select(r => new PaperLookupIds(PaperId.Parse(r.Id), r.Doi, r.OpenAlex)).Single();
    }
}

public sealed partial class PaperStore
{
    /// <summary>
    /// Stores a page of OpenAlex works like <see cref="WritePage"/> and, in the same transaction, when each was fetched
    /// (keyed by the record's source, the URL that returns the work alone), so counts can be refreshed oldest first.
    /// </summary>
    public IReadOnlyList<RecordOutcome> WriteOpenAlexPage(IReadOnlyList<PreparedRecord> batch, DateTimeOffset fetchedAt) =>
        WriteRecords(batch, transaction =>
        {
            var at = fetchedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            foreach (var file in batch.Select(p => p.Record.Source.File).Distinct(StringComparer.Ordinal))
            {
                _connection.Execute("""
                    INSERT INTO openalex_fetches (source_file, fetched_at) VALUES (@file, @at)
                    ON CONFLICT (source_file) DO UPDATE SET fetched_at = excluded.fetched_at
                    """, new { file, at }, transaction);
            }
        });

    /// <summary>The ids a stored source record (keyed by its file, e.g. an OpenAlex work's URL) cites, as it states them.</summary>
    public IReadOnlySet<string> CitationsStatedBy(string sourceFile) => _connection.Query<string>(
        "SELECT cited FROM citations WHERE source_file = @sourceFile", new { sourceFile }).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The stored papers with a citation count from OpenAlex whose latest OpenAlex fetch is older than
    /// <paramref name="fetchedBefore"/>, the longest unrefreshed first (a count stored before fetch times were kept
    /// comes first of all), at most <paramref name="limit"/>.
    /// </summary>
    public IReadOnlyList<PaperLookupIds> PapersWithStaleOpenAlexCounts(DateTimeOffset fetchedBefore, int limit) =>
        _connection.Query<(string Id, string? Doi, string? OpenAlex)>("""
                SELECT p.id, p.doi,
                    (SELECT min(a.alias) FROM paper_aliases a WHERE a.paper_id = p.id AND a.alias LIKE 'openalex:%')
                FROM papers p
                JOIN (SELECT s.paper_id, max(coalesce(f.fetched_at, '')) AS latest
                      FROM source_records s LEFT JOIN openalex_fetches f ON f.source_file = s.source_file
                      WHERE s.format = @format GROUP BY s.paper_id) w ON w.paper_id = p.id
                WHERE p.cited_by_count IS NOT NULL AND w.latest < @cutoff
                ORDER BY w.latest, p.id LIMIT @limit
                """, new
        {
            format = OpenAlexWorksReader.FormatName,
            cutoff = fetchedBefore.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            limit,
        })
            .Select(r => new PaperLookupIds(PaperId.Parse(r.Id), r.Doi, r.OpenAlex)).ToList();
}
