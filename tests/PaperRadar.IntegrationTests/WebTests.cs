using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using PaperRadar.Scores;
using PaperRadar.Search.Indexing;
using PaperRadar.Storage;
using PaperRadar.Storage.Authors;
using PaperRadar.Storage.Import;
using PaperRadar.Web;

namespace PaperRadar.IntegrationTests;

/// <summary>The web app over HTTP: a real Kestrel server on 127.0.0.1 over a real SQLite file holding the sample papers.</summary>
public sealed class WebTests(WebTests.Site site) : IClassFixture<WebTests.Site>
{
    /// <summary>
    /// A paper whose title, abstract and author carry script payloads. Generated (no real record has one) for the
    /// safety test; it is listed on a day of its own so the real sample days stay as they are.
    /// </summary>
    public const string HostileId = "2605.99999";

    public sealed class Site : IAsyncLifetime
    {
        private readonly ScratchDirectory _temp = new();
        private WebApplication? _app;

        public HttpClient Client { get; } = new();

        public string StorePath => _temp.File("web.db");

        public async Task InitializeAsync()
        {
            var db = _temp.File("web.db");
            var hostile = _temp.File("2026-05-29.jsonl");
            await File.WriteAllTextAsync(hostile, JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["id"] = HostileId,
                ["categories"] = new[] { "cs.CR" },
                ["authors"] = new[] { "Mallory <img src=x onerror=alert(1)>" },
                ["title"] = "Hostile <script>window.pwned=1</script> title & more",
                ["comment"] = "<b onmouseover=alert(2)>5 pages</b>",
                ["summary"] = "An abstract with <img src=x onerror=\"window.pwned=2\"> and $\\mathcal{O}(n)$ maths.",
            }) + "\n");
            using (var store = PaperStore.Open(db))
            {
                new Importer(store).Import([SharedData.Sample(), hostile]);
                SearchIndexer.Run(store, new IndexOptions());
                // The sample spans two days, less than the 30 days of history novelty asks for by default; the pages
                // are what is tested here, so the day before counts as history.
                ScoreAnalyzer.Run(store, new AnalyzeOptions { MinimumHistoryDays = 1 });
            }
            _app = PaperRadarWeb.Build(new WebOptions { StorePath = db, Urls = ["http://127.0.0.1:0"], RequestsPerMinute = 0 });
            await _app.StartAsync();
            Client.BaseAddress = new Uri(_app.Urls.First());
        }

        public async Task DisposeAsync()
        {
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }
            Client.Dispose();
            _temp.Dispose();
        }
    }

    private HttpClient Client => site.Client;

    private async Task<(HttpStatusCode Status, string Body, string? ContentType)> Get(string path)
    {
        using var response = await Client.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ASubscriptionsFeedCarriesItsDigestsPapersUntilItIsCancelled()
    {
        // A confirmed subscription with one digest in the outbox (recorded directly: the digest tests cover how it
        // is built and sent); its feed token comes from the same store secret the site checks it with.
        string feedToken, unsubscribeToken;
        long id;
        string[] papers = ["2605.28820", "2605.27146"];
        var mail = new PaperRadar.Digests.MailSettings(new PaperRadar.Digests.SmtpSettings("localhost", 25, PaperRadar.Digests.SmtpTls.None, null, null),
            new MimeKit.MailboxAddress("PaperRadar", "digests@example.org"), new Uri("http://127.0.0.1/"));
        using (var store = PaperStore.Open(site.StorePath))
        {
            var subscription = store.RequestSubscription("reader@example.org", SubscriptionKind.Category, "cs.CV", DigestFrequency.Daily, DateTimeOffset.UtcNow);
            id = subscription.Id;
            store.ConfirmSubscription(id, DateTimeOffset.UtcNow);
            store.EnqueueMessage(new NewOutboxMessage($"digest.{id}@test", id, "digest", "2026-05-28", "reader@example.org", [1, 2, 3],
                new DateOnly(2026, 5, 28), new DateOnly(2026, 5, 28), papers), DateTimeOffset.UtcNow);
            var subscriptions = new PaperRadar.Digests.Subscriptions(store, mail);
            feedToken = subscriptions.FeedToken(id);
            unsubscribeToken = subscriptions.UnsubscribeToken(id);
        }

        var (status, feed, type) = await Get($"/feeds/subscription?token={feedToken}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("application/rss+xml", type, StringComparison.Ordinal);
        var links = XDocument.Parse(feed).Descendants("item").Select(i => i.Element("link")!.Value).ToList();
        Assert.Equal(papers.Select(p => $"/paper/{p}"), links.Select(l => new Uri(l).AbsolutePath));

        // An unsubscribe token is not a feed token (a feed address shared with a reader cannot unsubscribe anyone).
        Assert.Equal(HttpStatusCode.NotFound, (await Get($"/feeds/subscription?token={unsubscribeToken}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Get($"/feeds/subscription?token={id}-forged")).Status);

        var unsubscribe = await site.Client.PostAsync($"/unsubscribe?token={unsubscribeToken}", null);
        Assert.Equal(HttpStatusCode.OK, unsubscribe.StatusCode);
        // Feeds are cached for a minute like every feed; a new address shows the state now.
        Assert.Equal(HttpStatusCode.Gone, (await Get($"/feeds/subscription?token={feedToken}&after=cancel")).Status);
    }

    [Fact]
    public async Task CardsCarryTheScoresAndThePaperPageExplainsThem()
    {
        // The latest day's papers have a day of earlier papers to be compared with: each card has a novelty badge
        // linking to the explanation, and says it has no impact score (the sample holds no citations or upvotes).
        var (_, home, _) = await Get("/day/2026-05-28");
        Assert.Contains("class=\"badge score\"", home, StringComparison.Ordinal);
        Assert.Contains("Novelty ", home, StringComparison.Ordinal);
        Assert.Contains("no impact score", home, StringComparison.Ordinal);

        var (_, json, _) = await Get("/api/v1/daily?date=2026-05-28&limit=50");
        var papers = JsonDocument.Parse(json).RootElement.GetProperty("papers").EnumerateArray().ToList();
        Assert.All(papers, p => Assert.Equal(JsonValueKind.Null, p.GetProperty("impact").ValueKind));
        // Replacements listed that day may be older than the store's first day: those have too little history.
        var paper = papers.First(p => p.GetProperty("novelty").ValueKind == JsonValueKind.Number);
        var id = paper.GetProperty("id").GetString();
        var novelty = paper.GetProperty("novelty").GetDouble();
        Assert.InRange(novelty, 0, 100);

        var (status, page, _) = await Get($"/paper/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"scores\"", page, StringComparison.Ordinal);
        Assert.Contains($"Novelty {novelty:0}%", page, StringComparison.Ordinal);
        var nearest = paper.GetProperty("scores").GetProperty("novelty").GetProperty("nearest_earlier")[0].GetProperty("id").GetString();
        Assert.Contains($"href=\"/paper/{nearest}\"", page, StringComparison.Ordinal);
        Assert.Contains("The store holds no outcomes for", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHomePageListsTheLatestDayWithALinkToTheDayBefore()
    {
        var (status, body, type) = await Get("/");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/html", type);
        Assert.Contains("Papers listed on 2026-05-29", body, StringComparison.Ordinal);
        Assert.Contains("href=\"/day/2026-05-28\"", body, StringComparison.Ordinal);

        var (_, dayBefore, _) = await Get("/day/2026-05-28");
        Assert.Contains("Papers listed on 2026-05-28", dayBefore, StringComparison.Ordinal);
        Assert.Contains("href=\"/paper/2605.28820\"", dayBefore, StringComparison.Ordinal);
        Assert.Contains("class=\"badge code\" href=\"https://github.com/EvolvingLMMs-Lab/NEO\"", dayBefore, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACategoryListingShowsOnlyThatCategorysPapers()
    {
        var (status, body, _) = await Get("/list/cs.CL/2026-05-28");
        Assert.Equal(HttpStatusCode.OK, status);
        var (_, json, _) = await Get("/api/v1/daily?date=2026-05-28&category=cs.CL&limit=500");
        using var daily = JsonDocument.Parse(json);
        var papers = daily.RootElement.GetProperty("papers").EnumerateArray().ToList();
        Assert.NotEmpty(papers);
        Assert.All(papers, p => Assert.Contains("cs.CL", p.GetProperty("categories").EnumerateArray().Select(c => c.GetString())));
        Assert.Equal(papers.Count, daily.RootElement.GetProperty("total").GetInt64());
        Assert.Contains($"{papers.Count} papers", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchShowsHighlightedMatchesAndPagesOn()
    {
        var (status, body, _) = await Get("/search?q=diffusion&mode=keyword");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<mark>", body, StringComparison.Ordinal);
        Assert.Contains("rel=\"next\"", body, StringComparison.Ordinal);
        var (_, second, _) = await Get("/search?q=diffusion&mode=keyword&page=2");
        Assert.Contains("#11 ", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFilterControlsBecomeQuerySyntax()
    {
        Assert.Equal("diffusion cat:cs.CV since:2026-01-01 has:code",
            Web.Pages.PageEndpoints.QueryWithFilters(" diffusion ", "cs.CV", "2026-01-01", "1"));
        var (_, json, _) = await Get("/api/v1/search?q=" + Uri.EscapeDataString("diffusion cat:cs.CV has:code") + "&mode=keyword&limit=50");
        using var results = JsonDocument.Parse(json);
        var ids = results.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToList();
        Assert.NotEmpty(ids);
        foreach (var id in ids)
        {
            using var paper = JsonDocument.Parse((await Get("/api/v1/papers/" + id)).Body);
            Assert.Contains("cs.CV", paper.RootElement.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
            Assert.Equal(JsonValueKind.String, paper.RootElement.GetProperty("code_url").ValueKind);
        }
    }

    [Fact]
    public async Task APaperPageShowsItsFactsVersionsRelatedPapersAndBibTex()
    {
        var (status, body, _) = await Get("/paper/2605.28820");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("From Pixels to Words", body, StringComparison.Ordinal);
        Assert.Contains("https://arxiv.org/pdf/2605.28820", body, StringComparison.Ordinal);
        Assert.Contains("<h2>Related papers</h2>\n<ol>", body, StringComparison.Ordinal);
        Assert.Contains("@misc{", body, StringComparison.Ordinal);
        Assert.Contains("line ", body, StringComparison.Ordinal);

        var (bibStatus, bib, bibType) = await Get("/paper/2605.28820.bib");
        Assert.Equal(HttpStatusCode.OK, bibStatus);
        Assert.Equal("application/x-bibtex", bibType);
        Assert.StartsWith("@misc{", bib, StringComparison.Ordinal);
        Assert.Contains("eprint = {2605.28820}", bib, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/paper/not-an-id", HttpStatusCode.BadRequest, "is not a paper id")]
    [InlineData("/paper/2101.00001", HttpStatusCode.NotFound, "no paper 2101.00001")]
    [InlineData("/day/yesterday", HttpStatusCode.BadRequest, "is not a day")]
    [InlineData("/list/cs.CL%3Cscript%3E", HttpStatusCode.BadRequest, "is not a category")]
    [InlineData("/search?q=x&mode=psychic", HttpStatusCode.BadRequest, "is not one of hybrid, keyword, semantic")]
    [InlineData("/search?q=x&page=0", HttpStatusCode.BadRequest, "page &#x27;0&#x27; must be a whole number")]
    public async Task BadPageRequestsAnswerWithAPageSayingWhatWasWrong(string path, HttpStatusCode expected, string message)
    {
        var (status, body, type) = await Get(path);
        Assert.Equal(expected, status);
        Assert.Equal("text/html", type);
        Assert.Contains(message, body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/papers/garbage", 400, "is not a paper id")]
    [InlineData("/api/v1/papers/2101.00001", 404, "no paper 2101.00001")]
    [InlineData("/api/v1/search", 400, "q is missing")]
    [InlineData("/api/v1/search?q=x&limit=0", 400, "limit '0' must be a whole number from 1 to 100")]
    [InlineData("/api/v1/search?q=x&offset=-1", 400, "offset '-1' must be a whole number")]
    [InlineData("/api/v1/search?q=x&mode=fuzzy", 400, "mode 'fuzzy'")]
    [InlineData("/api/v1/related/2101.00001", 404, "no paper 2101.00001")]
    [InlineData("/api/v1/related/2605.28820?limit=1000", 400, "limit '1000'")]
    [InlineData("/api/v1/daily?date=2026-13-01", 400, "is not a day")]
    [InlineData("/api/v1/daily?category=a%20b", 400, "is not a category")]
    [InlineData("/feeds/search", 400, "q is missing")]
    [InlineData("/feeds/daily.xml?category=%3Cx%3E", 400, "is not a category")]
    public async Task BadApiRequestsAreProblemDetailsThatSayWhatWasWrong(string path, int expected, string message)
    {
        var (status, body, type) = await Get(path);
        Assert.Equal(expected, (int)status);
        Assert.Equal("application/problem+json", type);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(expected, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains(message, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheApiAnswersPapersSearchRelatedAndDailyAsJson()
    {
        using var paper = JsonDocument.Parse((await Get("/api/v1/papers/2605.28820")).Body);
        Assert.Equal("2605.28820", paper.RootElement.GetProperty("id").GetString());

        using var search = JsonDocument.Parse((await Get("/api/v1/search?q=vision+language+models&limit=5")).Body);
        Assert.Equal("hybrid", search.RootElement.GetProperty("mode").GetString());
        Assert.Equal(5, search.RootElement.GetProperty("results").GetArrayLength());

        using var related = JsonDocument.Parse((await Get("/api/v1/related/2605.28820?limit=3")).Body);
        Assert.Equal(3, related.RootElement.GetArrayLength());
        Assert.DoesNotContain("2605.28820", related.RootElement.EnumerateArray().Select(r => r.GetProperty("id").GetString()));

        using var daily = JsonDocument.Parse((await Get("/api/v1/daily?date=2026-05-27&limit=2")).Body);
        Assert.Equal("2026-05-27", daily.RootElement.GetProperty("day").GetString());
        Assert.Equal("2026-05-28", daily.RootElement.GetProperty("next").GetString());
        Assert.Equal(2, daily.RootElement.GetProperty("papers").GetArrayLength());
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesEveryApiEndpoint()
    {
        using var document = JsonDocument.Parse((await Get("/openapi/v1.json")).Body);
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/search", paths);
        Assert.Contains("/api/v1/daily", paths);
        Assert.Contains("/api/v1/trending", paths);
        Assert.Contains(paths, p => p.StartsWith("/api/v1/papers/", StringComparison.Ordinal));
        Assert.Contains(paths, p => p.StartsWith("/api/v1/related/", StringComparison.Ordinal));
        Assert.Contains("/feeds/search", paths);
        Assert.DoesNotContain("/", paths);
    }

    [Fact]
    public async Task FeedsAreRssWithOneItemPerPaper()
    {
        var (status, body, type) = await Get("/feeds/daily.xml?category=cs.CL");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/rss+xml", type);
        var items = XDocument.Parse(body).Descendants("item").ToList();
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Contains("cs.CL", i.Elements("category").Select(c => c.Value)));

        var search = XDocument.Parse((await Get("/feeds/search?q=diffusion")).Body);
        Assert.NotEmpty(search.Descendants("item"));
        Assert.All(search.Descendants("item"), i => Assert.StartsWith(Client.BaseAddress + "paper/", i.Element("link")!.Value, StringComparison.Ordinal));
    }

    [Fact]
    public async Task UntrustedTextIsEncodedEverywhereAndEveryPageSetsAContentSecurityPolicy()
    {
        foreach (var path in new[] { "/", $"/paper/{HostileId}", "/search?q=hostile&mode=keyword" })
        {
            using var response = await Client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(PaperRadarWeb.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.StartsWith("default-src 'none'", PaperRadarWeb.ContentSecurityPolicy, StringComparison.Ordinal);
            Assert.DoesNotContain("<script>window.pwned", body, StringComparison.Ordinal);
            Assert.DoesNotContain("<img src=x", body, StringComparison.Ordinal);
            Assert.DoesNotContain("<b onmouseover", body, StringComparison.Ordinal);
            Assert.Contains("&lt;script&gt;window.pwned=1&lt;/script&gt; title &amp; more", body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/static/site.css", "text/css")]
    [InlineData("/static/math.js", "text/javascript")]
    [InlineData("/static/katex/katex.min.js", "text/javascript")]
    [InlineData("/static/katex/auto-render.min.js", "text/javascript")]
    [InlineData("/static/katex/fonts/KaTeX_Main-Regular.woff2", "font/woff2")]
    public async Task PagesLoadTheirStylesheetAndKatexFromThisSite(string path, string contentType)
    {
        var (status, body, type) = await Get(path);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(contentType, type);
        Assert.NotEmpty(body);
        var (_, page, _) = await Get("/");
        Assert.Contains(path.EndsWith(".woff2", StringComparison.Ordinal) ? "/static/katex/katex.min.css" : path, page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/static/nothing.css")]
    [InlineData("/static/../PaperRadar.Web.dll")]
    [InlineData("/static/katex/fonts/../../site.css.bak")]
    public async Task OnlyTheEmbeddedStaticFilesAreServed(string path)
    {
        var (status, _, _) = await Get(path);
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task ConcurrentRequestsGetTheSameAnswersAsOneAtATime()
    {
        // Distinct queries (none answered from the output cache), several at a time over the pooled connections.
        var queries = new[] { "diffusion", "language models", "vision", "graph neural", "reinforcement learning", "robot", "speech", "protein" }
            .SelectMany(q => new[] { "keyword", "semantic", "hybrid" }.Select(mode => $"/api/v1/search?q={Uri.EscapeDataString(q)}&mode={mode}&limit=7"))
            .ToList();
        var concurrent = await Task.WhenAll(queries.Select(q => Get(q)));
        using var alone = new SiteStore(site.StorePath, connections: 1);
        for (var i = 0; i < queries.Count; i++)
        {
            Assert.Equal(HttpStatusCode.OK, concurrent[i].Status);
            var ids = JsonDocument.Parse(concurrent[i].Body).RootElement.GetProperty("results").EnumerateArray()
                .Select(r => r.GetProperty("id").GetString()!).ToList();
            var uri = new Uri(site.Client.BaseAddress!, queries[i]);
            var parameters = System.Web.HttpUtility.ParseQueryString(uri.Query);
            var expected = alone.Read((_, engine) => engine.Search(parameters["q"]!, Enum.Parse<Search.SearchMode>(parameters["mode"]!, ignoreCase: true), 7))
                .Results.Select(r => r.Id).ToList();
            Assert.Equal(expected, ids);
        }
    }

    [Fact]
    public async Task TrendingRanksPapersByUpvotesOverAgeAndShowsTheirUpvotes()
    {
        using var temp = new ScratchDirectory();
        var db = temp.File("hf.db");
        using (var store = PaperStore.Open(db))
        {
            new Importer(store).Import([SharedData.Path("hf-daily-papers", "2024-10-25.json")]);
        }
        await using var app = PaperRadarWeb.Build(new WebOptions { StorePath = db, Urls = ["http://127.0.0.1:0"], RequestsPerMinute = 0 });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        using var trending = JsonDocument.Parse(await client.GetStringAsync("/api/v1/trending?days=7"));
        Assert.Equal("2024-10-25", trending.RootElement.GetProperty("to").GetString());
        var papers = trending.RootElement.GetProperty("papers").EnumerateArray().ToList();
        Assert.Equal(29, papers.Count);
        // All were featured on the window's last day, so the same age: upvotes decide.
        var upvotes = papers.Select(p => p.GetProperty("paper").GetProperty("community").GetProperty("upvotes").GetInt32()).ToList();
        Assert.Equal(upvotes.OrderDescending(), upvotes);
        Assert.Equal("2410.17243", papers[0].GetProperty("paper").GetProperty("id").GetString());
        Assert.Equal(65.0 / Math.Pow(2, 1.5), papers[0].GetProperty("score").GetDouble(), 6);

        var page = await client.GetStringAsync("/trending");
        Assert.Contains("▲ 64", page, StringComparison.Ordinal);
        Assert.Contains("score = (1 + upvotes", page, StringComparison.Ordinal);
        var badRequest = await client.GetAsync("/api/v1/trending?days=400");
        Assert.Equal(HttpStatusCode.BadRequest, badRequest.StatusCode);
    }

    [Fact]
    public async Task APapersPageAndApiListTheCitationsTheStoreHoldsAndCitationsRaiseTrending()
    {
        using var temp = new ScratchDirectory();
        var db = temp.File("citations.db");
        // Generated: two ACL papers citing one of the real Hugging Face entries (no real source links the two worlds).
        var edges = temp.File("edges-generated.txt");
        await File.WriteAllLinesAsync(edges, ["P02-1040 , 2410.17243", "J93-2004 , arXiv:2410.17243v2"]);
        using (var store = PaperStore.Open(db))
        {
            new Importer(store).Import([SharedData.Path("acl-anthology-network"), SharedData.Path("hf-daily-papers", "2024-10-25.json"), edges]);
        }
        await using var app = PaperRadarWeb.Build(new WebOptions { StorePath = db, Urls = ["http://127.0.0.1:0"], RequestsPerMinute = 0 });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        var page = await client.GetStringAsync("/paper/acl:J93-2004");
        Assert.Contains("Cited by 847", page, StringComparison.Ordinal);
        Assert.Contains("References 9", page, StringComparison.Ordinal);
        Assert.Contains("and 797 more", page, StringComparison.Ordinal);
        Assert.Contains("https://aclanthology.org/J93-2004.pdf", page, StringComparison.Ordinal);
        using var api = JsonDocument.Parse(await client.GetStringAsync("/api/v1/papers/acl:J93-2004"));
        Assert.Equal(847, api.RootElement.GetProperty("cited_by").GetArrayLength());
        // Eight in the network, and the generated one to an arXiv paper.
        Assert.Equal(9, api.RootElement.GetProperty("references").GetArrayLength());

        using var trending = JsonDocument.Parse(await client.GetStringAsync("/api/v1/trending?days=7"));
        var top = trending.RootElement.GetProperty("papers")[0];
        Assert.Equal("2410.17243", top.GetProperty("paper").GetProperty("id").GetString());
        Assert.Equal(2, top.GetProperty("citations").GetInt32());
        Assert.Equal((1 + 64 + 3 * 2) / Math.Pow(2, 1.5), top.GetProperty("score").GetDouble(), 6);
    }

    [Fact]
    public async Task AnAuthorPageShowsEachPersonBehindTheNameWithConsistentMetricsAndAChart()
    {
        using var temp = new ScratchDirectory();
        var db = temp.File("aan.db");
        using (var store = PaperStore.Open(db))
        {
            new Importer(store).Import([SharedData.Path("acl-anthology-network")]);
        }
        await using var app = PaperRadarWeb.Build(new WebOptions { StorePath = db, Urls = ["http://127.0.0.1:0"], RequestsPerMinute = 0 });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        using var api = JsonDocument.Parse(await client.GetStringAsync("/api/v1/authors?name=Kishore%20Papineni"));
        var people = api.RootElement.GetProperty("people").EnumerateArray().ToList();
        var bleuAuthor = people.Single(p => p.GetProperty("paper_ids").EnumerateArray().Any(i => i.GetString() == "acl:P02-1040"));
        var hIndex = bleuAuthor.GetProperty("h_index").GetInt32();
        var citations = bleuAuthor.GetProperty("citations").GetInt32();
        Assert.True(citations >= 729);
        Assert.True(hIndex * hIndex <= citations && hIndex <= bleuAuthor.GetProperty("papers").GetInt32());
        // The chart counts the citations whose citing paper the store holds (with its year); the network's edges also
        // come from papers its metadata lacks (146 of BLEU's 729 citing papers).
        var dated = bleuAuthor.GetProperty("citations_per_year").EnumerateArray().Sum(y => y.GetProperty("citations").GetInt32());
        Assert.InRange(dated, 583, citations);

        var page = await client.GetStringAsync("/author?name=Kishore%20Papineni");
        Assert.Contains($"<strong>h-index {hIndex}</strong>", page, StringComparison.Ordinal);
        Assert.Contains($"{citations} citations", page, StringComparison.Ordinal);
        Assert.Contains("<svg role=\"img\" aria-label=\"Citations per year", page, StringComparison.Ordinal);
        Assert.Contains($"{dated} of the {citations} citations come from papers in the store", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/paper/acl:P02-1040\"", page, StringComparison.Ordinal);

        var unknown = await client.GetAsync("/author?name=Nobody%20Atallhere");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var empty = await client.GetAsync("/api/v1/authors?name=");
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    [Fact]
    public async Task APersonHasAPageAndAnApiAnswerByIdThatPapersAndNamesLinkTo()
    {
        using var temp = new ScratchDirectory();
        var db = temp.File("aan.db");
        string johnson;
        string reranking;
        using (var store = PaperStore.Open(db))
        {
            new Importer(store).Import([SharedData.Path("acl-anthology-network")]);
            PersonIndex.Run(store);
            // Disambiguation still splits the Mark Johnsons of the network: two of them are merged here.
            var people = AuthorProfiles.PeopleNamed(store, "Mark Johnson");
            johnson = people.Single(p => p.Papers.Any(x => x.Paper.Id.Value == "acl:P05-1022")).Id;
            reranking = people.Single(p => p.Papers.Any(x => x.Paper.Id.Value == "acl:P02-1035")).Id;
            PersonCorrections.Merge(store, johnson, reranking);
        }
        await using var app = PaperRadarWeb.Build(new WebOptions { StorePath = db, Urls = ["http://127.0.0.1:0"], RequestsPerMinute = 0 });
        await app.StartAsync();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.Urls.First()) };

        using var api = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/authors/{johnson}"));
        Assert.Equal(johnson, api.RootElement.GetProperty("id").GetString());
        var papers = api.RootElement.GetProperty("paper_ids").EnumerateArray().Select(i => i.GetString()).ToList();
        Assert.Contains("acl:P05-1022", papers);
        Assert.Contains("acl:P02-1035", papers);
        var hIndex = api.RootElement.GetProperty("h_index").GetInt32();

        var page = await client.GetAsync($"/author?id={johnson}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains($"<strong>h-index {hIndex}</strong>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/paper/acl:P02-1035\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/author?id={johnson}\"", html, StringComparison.Ordinal);

        // The paper's page and the name's page link to the person by id.
        var paperPage = await client.GetStringAsync("/paper/acl:P02-1035");
        Assert.Contains($"href=\"/author?id={johnson}\"", paperPage, StringComparison.Ordinal);
        var namePage = await client.GetStringAsync("/author?name=Mark%20Johnson");
        Assert.Contains($"href=\"/author?id={johnson}\"", namePage, StringComparison.Ordinal);

        // The merged-away id leads to the person; unknown and malformed ids say so.
        var old = await client.GetAsync($"/author?id={reranking}");
        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
        Assert.Equal($"/author?id={johnson}", old.Headers.Location?.OriginalString);
        var oldApi = await client.GetAsync($"/api/v1/authors/{reranking}");
        Assert.Equal(HttpStatusCode.MovedPermanently, oldApi.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/author?id=m-collins-00000000")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/authors/m-collins-00000000")).StatusCode);
        var malformed = await client.GetAsync("/author?id=Michael%20Collins");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("is not a person id", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOrganisationPageListsThePapersFiledUnderIt()
    {
        // Generated: the recorded Hugging Face response predates organisations, so two entries in the newer layout.
        using var temp = new ScratchDirectory();
        var response = temp.File("2025-06-02.json");
        await File.WriteAllTextAsync(response, """
            [{"paper": {"id": "2505.00001", "title": "First <b>paper</b>", "upvotes": 9, "publishedAt": "2025-05-30T00:00:00Z",
              "organization": {"name": "acme", "fullname": "ACME & Co"}}, "publishedAt": "2025-06-02T08:00:00Z", "numComments": 0},
             {"paper": {"id": "2505.00002", "title": "Second paper", "upvotes": 3, "publishedAt": "2025-05-31T00:00:00Z",
              "organization": {"name": "other", "fullname": "Other Lab"}}, "publishedAt": "2025-06-02T08:00:00Z", "numComments": 0}]
            """);
        var db = temp.File("org.db");
        using (var store = PaperStore.Open(db))
        {
            new Importer(store).Import([response]);
        }
        await using var app = PaperRadarWeb.Build(new WebOptions { StorePath = db, Urls = ["http://127.0.0.1:0"], RequestsPerMinute = 0 });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        var page = await client.GetStringAsync("/org/" + Uri.EscapeDataString("acme & co"));
        Assert.Contains("First &lt;b&gt;paper&lt;/b&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Second paper", page, StringComparison.Ordinal);
        var trending = await client.GetStringAsync("/trending");
        Assert.Contains("href=\"/org/ACME%20%26%20Co\"", trending, StringComparison.Ordinal);
        using var missing = await client.GetAsync("/org/nobody");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task ClientsOverTheRateLimitAreToldToWait()
    {
        await using var limited = PaperRadarWeb.Build(new WebOptions
        {
            StorePath = site.StorePath,
            Urls = ["http://127.0.0.1:0"],
            RequestsPerMinute = 2,
        });
        await limited.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(limited.Urls.First()) };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync("/api/v1/search?q=diffusion");
            statuses.Add(response.StatusCode);
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        using var page = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }
}
