namespace PaperRadar.Core.Authors;

/// <summary>
/// The citation metrics of a set of papers (one person's attributed papers), computed from their citation counts
/// alone, so that they always agree with the list they summarise: h ≤ papers, h² ≤ citations, i10 ≤ papers, and
/// citations is the sum of the papers' citations. (Seed 002's h-index 96 with 2,601 citations is impossible: h = 96
/// needs 96 papers with at least 96 citations each, 9,216 in all.)
/// </summary>
/// <param name="Papers">Papers counted.</param>
/// <param name="Citations">Citations received by them, summed.</param>
/// <param name="HIndex">The largest h such that h papers have at least h citations each.</param>
/// <param name="I10Index">Papers with at least 10 citations.</param>
public sealed record AuthorMetrics(int Papers, int Citations, int HIndex, int I10Index)
{
    public static AuthorMetrics Compute(IEnumerable<int> citationsPerPaper)
    {
        var counts = citationsPerPaper.Select(c => c < 0
                ? throw new ArgumentOutOfRangeException(nameof(citationsPerPaper), "a paper cannot have negative citations")
                : c)
            .OrderDescending()
            .ToList();
        var h = 0;
        while (h < counts.Count && counts[h] >= h + 1)
        {
            h++;
        }
        return new AuthorMetrics(counts.Count, counts.Sum(), h, counts.Count(c => c >= 10));
    }
}
