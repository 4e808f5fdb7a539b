using System.Globalization;
using PaperRadar.Core.Model;
using PaperRadar.Storage;

namespace PaperRadar.Web.Pages;

/// <summary>This week's papers ranked by <see cref="Trending.Score"/>, with the formula shown on the page.</summary>
internal static class TrendingPage
{
    public static Html Render(DateOnly? windowEnd, int days, string? category, IReadOnlyList<TrendingPaper> papers, bool digests = false)
    {
        var scope = category ?? "all categories";
        if (windowEnd is null)
        {
            return Layout.Page("Trending", Html.Of($"""<h1>Trending</h1><p class="note">The store has no papers yet.</p>"""));
        }
        var from = windowEnd.Value.AddDays(1 - days);
        var title = $"Trending · {PaperCard.Day(from)} to {PaperCard.Day(windowEnd.Value)} · {scope}";
        var cards = papers.Count == 0
            ? Html.Of($"""<p class="note">No papers appeared in {scope} in these {days} days.</p>""")
            : Html.Join(papers.Select(p => PaperCard.Render(p.Paper, note: $"trending score {p.Score.ToString("0.000", CultureInfo.InvariantCulture)}{(p.Citations > 0 ? $" · cited by {p.Citations}" : "")}")));
        return Layout.Page(title, Html.Of($"""
            <h1>{title}</h1>
            <details><summary>How papers are ranked</summary>
            <p>score = (1 + upvotes + {Trending.CitationWeight} × citations) / (age in days + 2)<sup>{Trending.Gravity}</sup>.
            Age counts from the later of the day a paper first appeared and the day Hugging Face featured it, to the last
            day of the window. Upvotes come from imported Hugging Face daily papers, citations from imported citation data
            (distinct citing papers); a paper with neither ranks by recency.</p>
            </details>
            {Layout.Follow(null, category is null ? Layout.DigestLink(digests, "trending") : null)}
            {cards}
            """));
    }
}
