using PaperRadar.Search;
using PaperRadar.Storage.Search;

namespace PaperRadar.Web.Pages;

/// <summary>Search results with the mode switch, filters as controls, highlighted snippets and paging.</summary>
internal static class SearchPage
{
    public const int PageSize = 10;

    public static Html Render(string query, SearchMode mode, SearchResponse? response, IReadOnlyDictionary<string, Core.Model.Paper> papers, int page,
        bool digests = false)
    {
        var controls = Html.Of($"""
            <form class="filters" action="/search" method="get">
            <input type="search" name="q" value="{query}" aria-label="Query">
            <label>Mode <select name="mode">{Option("hybrid", "words + meaning", mode == SearchMode.Hybrid)}{Option("keyword", "words", mode == SearchMode.Keyword)}{Option("semantic", "meaning", mode == SearchMode.Semantic)}</select></label>
            <label>Category <input type="text" name="cat" size="8" placeholder="cs.CL"></label>
            <label>Since <input type="date" name="since"></label>
            <label><input type="checkbox" name="code" value="1"> has code</label>
            <button type="submit">Search</button>
            </form>
            """);
        if (response is null)
        {
            return Layout.Page("Search", Html.Of($"""<h1>Search</h1>{controls}{Syntax}"""), query);
        }
        var notes = Html.Join(response.Notes.Select(n => Html.Of($"""<p class="note">{n}</p>""")));
        var results = response.Results.Count == 0
            ? Html.Of($"""<p class="note">No papers match <strong>{query}</strong>.</p>{Syntax}""")
            : Html.Join(response.Results.Where(r => papers.ContainsKey(r.Id)).Select(r => PaperCard.Render(
                papers[r.Id],
                r.TitleHighlighted is { } title ? Html.Highlighted(title, KeywordIndex.MarkStart, KeywordIndex.MarkEnd) : null,
                r.Snippet is { } snippet ? Html.Highlighted(snippet, KeywordIndex.MarkStart, KeywordIndex.MarkEnd) : null,
                $"#{r.Rank} · found by {string.Join(" and ", r.FoundBy.Select(Describe))}")));
        var link = (int p) => $"/search?q={Uri.EscapeDataString(query)}&mode={mode.ToString().ToLowerInvariant()}&page={p}";
        var pager = Html.Of($"""
            <nav class="pager" aria-label="Pages">
            <span>{(page > 1 ? Html.Of($"""<a rel="prev" href="{link(page - 1)}">Previous page</a>""") : Html.Empty)}</span>
            <span>Page {page}</span>
            <span>{(response.Results.Count == PageSize ? Html.Of($"""<a rel="next" href="{link(page + 1)}">Next page</a>""") : Html.Empty)}</span>
            </nav>
            """);
        var feed = "/feeds/search?q=" + Uri.EscapeDataString(query);
        return Layout.Page($"{query} – search", Html.Of($"""
            <h1>Results for <q>{query}</q></h1>
            {controls}
            {notes}
            {results}
            {pager}
            <p class="muted"><a href="{feed}">RSS feed of this search</a> · <a href="/search.bib?q={Uri.EscapeDataString(query)}">BibTeX of these results</a>{Layout.InlineDigestLink(digests, "search", query, "Email me new results")}</p>
            """), query, feed, $"PaperRadar search: {query}");
    }

    private static string Describe(SearchMode mode) => mode switch
    {
        SearchMode.Keyword => "words",
        SearchMode.Semantic => "meaning",
        _ => "words and meaning",
    };

    private static Html Option(string value, string label, bool selected) =>
        Html.Of($"""<option value="{value}"{(selected ? Html.Of($" selected") : Html.Empty)}>{label}</option>""");

    private static readonly Html Syntax = Html.Of($"""
        <details><summary>Query syntax</summary>
        <ul>
        <li><code>diffusion tokenizer</code> — papers with both words (title counts most)</li>
        <li><code>"state space model"</code> — the phrase; <code>-survey</code> leaves out papers with the word; <code>token*</code> a prefix; <code>a OR b</code></li>
        <li><code>author:"Yang Liu"</code>, <code>author:Liu</code>, <code>cat:cs.CL</code>, <code>cat:cs.*</code>, <code>year:2025</code>, <code>year:2024-2025</code>, <code>since:2026-01-01</code>, <code>until:2026-03</code></li>
        <li><code>has:code</code>, <code>has:doi</code>, <code>has:journal</code>, <code>sort:date</code>, <code>title:word</code>, <code>abstract:word</code></li>
        </ul></details>
        """);
}
