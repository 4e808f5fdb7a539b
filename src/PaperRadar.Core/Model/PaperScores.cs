namespace PaperRadar.Core.Model;

/// <summary>
/// A paper's scores as <c>paperradar analyze</c> last computed them (docs/scores.md defines both), each with what
/// explains it. A score that could not be computed is null and says why in <c>Unscored</c>.
/// </summary>
public sealed record PaperScores(NoveltyScore? Novelty, ImpactScore? Impact);

/// <summary>
/// How far a paper stands from what the store holds from before it: <see cref="Distance"/> is one minus the mean
/// cosine similarity to its nearest earlier papers (<see cref="Nearest"/>), <see cref="Percentile"/> ranks that
/// distance among the papers of its <see cref="PeerGroup"/> (0-100, higher is more novel).
/// </summary>
public sealed record NoveltyScore(
    double? Percentile, double? Distance, string? PeerGroup, long EarlierPapers, IReadOnlyList<ScoredNeighbour> Nearest,
    string? Unscored);

/// <summary>An earlier paper and its cosine similarity to the scored one.</summary>
public sealed record ScoredNeighbour(string Id, double Similarity);

/// <summary>
/// The attention a paper is predicted to receive: <see cref="Expected"/> in the outcome's own unit (citations within
/// the horizon, or upvotes), <see cref="Score"/> its percentile among the predictions for the papers of the same field
/// and year (0-100), and the factors that moved the prediction most.
/// </summary>
public sealed record ImpactScore(
    double? Score, double? Expected, string Field, string? Outcome, IReadOnlyList<ImpactFactor> Factors, string? Unscored);

/// <summary>
/// One input of the impact model as it stood for this paper, and how much it moved the prediction (in the model's
/// log scale; positive raises it).
/// </summary>
public sealed record ImpactFactor(string Name, string Value, double Contribution);

/// <summary>
/// An author's scores summarised from their attributed papers (docs/scores.md): the median novelty percentile of the
/// papers that have one, the median impact score likewise, and how many papers each median is over. Null where none of
/// the papers has that score.
/// </summary>
public sealed record AuthorScores(double? Novelty, int NoveltyPapers, double? Impact, int ImpactPapers)
{
    public static AuthorScores Of(IEnumerable<Paper> papers)
    {
        var list = papers.ToList();
        var novelty = list.Select(p => p.Scores?.Novelty?.Percentile).OfType<double>().ToList();
        var impact = list.Select(p => p.Scores?.Impact?.Score).OfType<double>().ToList();
        return new AuthorScores(Median(novelty), novelty.Count, Median(impact), impact.Count);
    }

    private static double? Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
