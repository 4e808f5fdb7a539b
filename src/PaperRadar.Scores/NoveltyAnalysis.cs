using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PaperRadar.Core.Export;
using PaperRadar.Core.Model;
using PaperRadar.Storage;

namespace PaperRadar.Scores;

/// <summary>
/// Novelty (docs/scores.md): for each paper with a vector, its k nearest papers among those that appeared strictly
/// before it; distance = 1 - their mean cosine similarity; the percentile of that distance among the papers of its
/// peer group (its archive, e.g. cs.*, in its year; all papers of the year when that group is small). Rows whose
/// inputs did not change since the last analysis are kept; only the percentiles are taken again.
/// </summary>
internal static class NoveltyAnalysis
{
    public sealed record Result(IReadOnlyDictionary<string, StoredNovelty> Rows, long Computed, long Kept, long Removed);

    public static Result Run(PaperStore store, string embedder, IReadOnlyList<ScoringPaper> papers, (long[] Keys, float[] Values) vectors,
        int dimensions, AnalyzeOptions options, IProgress<AnalyzeProgress>? progress, CancellationToken cancellationToken)
    {
        // The papers with vectors, in time order (ScoringPapers is ordered by first appearance, then id).
        var rowOfKey = new Dictionary<long, int>(vectors.Keys.Length);
        for (var i = 0; i < vectors.Keys.Length; i++)
        {
            rowOfKey[vectors.Keys[i]] = i;
        }
        var ordered = papers.Where(p => p.TextHash is not null && rowOfKey.ContainsKey(p.Key)).ToList();
        var values = new float[ordered.Count * dimensions];
        for (var i = 0; i < ordered.Count; i++)
        {
            vectors.Values.AsSpan(rowOfKey[ordered[i].Key] * dimensions, dimensions).CopyTo(values.AsSpan(i * dimensions, dimensions));
        }

        // Earlier = appeared on a strictly earlier day; the identity of that set is its size and the XOR of its members.
        var earlierEnd = new int[ordered.Count];
        var fingerprintBefore = new long[ordered.Count];
        long running = 0;
        for (int i = 0, groupStart = 0; i < ordered.Count; i++)
        {
            if (i > 0 && ordered[i].Appeared != ordered[i - 1].Appeared)
            {
                for (var j = groupStart; j < i; j++)
                {
                    running ^= Identity(ordered[j]);
                }
                groupStart = i;
            }
            earlierEnd[i] = groupStart;
            fingerprintBefore[i] = running;
        }
        var maturedEnd = MaturedEnds(ordered, options.HorizonYears);

        var minimumEarlier = Math.Max(options.MinimumEarlierPapers, options.Neighbours);
        var historyStarts = ordered.Count > 0 ? ordered[0].Appeared : default;
        string? TooLittleHistory(int i)
        {
            if (earlierEnd[i] < minimumEarlier)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"only {earlierEnd[i]:N0} papers in the store appeared before this one; novelty needs at least {minimumEarlier:N0}");
            }
            var days = ordered[i].Appeared.DayNumber - historyStarts.DayNumber;
            return days < options.MinimumHistoryDays
                ? string.Create(CultureInfo.InvariantCulture,
                    $"the store's papers begin on {historyStarts:yyyy-MM-dd}, only {days} day{(days == 1 ? "" : "s")} before this one; novelty needs at least {options.MinimumHistoryDays} days of earlier papers")
                : null;
        }

        // Why each paper gets no novelty (null: it gets one); compared with the stored rows, then written into the new ones.
        var tooLittleHistory = Enumerable.Range(0, ordered.Count).Select(TooLittleHistory).ToArray();

        var stored = store.StoredNovelties();
        var stale = new List<int>();
        for (var i = 0; i < ordered.Count; i++)
        {
            if (!stored.TryGetValue(ordered[i].Id, out var row) || row.Embedder != embedder || !row.TextHash.AsSpan().SequenceEqual(ordered[i].TextHash)
                || row.EarlierPapers != earlierEnd[i] || row.EarlierFingerprint != fingerprintBefore[i]
                || row.Unscored != tooLittleHistory[i])
            {
                stale.Add(i);
            }
        }

        progress?.Report(new AnalyzeProgress("novelty: nearest earlier papers", 0, stale.Count));
        var found = NearestEarlier.Find(values, dimensions, stale, stale.Select(i => earlierEnd[i]).ToArray(),
            stale.Select(i => maturedEnd[i]).ToArray(), options.Neighbours,
            progress is null ? null : new Core.SynchronousProgress<int>(done => progress.Report(new AnalyzeProgress("novelty: nearest earlier papers", done, stale.Count))),
            cancellationToken);

        var rows = new Dictionary<string, StoredNovelty>(StringComparer.Ordinal);
        for (var s = 0; s < stale.Count; s++)
        {
            var i = stale[s];
            var (near, matured) = found[s];
            var unscored = tooLittleHistory[i];
            rows[ordered[i].Id] = new StoredNovelty(
                ordered[i].Id, embedder, ordered[i].TextHash!, earlierEnd[i], fingerprintBefore[i],
                unscored is null ? 1.0 - near.Similarities.Select(x => (double)x).Average() : null,
                null, null, Neighbours(ordered, near), Neighbours(ordered, matured), unscored);
        }
        long kept = 0;
        foreach (var paper in ordered)
        {
            if (!rows.ContainsKey(paper.Id))
            {
                rows[paper.Id] = stored[paper.Id];
                kept++;
            }
        }

        // Percentiles are relative to the peer group, which new papers join: taken again for every row.
        var scored = ordered.Where(p => rows[p.Id].Distance is not null).ToList();
        var ranked = Percentiles.InGroups(
            scored.Select(p => rows[p.Id].Distance!.Value).ToArray(),
            scored.Select(p => NoveltyPeerGroups(Field(p), p.Appeared.Year)).ToArray(), options.MinimumPeerGroup);
        for (var i = 0; i < scored.Count; i++)
        {
            rows[scored[i].Id] = rows[scored[i].Id] with { Percentile = Math.Round(ranked[i].Percentile, 1), PeerGroup = ranked[i].Group };
        }
        var removed = store.DeleteNoveltiesExcept(rows.Keys.ToHashSet(StringComparer.Ordinal));
        // Written: the rows computed now, and the kept ones whose percentile or peer group moved.
        var recomputed = stale.Select(i => ordered[i].Id).ToHashSet(StringComparer.Ordinal);
        store.WriteNovelties(ordered.Select(p => rows[p.Id]).Where(row => recomputed.Contains(row.PaperId)
            || stored[row.PaperId].Percentile != row.Percentile || stored[row.PaperId].PeerGroup != row.PeerGroup));
        return new Result(rows, stale.Count, kept, removed);
    }

    /// <summary>The field a paper is compared and scored in: its primary category, else the source it comes from.</summary>
    public static string Field(ScoringPaper paper) => paper.PrimaryCategory ?? PaperLinks.SourceName(PaperId.Parse(paper.Id));

    /// <summary>
    /// Novelty's peer groups: the archive in the year, then all papers of the year. Not the category: on arxiv-daily,
    /// ranking within categories lowered the benchmark's AUC from 0.638 to 0.623 (docs/scores.md) — a new idea is
    /// new across neighbouring categories, and small categories rank on too few papers.
    /// </summary>
    public static string[] NoveltyPeerGroups(string field, int appearedIn) =>
        PeerGroups(field, appearedIn) is var groups && groups.Length == 3 ? groups[1..] : groups;

    /// <summary>Impact's peer groups, narrowest first: the field in the year, the archive in the year, all papers of the year.</summary>
    public static string[] PeerGroups(string field, int appearedIn)
    {
        var year = appearedIn.ToString(CultureInfo.InvariantCulture);
        var archive = field.Split('.')[0];
        return archive == field
            ? [$"{field}, {year}", $"all papers, {year}"]
            : [$"{field}, {year}", $"{archive}.*, {year}", $"all papers, {year}"];
    }

    /// <summary>For each paper, the end of the prefix of papers at least <paramref name="years"/> older (outcome known).</summary>
    public static int[] MaturedEnds(IReadOnlyList<ScoringPaper> ordered, int years)
    {
        var ends = new int[ordered.Count];
        var end = 0;
        for (var i = 0; i < ordered.Count; i++)
        {
            while (end < i && ordered[end].Appeared.AddYears(years) <= ordered[i].Appeared)
            {
                end++;
            }
            ends[i] = end;
        }
        return ends;
    }

    private static List<ScoredNeighbour> Neighbours(IReadOnlyList<ScoringPaper> ordered, NearestEarlier.Neighbours found) =>
        found.Indices.Select((index, n) => new ScoredNeighbour(ordered[index].Id, Math.Round(found.Similarities[n], 4))).ToList();

    /// <summary>A paper's identity as an earlier paper: its id and the text its vector was made from.</summary>
    private static long Identity(ScoringPaper paper)
    {
        var id = Encoding.UTF8.GetBytes(paper.Id);
        var bytes = new byte[id.Length + paper.TextHash!.Length];
        id.CopyTo(bytes, 0);
        paper.TextHash.CopyTo(bytes, id.Length);
        return BinaryPrimitives.ReadInt64LittleEndian(SHA256.HashData(bytes));
    }
}
