using PaperRadar.Core.Model;
using PaperRadar.Storage;

namespace PaperRadar.Web.Pages;

/// <summary>The papers listed on one day, all or one category (arXiv's /list/cs.CL/new), with the days around it.</summary>
internal static class DailyPage
{
    public const int PageSize = 50;

    public static Html Render(ListingDays days, DateOnly? askedDay, string? category, IReadOnlyList<Paper> papers, long total, int page,
        bool digests = false)
    {
        var scope = category ?? "all categories";
        var basePath = category is null ? "/day" : $"/list/{category}";
        if (days.Latest is null)
        {
            return Layout.Page("Daily", Html.Of($"""<h1>No papers listed in {scope}</h1><p class="note">The store has no listings{(category is null ? "" : " for this category")} yet. Import some: <code>paperradar import PATH</code>.</p>"""));
        }
        var day = days.Day ?? askedDay ?? days.Latest.Value;
        var title = $"Papers listed on {PaperCard.Day(day)} · {scope}";
        var pager = Html.Of($"""
            <nav class="pager" aria-label="Days">
            <span>{(days.Previous is { } previous ? Html.Of($"""<a rel="prev" href="{basePath}/{PaperCard.Day(previous)}">← {PaperCard.Day(previous)}</a>""") : Html.Empty)}</span>
            <span>{(days.Next is { } next ? Html.Of($"""<a rel="next" href="{basePath}/{PaperCard.Day(next)}">{PaperCard.Day(next)} →</a>""") : Html.Empty)}</span>
            </nav>
            """);
        var body = days.Day is null
            ? Html.Of($"""<p class="note">Nothing was listed in {scope} on {PaperCard.Day(day)}. The latest day is <a href="{basePath}/{PaperCard.Day(days.Latest.Value)}">{PaperCard.Day(days.Latest.Value)}</a>.</p>""")
            : Html.Join(papers.Select(p => PaperCard.Render(p)));
        var pages = (int)Math.Ceiling(total / (double)PageSize);
        var more = pages > 1
            ? Html.Of($"""<nav class="pager" aria-label="Pages"><span>{(page > 1 ? Html.Of($"""<a href="?page={page - 1}">Previous page</a>""") : Html.Empty)}</span><span>Page {page} of {pages}</span><span>{(page < pages ? Html.Of($"""<a href="?page={page + 1}">Next page</a>""") : Html.Empty)}</span></nav>""")
            : Html.Empty;
        var feed = category is null ? "/feeds/daily.xml" : $"/feeds/daily.xml?category={Uri.EscapeDataString(category)}";
        return Layout.Page(title, Html.Of($"""
            <h1>{title}</h1>
            <p class="muted">{total} papers: new submissions first, then cross-lists and replacements.</p>
            {Layout.Follow(feed, category is null ? null : Layout.DigestLink(digests, "category", category))}
            {pager}
            {body}
            {more}
            {pager}
            """), feedUrl: feed, feedTitle: $"PaperRadar: {scope}");
    }
}
