using System.Globalization;
using PaperRadar.Core.Model;

namespace PaperRadar.Web.Pages;

/// <summary>
/// A paper's novelty and impact as badges on its card (each opens the explanation on the paper page) and as the
/// paper page's "Scores" section: the nearest earlier papers behind the novelty, the factors behind the impact, or
/// why there is no score.
/// </summary>
internal static class ScoreViews
{
    public static Html Badges(Paper paper)
    {
        if (paper.Scores is not { } scores)
        {
            return Html.Empty;
        }
        var link = $"/paper/{paper.Id.Value}#scores";
        var novelty = scores.Novelty?.Percentile is { } percentile
            ? Html.Of($"""<a class="badge score" href="{link}" title="more distant from the papers before it than {Number(percentile)}% of {scores.Novelty.PeerGroup}; open for the nearest earlier papers">Novelty {Number(percentile)}%</a>""")
            : Html.Empty;
        var impact = scores.Impact switch
        {
            { Score: { } score } i => Html.Of($"""<a class="badge score" href="{link}" title="predicted {Expected(i)} {i.Outcome}; open for the factors">Impact {Number(score)}</a>"""),
            { Unscored: { } reason } => Html.Of($"""<a class="badge muted" href="{link}" title="{reason}">no impact score</a>"""),
            _ => Html.Empty,
        };
        return Html.Of($"{novelty}{impact}");
    }

    public static Html Section(Paper paper, IReadOnlyDictionary<string, Paper> knownPapers)
    {
        if (paper.Scores is not { } scores)
        {
            return Html.Of($"""<h2 id="scores">Scores</h2><p class="muted">Not analysed yet: <code>paperradar analyze</code> computes novelty and impact.</p>""");
        }
        var novelty = scores.Novelty switch
        {
            { Percentile: { } percentile } n => Html.Of($"""
                <h3>Novelty {Number(percentile)}%</h3>
                <p>Its distance from the {n.Nearest.Count} nearest papers that appeared before it is {n.Distance?.ToString("0.000", CultureInfo.InvariantCulture)}
                (one minus their mean cosine similarity), more than {Number(percentile)}% of {n.PeerGroup}. It was compared with the
                {n.EarlierPapers.ToString("N0", CultureInfo.InvariantCulture)} papers the store holds from before it.</p>
                <ol class="neighbours">{Html.Join(n.Nearest.Select(x => Html.Of($"""<li>{Neighbour(x, knownPapers)} <span class="muted">similarity {x.Similarity.ToString("0.000", CultureInfo.InvariantCulture)}</span></li>""")))}</ol>
                """),
            { Unscored: { } reason } => Html.Of($"""<h3>No novelty</h3><p class="muted">{Sentence(reason)}.</p>"""),
            _ => Html.Of($"""<h3>No novelty</h3><p class="muted">The paper has no vector yet.</p>"""),
        };
        var impact = scores.Impact switch
        {
            { Score: { } score } i => Html.Of($"""
                <h3>Impact {Number(score)}</h3>
                <p>Predicted {Expected(i)} {i.Outcome} from what was known when it appeared; the score ranks that prediction among the
                {i.Field} papers of {paper.Year}. The factors that moved the prediction most:</p>
                <table class="factors"><thead><tr><th>factor</th><th>value</th><th>effect</th></tr></thead><tbody>
                {Html.Join(i.Factors.Select(f => Html.Of($"<tr><td>{f.Name}</td><td>{f.Value}</td><td>{(f.Contribution >= 0 ? "raises" : "lowers")} {Math.Abs(f.Contribution).ToString("0.000", CultureInfo.InvariantCulture)}</td></tr>")))}
                </tbody></table>
                """),
            { Unscored: { } reason } => Html.Of($"""<h3>No impact score</h3><p class="muted">{Sentence(reason)}. PaperRadar shows no impact score rather than a made-up one.</p>"""),
            _ => Html.Empty,
        };
        return Html.Of($"""<h2 id="scores">Scores</h2>{novelty}{impact}""");
    }

    private static Html Neighbour(ScoredNeighbour neighbour, IReadOnlyDictionary<string, Paper> knownPapers) =>
        knownPapers.TryGetValue(neighbour.Id, out var known)
            ? Html.Of($"""<a href="/paper/{known.Id.Value}" class="math">{known.Title}</a> <span class="muted">{PaperCard.Day(known.FirstAppeared)}</span>""")
            : Html.Of($"""<span class="muted">{neighbour.Id}</span>""");

    private static string Sentence(string reason) => reason.Length == 0 ? reason : char.ToUpperInvariant(reason[0]) + reason[1..];

    private static string Number(double value) => value.ToString("0", CultureInfo.InvariantCulture);

    private static string Expected(ImpactScore impact) => impact.Expected?.ToString("0.0", CultureInfo.InvariantCulture) ?? "?";
}
