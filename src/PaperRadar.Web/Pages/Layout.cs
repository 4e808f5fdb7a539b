namespace PaperRadar.Web.Pages;

/// <summary>The frame of every page: header with the search box, navigation, the content, and feed links.</summary>
internal static class Layout
{
    public static Html Page(string title, Html content, string query = "", string? feedUrl = null, string? feedTitle = null) => Html.Of($"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{title} · PaperRadar</title>
        <link rel="stylesheet" href="/static/site.css">
        <link rel="stylesheet" href="/static/katex/katex.min.css">
        <script defer src="/static/katex/katex.min.js"></script>
        <script defer src="/static/katex/auto-render.min.js"></script>
        <script defer src="/static/math.js"></script>
        {(feedUrl is null ? Html.Empty : Html.Of($"""<link rel="alternate" type="application/rss+xml" title="{feedTitle}" href="{feedUrl}">"""))}
        </head>
        <body>
        <header class="site">
        <a class="brand" href="/">PaperRadar</a>
        <nav aria-label="Main"><a href="/">Daily</a><a href="/trending">Trending</a><a href="/list/cs.CL">cs.CL</a><a href="/list/cs.LG">cs.LG</a><a href="/list/cs.CV">cs.CV</a></nav>
        <form action="/search" method="get" role="search">
        <label class="visually-hidden" for="q" hidden>Search papers</label>
        <input id="q" type="search" name="q" value="{query}" placeholder="Search: words, &quot;phrases&quot;, author:, cat:cs.CL, year:2025, has:code">
        <button type="submit">Search</button>
        </form>
        </header>
        <main>
        {content}
        </main>
        <footer class="site">PaperRadar · <a href="/api/v1/daily">JSON API</a> · <a href="/openapi/v1.json">OpenAPI</a>{(feedUrl is null ? Html.Empty : Html.Of($" · <a href=\"{feedUrl}\">RSS feed of this page</a>"))}</footer>
        </body>
        </html>
        """);

    /// <summary>
    /// The ways to follow a page: its RSS feed, and an email digest of the same papers when the site sends mail
    /// (<paramref name="digest"/> is the subscription form prefilled for this page; null on a site without mail).
    /// </summary>
    public static Html Follow(string? feed, string? digest)
    {
        var links = new List<Html>();
        if (feed is not null)
        {
            links.Add(Html.Of($"<a href=\"{feed}\">RSS feed</a>"));
        }
        if (digest is not null)
        {
            links.Add(Html.Of($"<a href=\"{digest}\">Email me these papers</a>"));
        }
        return links.Count == 0 ? Html.Empty : Html.Of($"<p class=\"muted follow\">{Html.Join(links, " · ")}</p>");
    }

    /// <summary>
    /// " · " and a link with <paramref name="text"/> to the subscription form prefilled to follow <paramref name="kind"/>
    /// <paramref name="target"/>, for a line of links; nothing when the site sends no mail.
    /// </summary>
    public static Html InlineDigestLink(bool digests, string kind, string target, string text) =>
        DigestLink(digests, kind, target) is { } link ? Html.Of($" · <a href=\"{link}\">{text}</a>") : Html.Empty;

    /// <summary>The subscription form prefilled to follow <paramref name="kind"/> <paramref name="target"/>, or null when the site sends no mail.</summary>
    public static string? DigestLink(bool digests, string kind, string target = "1") =>
        digests ? $"/subscribe?{kind}={Uri.EscapeDataString(target)}" : null;
}
