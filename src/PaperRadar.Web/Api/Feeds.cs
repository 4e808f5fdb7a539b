using System.Globalization;
using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PaperRadar.Core.Model;

namespace PaperRadar.Web.Api;

/// <summary>RSS 2.0 feeds: a day's listing (all or one category) and a saved search (newest matches first).</summary>
internal static class Feeds
{
    private const int FeedSize = 50;

    public static void MapFeeds(this WebApplication app)
    {
        var feeds = app.MapGroup("/feeds").RequireRateLimiting(PaperRadarWeb.LimitedPolicy).CacheOutput().WithTags("Feeds");
        feeds.MapGet("/daily.xml", Daily).WithName("DailyFeed").WithSummary("RSS feed of the latest day's listing, all or one category")
            .Produces(200, contentType: "application/rss+xml").ProducesProblem(400);
        feeds.MapGet("/subscription", Subscription).WithName("SubscriptionFeed")
            .WithSummary("RSS feed of a subscription: the papers of its digests, newest first (the token is in every digest mail)")
            .Produces(200, contentType: "application/rss+xml").ProducesProblem(404).ProducesProblem(410);
        feeds.MapGet("/search", Search).WithName("SearchFeed").WithSummary("RSS feed of a saved search, newest papers first")
            .Produces(200, contentType: "application/rss+xml").ProducesProblem(400);
    }

    private static IResult Daily(HttpContext context, SiteStore site, string? category)
    {
        if (!Requests.TryCategory(category, out var categoryName, out var error))
        {
            return Results.Problem(statusCode: 400, detail: error);
        }
        var (day, papers) = site.Read((store, _) =>
        {
            var days = store.ListingDaysAround(null, categoryName);
            return (days.Day, days.Day is { } latest ? store.PapersListedOn(latest, categoryName, FeedSize) : []);
        });
        var scope = categoryName ?? "all categories";
        return Rss(context, $"PaperRadar: {scope}", categoryName is null ? "/" : $"/list/{categoryName}",
            day is null ? $"No papers listed in {scope} yet" : $"Papers listed on {day.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} in {scope}", papers);
    }

    /// <summary>
    /// A subscription's digests as RSS: the same papers the mails carried. Its address is signed (the feed token in
    /// every digest); a cancelled subscription's feed is gone.
    /// </summary>
    private static IResult Subscription(HttpContext context, SiteStore site, string? token)
    {
        var mail = context.RequestServices.GetRequiredService<Digests.SubscriptionSettings>().Mail ?? Digests.SubscriptionPages.OfflineMail;
        var found = token is null ? null : site.Read((store, _) =>
            new PaperRadar.Digests.Subscriptions(store, mail).SubscriptionOfFeedToken(token) is { } id && store.GetSubscription(id) is { } subscription
                ? (subscription, store.GetPapers(store.DigestedPaperIds(id, FeedSize)))
                : ((PaperRadar.Storage.Subscription, IReadOnlyList<Paper>)?)null);
        if (found is not { } feed)
        {
            return Results.Problem(statusCode: 404, detail: "this is not a subscription feed of this site: copy the feed address from a digest mail");
        }
        if (!feed.Item1.IsActive)
        {
            return Results.Problem(statusCode: 410, detail: "this subscription was cancelled or never confirmed, so its feed is gone");
        }
        var what = PaperRadar.Digests.SubscriptionTargets.Describe(feed.Item1);
        return Rss(context, $"PaperRadar: {what}", "/", $"The papers of the {feed.Item1.Frequency.ToString().ToLowerInvariant()} digests of {what}", feed.Item2);
    }

    private static IResult Search(HttpContext context, SiteStore site, string? q)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return Results.Problem(statusCode: 400, detail: "q is missing: give the saved search, e.g. /feeds/search?q=cat:cs.CL+diffusion");
        }
        var query = q.Contains("sort:", StringComparison.OrdinalIgnoreCase) ? q : q + " sort:date";
        var papers = site.Read((store, engine) =>
            store.GetPapers(engine.Search(query, PaperRadar.Search.SearchMode.Keyword, FeedSize).Results.Select(r => r.Id)));
        return Rss(context, $"PaperRadar search: {q}", "/search?q=" + Uri.EscapeDataString(q), $"Newest papers matching {q}", papers);
    }

    private static IResult Rss(HttpContext context, string title, string path, string description, IReadOnlyList<Paper> papers)
    {
        var site = $"{context.Request.Scheme}://{context.Request.Host}";
        var output = new StringBuilder();
        using (var xml = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false }))
        {
            xml.WriteStartElement("rss");
            xml.WriteAttributeString("version", "2.0");
            xml.WriteAttributeString("xmlns", "dc", null, "http://purl.org/dc/elements/1.1/");
            xml.WriteStartElement("channel");
            xml.WriteElementString("title", title);
            xml.WriteElementString("link", site + path);
            xml.WriteElementString("description", description);
            foreach (var paper in papers)
            {
                var link = $"{site}/paper/{paper.Id.Value}";
                xml.WriteStartElement("item");
                xml.WriteElementString("title", paper.Title);
                xml.WriteElementString("link", link);
                xml.WriteStartElement("guid");
                xml.WriteAttributeString("isPermaLink", "true");
                xml.WriteString(link);
                xml.WriteEndElement();
                xml.WriteElementString("pubDate", paper.FirstAppeared.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).ToString("r", CultureInfo.InvariantCulture));
                if (paper.Abstract is { } text)
                {
                    xml.WriteElementString("description", text);
                }
                foreach (var category in paper.Categories)
                {
                    xml.WriteElementString("category", category);
                }
                foreach (var author in paper.Authors)
                {
                    xml.WriteElementString("dc", "creator", "http://purl.org/dc/elements/1.1/", author.Name);
                }
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        // StringBuilder output declares UTF-16; the response is UTF-8.
        var body = output.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
        return Results.Text(body, "application/rss+xml; charset=utf-8");
    }
}
