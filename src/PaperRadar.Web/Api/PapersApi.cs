using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PaperRadar.Core.Authors;
using PaperRadar.Core.Export;
using PaperRadar.Core.Model;
using PaperRadar.Storage.Authors;

namespace PaperRadar.Web.Api;

/// <summary>One search result in the API.</summary>
public sealed record SearchResultDto(
    int Rank, string Id, string Title, double Score, IReadOnlyList<string> FoundBy, bool MatchedAllWords, string? Snippet, string Url);

public sealed record SearchResponseDto(string Query, string Mode, int Offset, IReadOnlyList<SearchResultDto> Results, IReadOnlyList<string> Notes);

public sealed record RelatedPaperDto(int Rank, string Id, string Title, double Score, double Similarity, bool SharesAuthor, bool SamePrimaryCategory, int CoCitations);

public sealed record TrendingPaperDto(int Rank, double Score, int Citations, JsonElement Paper);

/// <summary>One person behind an author name, with metrics computed from their attributed papers only.</summary>
public sealed record AuthorDto(
    string Id, string Name, int Papers, int Citations, int HIndex, int I10Index, int LowConfidencePapers, int FirstYear, int LastYear,
    double? Novelty, int NoveltyPapers, double? Impact, int ImpactPapers, IReadOnlyList<string> Evidence, IReadOnlyList<YearCitationsDto> CitationsPerYear, IReadOnlyList<string> PaperIds);

public sealed record YearCitationsDto(int Year, int Citations);

public sealed record AuthorsDto(string Name, IReadOnlyList<AuthorDto> People);

public sealed record TrendingDto(string? From, string? To, string? Category, IReadOnlyList<TrendingPaperDto> Papers);

public sealed record DailyDto(string? Day, string? Category, string? Previous, string? Next, string? Latest, long Total, IReadOnlyList<JsonElement> Papers);

/// <summary>/api/v1: papers, search, related papers, daily listings. Errors are RFC 7807 problem details.</summary>
internal static class PapersApi
{
    public static void MapPapersApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").RequireRateLimiting(PaperRadarWeb.LimitedPolicy).CacheOutput();

        api.MapGet("/papers/{**id}", Paper)
            .WithName("GetPaper").WithSummary("One paper: every fact the store has, with its sources").WithTags("Papers")
            .Produces<JsonElement>(contentType: "application/json").ProducesProblem(400).ProducesProblem(404);

        api.MapGet("/search", Search)
            .WithName("Search").WithSummary("Keyword, semantic or hybrid search with the query syntax of the search page").WithTags("Search")
            .Produces<SearchResponseDto>().ProducesProblem(400);

        api.MapGet("/related/{**id}", Related)
            .WithName("Related").WithSummary("Papers related to one paper by meaning, boosted by shared authors and category").WithTags("Search")
            .Produces<IReadOnlyList<RelatedPaperDto>>().ProducesProblem(400).ProducesProblem(404);

        api.MapGet("/trending", Trending)
            .WithName("Trending").WithSummary("Papers of the last days ranked by (1 + upvotes + 3 citations) / (age + 2)^1.5").WithTags("Papers")
            .Produces<TrendingDto>().ProducesProblem(400);

        api.MapGet("/authors", Authors)
            .WithName("Authors").WithSummary("The distinct people behind an author name, each with papers, citations, h-index and the evidence").WithTags("Authors")
            .Produces<AuthorsDto>().ProducesProblem(400);

        api.MapGet("/authors/{id}", Author)
            .WithName("Author").WithSummary("One person by the id /authors lists; a retired id redirects (301) to the person its papers went to").WithTags("Authors")
            .Produces<AuthorDto>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(410);

        api.MapGet("/daily", Daily)
            .WithName("Daily").WithSummary("The papers listed on one day (default: the latest), all or one category").WithTags("Papers")
            .Produces<DailyDto>().ProducesProblem(400);
    }

    private static IResult Problem(int status, string detail) => Results.Problem(statusCode: status, detail: detail);

    private static IResult Authors(SiteStore site, string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            return Problem(400, "give an author's name as ?name= (at most 200 characters), e.g. /api/v1/authors?name=Yang%20Liu");
        }
        var people = site.Read((store, _) => AuthorProfiles.PeopleNamed(store, name));
        return Results.Ok(new AuthorsDto(name, people.Select(ToDto).ToList()));
    }

    private static IResult Author(SiteStore site, string id)
    {
        if (!PersonIds.LooksLikeId(id))
        {
            return Problem(400, $"'{id}' is not a person id (they look like y-liu-3fa9c2d1; /api/v1/authors?name= lists them)");
        }
        var found = site.Read((store, _) => AuthorProfiles.Person(store, id));
        if (found is null)
        {
            return Problem(404, $"no person has the id {id}");
        }
        if (found.Profile is not { } person)
        {
            return Problem(410, $"{id} is no longer a person's id: {found.RedirectedFrom!.Reason}");
        }
        return person.Id == id
            ? Results.Ok(ToDto(person))
            : Results.Redirect($"/api/v1/authors/{Uri.EscapeDataString(person.Id)}", permanent: true);
    }

    private static AuthorDto ToDto(AuthorProfile p) => new(
        p.Id, p.Name, p.Metrics.Papers, p.Metrics.Citations, p.Metrics.HIndex, p.Metrics.I10Index, p.LowConfidencePapers,
        p.FirstYear, p.LastYear, p.Scores.Novelty, p.Scores.NoveltyPapers, p.Scores.Impact, p.Scores.ImpactPapers, p.Evidence,
        p.CitationsPerYear.Select(c => new YearCitationsDto(c.Year, c.Citations)).ToList(), p.Papers.Select(x => x.Paper.Id.Value).ToList());

    private static IResult Paper(SiteStore site, string id)
    {
        if (!Requests.TryPaperId(id, out var paperId, out var error))
        {
            return Problem(400, error!);
        }
        var json = site.Read((store, _) => store.GetPaper(paperId) is { } paper
            ? PaperJsonWriter.ToJson(paper, store.CitationsOf(paper.Id))
            : null);
        return json is null
            ? Problem(404, $"the store has no paper {paperId.Value}")
            : Results.Text(json, "application/json; charset=utf-8");
    }

    private static IResult Search(SiteStore site, string? q, string? mode, string? limit, string? offset)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return Problem(400, "q is missing: give a query, e.g. /api/v1/search?q=diffusion+language+models");
        }
        if (!Requests.TryMode(mode, out var searchMode, out var error)
            || !Requests.TryNumber(limit, "limit", 1, 100, 10, out var count, out error)
            || !Requests.TryNumber(offset, "offset", 0, 10_000, 0, out var skip, out error))
        {
            return Problem(400, error!);
        }
        var response = site.Read((_, engine) => engine.Search(q, searchMode, count, skip));
        return Results.Ok(new SearchResponseDto(q, response.Mode.ToString().ToLowerInvariant(), skip,
            response.Results.Select(r => new SearchResultDto(r.Rank, r.Id, r.Title, r.Score,
                r.FoundBy.Select(m => m.ToString().ToLowerInvariant()).ToList(), r.MatchedAllWords,
                r.Snippet?.Replace(Storage.Search.KeywordIndex.MarkStart.ToString(), "", StringComparison.Ordinal)
                    .Replace(Storage.Search.KeywordIndex.MarkEnd.ToString(), "", StringComparison.Ordinal),
                "/paper/" + r.Id)).ToList(),
            response.Notes));
    }

    private static IResult Related(SiteStore site, string id, string? limit)
    {
        if (!Requests.TryPaperId(id, out var paperId, out var error)
            || !Requests.TryNumber(limit, "limit", 1, 100, 10, out var count, out error))
        {
            return Problem(400, error!);
        }
        return site.Read((store, engine) =>
        {
            if (store.GetPaper(paperId) is null)
            {
                return Problem(404, $"the store has no paper {paperId.Value}");
            }
            if (engine.SemanticUnavailable is { } reason)
            {
                return Problem(503, $"related papers need the paper vectors: {reason}");
            }
            return Results.Ok(engine.Related(paperId, count)
                .Select(r => new RelatedPaperDto(r.Rank, r.Id, r.Title, r.Score, r.Similarity, r.SharesAuthor, r.SamePrimaryCategory, r.CoCitations))
                .ToList());
        });
    }

    private static IResult Daily(SiteStore site, string? date, string? category, string? limit, string? offset)
    {
        if (!Requests.TryDay(date, out var day, out var error)
            || !Requests.TryCategory(category, out var categoryName, out error)
            || !Requests.TryNumber(limit, "limit", 1, 500, 100, out var count, out error)
            || !Requests.TryNumber(offset, "offset", 0, 100_000, 0, out var skip, out error))
        {
            return Problem(400, error!);
        }
        return Results.Ok(site.Read((store, _) =>
        {
            var days = store.ListingDaysAround(day, categoryName);
            IReadOnlyList<Paper> papers = days.Day is { } shown ? store.PapersListedOn(shown, categoryName, count, skip) : [];
            return new DailyDto(Text(days.Day), categoryName, Text(days.Previous), Text(days.Next), Text(days.Latest),
                days.Day is { } listed ? store.CountListedOn(listed, categoryName) : 0,
                papers.Select(p => JsonDocument.Parse(PaperJsonWriter.ToJson(p)).RootElement.Clone()).ToList());
        }));
    }

    private static IResult Trending(SiteStore site, string? days, string? category, string? limit)
    {
        if (!Requests.TryNumber(days, "days", 1, 90, 7, out var window, out var error)
            || !Requests.TryCategory(category, out var categoryName, out error)
            || !Requests.TryNumber(limit, "limit", 1, 200, 50, out var count, out error))
        {
            return Problem(400, error!);
        }
        return Results.Ok(site.Read((store, _) =>
        {
            var end = store.LatestActivityDay();
            var ranked = end is { } last ? store.TrendingPapers(last, window, count, categoryName) : [];
            return new TrendingDto(Text(end?.AddDays(1 - window)), Text(end), categoryName,
                ranked.Select((r, i) => new TrendingPaperDto(i + 1, r.Score, r.Citations, JsonDocument.Parse(PaperJsonWriter.ToJson(r.Paper)).RootElement.Clone())).ToList());
        }));
    }

    private static string? Text(DateOnly? day) => day?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
