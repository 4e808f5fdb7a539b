using System.Globalization;
using System.Text.Json;
using Dapper;
using PaperRadar.Core.Model;
using PaperRadar.Storage.Sqlite;

namespace PaperRadar.Storage;

/// <summary>What the scores are computed from, per paper: its dates and facts known when it appeared.</summary>
public sealed record ScoringPaper(
    long Key, string Id, DateOnly Appeared, string? PrimaryCategory, string? Venue, int? Pages, string? PublicationStatus,
    bool HasCode, int? Upvotes, int TitleLength, int AbstractLength, IReadOnlyList<string> Authors, byte[]? TextHash);

/// <summary>A stored novelty row: the inputs it was computed from and its result.</summary>
public sealed record StoredNovelty(
    string PaperId, string Embedder, byte[] TextHash, long EarlierPapers, long EarlierFingerprint, double? Distance,
    double? Percentile, string? PeerGroup, IReadOnlyList<ScoredNeighbour> Nearest, IReadOnlyList<ScoredNeighbour> NearestMatured,
    string? Unscored);

/// <summary>A stored impact row.</summary>
public sealed record StoredImpact(
    string PaperId, string Field, string? Outcome, double? Score, double? Expected, IReadOnlyList<ImpactFactor> Factors, string? Unscored);

public sealed partial class PaperStore
{
    private const char AuthorSeparator = '\u001f';

    /// <summary>
    /// Every paper with what the scores read of it, in (first appearance, id) order, with the hash of the text its
    /// <paramref name="embedder"/> vector was made from (null when it has none).
    /// </summary>
    public IReadOnlyList<ScoringPaper> ScoringPapers(string? embedder) => _connection.Query<ScoringRow>($"""
            SELECT p.rowid AS Key, p.id AS Id, coalesce(p.first_appeared, printf('%04d-01-01', p.year)) AS Appeared,
                p.primary_category AS PrimaryCategory, p.venue AS Venue, p.pages AS Pages,
                p.publication_status AS PublicationStatus, p.code_url IS NOT NULL AS HasCode, p.upvotes AS Upvotes,
                length(p.title) AS TitleLength, coalesce(length(p.abstract), 0) AS AbstractLength,
                (SELECT group_concat(a.name, char({(int)AuthorSeparator})) FROM (SELECT name FROM paper_authors WHERE paper_id = p.id ORDER BY position) a) AS Authors,
                v.text_hash AS TextHash
            FROM papers p LEFT JOIN paper_vectors v ON v.paper_rowid = p.rowid AND v.embedder = @embedder
            ORDER BY Appeared, p.id
            """, new { embedder })
        .Select(r => new ScoringPaper(r.Key, r.Id, DateOnly.ParseExact(r.Appeared, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            r.PrimaryCategory, r.Venue, (int?)r.Pages, r.PublicationStatus, r.HasCode != 0, (int?)r.Upvotes, (int)r.TitleLength,
            (int)r.AbstractLength, r.Authors?.Split(AuthorSeparator) ?? [], r.TextHash))
        .ToList();

    /// <summary>Every citation as distinct (citing, cited) pairs, both ends resolved to stored papers where possible.</summary>
    public IReadOnlyList<(string Citing, string Cited)> ResolvedCitationPairs() => _connection.Query<(string, string)>(
        "SELECT DISTINCT citing, cited FROM resolved_citations WHERE citing <> cited ORDER BY cited, citing").ToList();

    public IReadOnlyDictionary<string, StoredNovelty> StoredNovelties() => _connection.Query<NoveltyRow>("SELECT * FROM paper_novelty")
        .Select(ToStoredNovelty).ToDictionary(n => n.PaperId, StringComparer.Ordinal);

    private static readonly string[] NoveltyColumns =
    [
        "paper_id", "embedder", "text_hash", "earlier_papers", "earlier_fingerprint", "distance", "percentile", "peer_group",
        "nearest", "nearest_matured", "unscored",
    ];

    /// <summary>Writes novelty rows (insert or replace) in one transaction.</summary>
    public void WriteNovelties(IEnumerable<StoredNovelty> rows)
    {
        using var transaction = _connection.BeginTransaction();
        using (var insert = new RawStatement(_connection, "paper_novelty", NoveltyColumns,
                   "ON CONFLICT (paper_id) DO UPDATE SET " + string.Join(", ", NoveltyColumns.Skip(1).Select(c => $"{c} = excluded.{c}"))))
        {
            foreach (var row in rows)
            {
                insert.Insert(row.PaperId, row.Embedder, row.TextHash, row.EarlierPapers, row.EarlierFingerprint, row.Distance,
                    row.Percentile, row.PeerGroup, JsonSerializer.Serialize(row.Nearest), JsonSerializer.Serialize(row.NearestMatured), row.Unscored);
            }
        }
        transaction.Commit();
    }

    /// <summary>Drops novelty rows of papers that no longer have a vector of the current embedder.</summary>
    public int DeleteNoveltiesExcept(IReadOnlySet<string> keep)
    {
        var stale = _connection.Query<string>("SELECT paper_id FROM paper_novelty").Where(id => !keep.Contains(id)).ToList();
        foreach (var chunk in stale.Chunk(500))
        {
            _connection.Execute("DELETE FROM paper_novelty WHERE paper_id IN @chunk", new { chunk });
        }
        return stale.Count;
    }

    /// <summary>Replaces every impact row: the model is retrained from the store's outcomes on each analysis.</summary>
    public void ReplaceImpacts(IEnumerable<StoredImpact> rows)
    {
        using var transaction = _connection.BeginTransaction();
        _connection.Execute("DELETE FROM paper_impact", transaction: transaction);
        using (var insert = new RawStatement(_connection, "paper_impact", ["paper_id", "field", "outcome", "score", "expected", "factors", "unscored"]))
        {
            foreach (var row in rows)
            {
                insert.Insert(row.PaperId, row.Field, row.Outcome, row.Score, row.Expected, JsonSerializer.Serialize(row.Factors), row.Unscored);
            }
        }
        transaction.Commit();
    }

    public IReadOnlyDictionary<string, StoredImpact> StoredImpacts() => _connection.Query<ImpactRow>("SELECT * FROM paper_impact")
        .Select(ToStoredImpact).ToDictionary(i => i.PaperId, StringComparer.Ordinal);

    /// <summary>Forgets every score, so the next analysis computes all of them again.</summary>
    public void ClearScores() => _connection.Execute("DELETE FROM paper_novelty; DELETE FROM paper_impact;");

    private static StoredNovelty ToStoredNovelty(NoveltyRow r) => new(
        r.paper_id, r.embedder, r.text_hash, r.earlier_papers, r.earlier_fingerprint, r.distance, r.percentile, r.peer_group,
        JsonSerializer.Deserialize<List<ScoredNeighbour>>(r.nearest) ?? [],
        JsonSerializer.Deserialize<List<ScoredNeighbour>>(r.nearest_matured) ?? [], r.unscored);

    private static StoredImpact ToStoredImpact(ImpactRow r) => new(
        r.paper_id, r.field, r.outcome, r.score, r.expected, JsonSerializer.Deserialize<List<ImpactFactor>>(r.factors) ?? [], r.unscored);

    private static PaperScores? ToScores(NoveltyRow? novelty, ImpactRow? impact) => novelty is null && impact is null
        ? null
        : new PaperScores(
            novelty is null ? null : ToStoredNovelty(novelty) is var n
                ? new NoveltyScore(n.Percentile, n.Distance, n.PeerGroup, n.EarlierPapers, n.Nearest, n.Unscored)
                : null,
            impact is null ? null : ToStoredImpact(impact) is var i
                ? new ImpactScore(i.Score, i.Expected, i.Field, i.Outcome, i.Factors, i.Unscored)
                : null);

#pragma warning disable IDE1006, CA1812 // names mirror the columns; instantiated by Dapper
    private sealed record ScoringRow(
        long Key, string Id, string Appeared, string? PrimaryCategory, string? Venue, long? Pages, string? PublicationStatus,
        long HasCode, long? Upvotes, long TitleLength, long AbstractLength, string? Authors, byte[]? TextHash);

    private sealed record NoveltyRow(
        string paper_id, string embedder, byte[] text_hash, long earlier_papers, long earlier_fingerprint, double? distance,
        double? percentile, string? peer_group, string nearest, string nearest_matured, string? unscored);

    private sealed record ImpactRow(
        string paper_id, string field, string? outcome, double? score, double? expected, string factors, string? unscored);
#pragma warning restore IDE1006, CA1812
}
