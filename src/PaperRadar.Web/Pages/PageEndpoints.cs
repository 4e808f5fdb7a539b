using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PaperRadar.Core.Authors;
using PaperRadar.Core.Export;
using PaperRadar.Storage.Authors;
using PaperRadar.Web.Digests;

namespace PaperRadar.Web.Pages;

/// <summary>The HTML pages' routes. Bad parameters answer 400 with a page saying what was wrong, unknown papers 404.</summary>
internal static class PageEndpoints
{
    public static void MapPages(this WebApplication app)
    {
        var pages = app.MapGroup("").ExcludeFromDescription().CacheOutput();
        pages.MapGet("/", (SiteStore site, SubscriptionSettings mail, string? page) => Daily(site, mail, null, null, page));
        pages.MapGet("/day/{day}", (SiteStore site, SubscriptionSettings mail, string day, string? page) => Daily(site, mail, day, null, page));
        pages.MapGet("/list/{category}", (SiteStore site, SubscriptionSettings mail, string category, string? page) => Daily(site, mail, null, category, page));
        pages.MapGet("/list/{category}/{day}", (SiteStore site, SubscriptionSettings mail, string category, string day, string? page) => Daily(site, mail, day, category, page));
        pages.MapGet("/trending", Trending);
        pages.MapGet("/org/{name}", Organisation);
        pages.MapGet("/author", Author).RequireRateLimiting(PaperRadarWeb.LimitedPolicy);
        pages.MapGet("/search", Search).RequireRateLimiting(PaperRadarWeb.LimitedPolicy);
        pages.MapGet("/search.bib", SearchBibTex).RequireRateLimiting(PaperRadarWeb.LimitedPolicy);
        pages.MapGet("/paper/{**id}", Paper);
    }

    private static IResult Page(Html html, int status = StatusCodes.Status200OK) =>
        Results.Content(html.ToString(), "text/html; charset=utf-8", statusCode: status);

    private static IResult BadRequest(string detail) =>
        Page(ErrorPage.Render(400, "That request cannot be answered", detail), StatusCodes.Status400BadRequest);

    /// <summary>Whether pages offer email digests: only a site with a mail server can send them.</summary>
    private static bool Digests(SubscriptionSettings mail) => mail.Mail is not null;

    private static IResult Daily(SiteStore site, SubscriptionSettings mail, string? dayText, string? categoryText, string? pageText)
    {
        if (!Requests.TryDay(dayText, out var day, out var error)
            || !Requests.TryCategory(categoryText, out var category, out error)
            || !Requests.TryNumber(pageText, "page", 1, 10_000, 1, out var page, out error))
        {
            return BadRequest(error!);
        }
        return Page(site.Read((store, _) =>
        {
            var days = store.ListingDaysAround(day, category);
            if (days.Day is not { } shown)
            {
                return DailyPage.Render(days, day, category, [], 0, page, Digests(mail));
            }
            var papers = store.PapersListedOn(shown, category, DailyPage.PageSize, (page - 1) * DailyPage.PageSize);
            return DailyPage.Render(days, day, category, papers, store.CountListedOn(shown, category), page, Digests(mail));
        }));
    }

    internal const int TrendingSize = 50;

    private static IResult Trending(SiteStore site, SubscriptionSettings mail, string? days, string? category)
    {
        if (!Requests.TryNumber(days, "days", 1, 90, 7, out var window, out var error)
            || !Requests.TryCategory(category, out var categoryName, out error))
        {
            return BadRequest(error!);
        }
        return Page(site.Read((store, _) =>
        {
            var end = store.LatestActivityDay();
            return TrendingPage.Render(end, window, categoryName,
                end is { } last ? store.TrendingPapers(last, window, TrendingSize, categoryName) : [], Digests(mail));
        }));
    }

    private static IResult Author(SiteStore site, SubscriptionSettings mail, string? name, string? id)
    {
        if (id is not null)
        {
            return Person(site, id, Digests(mail));
        }
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            return BadRequest("give an author's name as ?name= or a person's id as ?id=, e.g. /author?name=Yang%20Liu (at most 200 characters)");
        }
        var people = site.Read((store, _) => AuthorProfiles.PeopleNamed(store, name));
        return Page(AuthorPage.Render(name, people), people.Count == 0 ? StatusCodes.Status404NotFound : StatusCodes.Status200OK);
    }

    /// <summary>One stored person; a retired id redirects (301) to the person its papers went to, or is gone (410).</summary>
    private static IResult Person(SiteStore site, string id, bool digests)
    {
        if (!PersonIds.LooksLikeId(id))
        {
            return BadRequest($"'{id}' is not a person id (they look like y-liu-3fa9c2d1; /author?name= lists the people behind a name with their ids)");
        }
        var found = site.Read((store, _) => AuthorProfiles.Person(store, id));
        if (found is null)
        {
            return Page(ErrorPage.Render(404, "No such person", $"No person has the id {id} in this store."), StatusCodes.Status404NotFound);
        }
        if (found.Profile is not { } person)
        {
            return Page(ErrorPage.Render(410, "This person is gone", $"{id} is no longer a person's id: {found.RedirectedFrom!.Reason}."), StatusCodes.Status410Gone);
        }
        if (person.Id != id)
        {
            return Results.Redirect(PaperCard.PersonLink(person.Id), permanent: true);
        }
        return Page(AuthorPage.RenderPerson(person, digests));
    }

    private static IResult Organisation(SiteStore site, string name)
    {
        var papers = site.Read((store, _) => store.PapersOfOrganisation(name, 100));
        var content = papers.Count == 0
            ? Html.Of($"""<h1>{name}</h1><p class="note">No paper in the store is filed under the organisation {name}. Organisations come from imported Hugging Face daily papers.</p>""")
            : Html.Of($"""<h1>{name}</h1><p class="muted">{papers.Count} papers filed under this organisation on Hugging Face, latest featured first.</p>{Html.Join(papers.Select(p => PaperCard.Render(p)))}""");
        return Page(Layout.Page(name, content), papers.Count == 0 ? StatusCodes.Status404NotFound : StatusCodes.Status200OK);
    }

    /// <summary>The search box's query with the filter controls (category, since, has code) added as query syntax.</summary>
    internal static string QueryWithFilters(string? q, string? category, string? since, string? code)
    {
        var parts = new List<string> { q?.Trim() ?? "" };
        if (!string.IsNullOrWhiteSpace(category))
        {
            parts.Add("cat:" + category.Trim());
        }
        if (!string.IsNullOrWhiteSpace(since))
        {
            parts.Add("since:" + since.Trim());
        }
        if (code is "1" or "on" or "true")
        {
            parts.Add("has:code");
        }
        return string.Join(' ', parts.Where(p => p.Length > 0));
    }

    private static IResult Search(SiteStore site, SubscriptionSettings mail, string? q, string? mode, string? page, string? cat, string? since, string? code)
    {
        if (!Requests.TryMode(mode, out var searchMode, out var error)
            || !Requests.TryNumber(page, "page", 1, 1_000, 1, out var pageNumber, out error))
        {
            return BadRequest(error!);
        }
        var query = QueryWithFilters(q, cat, since, code);
        if (query.Length == 0)
        {
            return Page(SearchPage.Render("", searchMode, null, new Dictionary<string, Core.Model.Paper>(), 1));
        }
        return Page(site.Read((store, engine) =>
        {
            var response = engine.Search(query, searchMode, SearchPage.PageSize, (pageNumber - 1) * SearchPage.PageSize);
            var papers = store.GetPapers(response.Results.Select(r => r.Id)).ToDictionary(p => p.Id.Value, StringComparer.Ordinal);
            return SearchPage.Render(query, response.Mode, response, papers, pageNumber, Digests(mail));
        }));
    }

    private static IResult SearchBibTex(SiteStore site, string? q, string? mode)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return BadRequest("give a query: /search.bib?q=...");
        }
        if (!Requests.TryMode(mode, out var searchMode, out var error))
        {
            return BadRequest(error!);
        }
        var text = site.Read((store, engine) =>
        {
            var response = engine.Search(q, searchMode, 50);
            var writer = new BibTexWriter();
            return string.Join("\n", store.GetPapers(response.Results.Select(r => r.Id)).Select(writer.Entry));
        });
        return Results.Text(text, "application/x-bibtex; charset=utf-8");
    }

    private static IResult Paper(SiteStore site, SubscriptionSettings mail, string id)
    {
        var bibtex = id.EndsWith(".bib", StringComparison.Ordinal);
        var idText = bibtex ? id[..^4] : id;
        if (!Requests.TryPaperId(idText, out var paperId, out var error))
        {
            return BadRequest(error!);
        }
        return site.Read((store, engine) =>
        {
            var paper = store.GetPaper(paperId);
            if (paper is null)
            {
                return Page(ErrorPage.Render(404, "No such paper here", $"The store has no paper {paperId.Value}. It may not be imported yet: https://arxiv.org/abs/{paperId.Value}"), StatusCodes.Status404NotFound);
            }
            var entry = new BibTexWriter().Entry(paper);
            if (bibtex)
            {
                return Results.Text(entry, "application/x-bibtex; charset=utf-8");
            }
            var related = engine.SemanticUnavailable is null ? engine.Related(paper.Id) : [];
            var citations = store.CitationsOf(paper.Id);
            var cited = store.GetPapers(citations.CitedBy.Take(PaperPage.CitationsShown).Concat(citations.References.Take(PaperPage.CitationsShown))
                    .Concat(paper.Scores?.Novelty?.Nearest.Select(n => n.Id) ?? []))
                .ToDictionary(p => p.Id.Value, StringComparer.Ordinal);
            return Page(PaperPage.Render(paper, related, engine.SemanticUnavailable, entry, citations, cited, Digests(mail)));
        });
    }
}
