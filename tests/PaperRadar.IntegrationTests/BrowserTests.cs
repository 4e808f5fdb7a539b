using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PaperRadar.IntegrationTests;

/// <summary>
/// The site as a reader sees it: Debian's headless Chromium, driven by Playwright, against the real server on a real
/// SQLite file holding the sample papers and the generated hostile one (<see cref="WebTests.Site"/>). Each test has a
/// fresh browser context; the full-page screenshots they take land in docs/screenshots.
/// </summary>
public sealed partial class BrowserTests(BrowserTests.Chromium chromium) : IClassFixture<BrowserTests.Chromium>, IAsyncLifetime
{
    /// <summary>The browser run-tests installs with apt-get; `playwright install` (a download) is never used.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>A day of the sample with a full page of papers (the latest day holds only the hostile paper).</summary>
    private const string SampleDay = "2026-05-28";

    /// <summary>A real paper of <see cref="SampleDay"/> with authors, related papers and a code link.</summary>
    private const string SamplePaper = "2605.28820";

    /// <summary>Debian's Chromium, headless, through Playwright; a missing Chromium fails the test, never skips it.</summary>
    internal static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchChromiumAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new FileNotFoundException(
                $"Chromium is not at {ChromiumPath}; ./run-tests installs it (apt-get install -y chromium)", ChromiumPath);
        }
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox"],
        });
        return (playwright, browser);
    }

    /// <summary>One server and one browser for the class.</summary>
    public sealed class Chromium : IAsyncLifetime
    {
        private readonly WebTests.Site _site = new();
        private IPlaywright? _playwright;
        private IBrowser? _browser;

        public IBrowser Browser => _browser ?? throw new InvalidOperationException("the browser is not started");

        public string BaseUrl => _site.Client.BaseAddress!.ToString().TrimEnd('/');

        public async Task InitializeAsync()
        {
            (_playwright, _browser) = await LaunchChromiumAsync();
            await _site.InitializeAsync();
        }

        public async Task DisposeAsync()
        {
            if (_browser is not null)
            {
                await _browser.DisposeAsync();
            }
            _playwright?.Dispose();
            await _site.DisposeAsync();
        }
    }

    private readonly List<string> _dialogs = [];
    private readonly List<string> _scriptErrors = [];
    private IBrowserContext? _context;
    private IPage? _page;

    private IPage Page => _page ?? throw new InvalidOperationException("the page is not open");

    public async Task InitializeAsync()
    {
        _context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = chromium.BaseUrl,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-US",
        });
        _page = await _context.NewPageAsync();
        // A script payload that ran would show up as a dialog or an exception; record both, dismiss dialogs.
        _page.Dialog += async (_, dialog) =>
        {
            _dialogs.Add($"{dialog.Type}: {dialog.Message}");
            await dialog.DismissAsync();
        };
        _page.PageError += (_, error) => _scriptErrors.Add(error);
        // Content the policy blocked (an inline script or style) is a problem too, even though it did not run.
        _page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                _scriptErrors.Add(message.Text);
            }
        };
    }

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }
    }

    [Fact]
    public async Task TheDailyPageShowsCardsAndItsPreviousDayLinkOpensTheDayBefore()
    {
        await Page.GotoAsync("/");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Papers listed on 2026-05-29 · all categories");
        await Expect(Page.Locator("article.card")).ToHaveCountAsync(1);
        await Expect(Page.Locator("article.card h2 a")).ToBeVisibleAsync();

        await Page.Locator("nav.pager a[rel=prev]").First.ClickAsync();

        await Expect(Page).ToHaveURLAsync($"{chromium.BaseUrl}/day/{SampleDay}");
        await Expect(Page.Locator("h1")).ToHaveTextAsync($"Papers listed on {SampleDay} · all categories");
        var cards = Page.Locator("article.card");
        await Expect(cards.First).ToBeVisibleAsync();
        Assert.True(await cards.CountAsync() > 1);
        await Expect(Page.Locator($"article.card h2 a[href='/paper/{SamplePaper}']")).ToBeVisibleAsync();
        await Screenshot("daily");
        Assert.Empty(_scriptErrors);
    }

    [Fact]
    public async Task TheHeaderSearchBoxShowsHighlightedResultsAndTheNextPage()
    {
        await Page.GotoAsync($"/day/{SampleDay}");
        await Page.Locator("header.site input[name=q]").FillAsync("diffusion");
        await Page.Locator("header.site button[type=submit]").ClickAsync();

        await Expect(Page).ToHaveURLAsync(SearchUrl());
        await Expect(Page.Locator("h1 q")).ToHaveTextAsync("diffusion");
        await Expect(Page.Locator("article.card")).ToHaveCountAsync(10);
        var marks = Page.Locator("article.card mark");
        await Expect(marks.First).ToBeVisibleAsync();
        Assert.All(await marks.AllInnerTextsAsync(), word => Assert.StartsWith("diffusion", word, StringComparison.OrdinalIgnoreCase));
        await Expect(Page.Locator("article.card .meta span").Filter(new LocatorFilterOptions { HasTextRegex = FirstRank() })).ToHaveCountAsync(1);
        await Screenshot("search");

        await Page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Next page" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(NextPageUrl());
        await Expect(Page.Locator("article.card").First).ToContainTextAsync("#11 ");
        await Expect(Page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Previous page" })).ToBeVisibleAsync();
        Assert.Empty(_scriptErrors);
    }

    [Fact]
    public async Task APaperOpenedFromItsCardShowsTitleAuthorsBibTexAndRelatedPapers()
    {
        await Page.GotoAsync($"/day/{SampleDay}");
        var cardLink = Page.Locator($"article.card h2 a[href='/paper/{SamplePaper}']");
        var cardTitle = await cardLink.InnerTextAsync();

        await cardLink.ClickAsync();

        await Expect(Page).ToHaveURLAsync($"{chromium.BaseUrl}/paper/{SamplePaper}");
        await Expect(Page.Locator("h1")).ToHaveTextAsync(cardTitle);
        await Expect(Page.Locator("h1")).ToContainTextAsync("From Pixels to Words");
        var authors = Page.Locator("ol.authors > li");
        await Expect(authors.First).ToBeVisibleAsync();
        Assert.True(await authors.CountAsync() >= 1);
        var bibtex = Page.Locator("pre.bibtex");
        await Expect(bibtex).ToBeVisibleAsync();
        await Expect(bibtex).ToContainTextAsync("@misc{");
        await Expect(bibtex).ToContainTextAsync($"eprint = {{{SamplePaper}}}");
        var related = Page.Locator("h2:text-is('Related papers') + ol > li");
        await Expect(related.First).ToBeVisibleAsync();
        Assert.DoesNotContain($"/paper/{SamplePaper}", await related.Locator("a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"));
        await Screenshot("paper");

        // A related paper is a link that opens that paper's page.
        var relatedTitle = await related.First.Locator("a").InnerTextAsync();
        await related.First.Locator("a").ClickAsync();
        await Expect(Page.Locator("h1")).ToHaveTextAsync(relatedTitle);
        Assert.Empty(_scriptErrors);
    }

    [Fact]
    public async Task ThePagesRssFeedLinksAnswerRss()
    {
        foreach (var path in new[] { $"/day/{SampleDay}", "/search?q=diffusion&mode=keyword" })
        {
            await Page.GotoAsync(path);
            var alternate = await Page.Locator("head link[rel=alternate][type='application/rss+xml']").GetAttributeAsync("href");
            Assert.NotNull(alternate);
            var feedLink = Page.Locator("a", new PageLocatorOptions { HasTextRegex = RssLinkText() }).First;
            await Expect(feedLink).ToBeVisibleAsync();
            Assert.Equal(alternate, await feedLink.GetAttributeAsync("href"));

            var response = await Page.Context.APIRequest.GetAsync(alternate);
            Assert.Equal(200, response.Status);
            Assert.StartsWith("application/rss+xml", response.Headers["content-type"], StringComparison.Ordinal);
            var feed = XDocument.Parse(await response.TextAsync());
            Assert.Equal("rss", feed.Root!.Name.LocalName);
            var links = feed.Descendants("item").Select(i => i.Element("link")!.Value).ToList();
            Assert.NotEmpty(links);
            Assert.All(links, link => Assert.StartsWith($"{chromium.BaseUrl}/paper/", link, StringComparison.Ordinal));

            // The feed's first item opens in the browser as the paper it names.
            await Page.GotoAsync(links[0]);
            await Expect(Page.Locator("h1")).ToHaveTextAsync(feed.Descendants("item").First().Element("title")!.Value);
        }
        Assert.Empty(_scriptErrors);
    }

    [Fact]
    public async Task TheHostilePaperPageRunsNoScriptAndShowsThePayloadAsText()
    {
        await Page.GotoAsync($"/paper/{WebTests.HostileId}");

        await Expect(Page.Locator("h1")).ToHaveTextAsync("Hostile <script>window.pwned=1</script> title & more");
        await Expect(Page.Locator("ol.authors")).ToContainTextAsync("Mallory <img src=x onerror=alert(1)>");
        await Expect(Page.Locator("p.abstract")).ToContainTextAsync("An abstract with <img src=x onerror=\"window.pwned=2\"> and");
        var comment = Page.Locator("dl.facts dd", new PageLocatorOptions { HasText = "<b onmouseover=alert(2)>5 pages</b>" });
        await Expect(comment).ToBeVisibleAsync();
        await comment.HoverAsync();
        // The page's own scripts ran (KaTeX typeset the abstract's maths), so scripts were on, yet no payload ran.
        await Expect(Page.Locator("p.abstract .katex")).ToBeVisibleAsync();
        Assert.Equal(0, await Page.Locator("main img, main b, main script").CountAsync());
        Assert.Equal("undefined", await Page.EvaluateAsync<string>("() => typeof window.pwned"));

        // The same paper as a card on its day and as a search result.
        foreach (var path in new[] { "/", "/search?q=hostile&mode=keyword" })
        {
            await Page.GotoAsync(path);
            await Expect(Page.Locator($"article.card h2 a[href='/paper/{WebTests.HostileId}']")).ToContainTextAsync("<script>window.pwned=1</script>");
            await Expect(Page.Locator("article.card .authors").First).ToContainTextAsync("Mallory <img src=x onerror=alert(1)>");
            Assert.Equal(0, await Page.Locator("main img, main script").CountAsync());
            Assert.Equal("undefined", await Page.EvaluateAsync<string>("() => typeof window.pwned"));
        }
        Assert.Empty(_dialogs);
        Assert.Empty(_scriptErrors);
    }

    [Fact]
    public async Task AnAuthorsLinkShowsThatAuthorsPapers()
    {
        // Heng Ji, the last of ten authors here, wrote four papers of the sample.
        await Page.GotoAsync("/paper/2605.28009");
        var author = Page.Locator("ol.authors > li > a", new PageLocatorOptions { HasText = "Heng Ji" });

        await author.ClickAsync();

        // The author page: the people disambiguation finds behind the name, each with a profile header and cards.
        await Expect(Page).ToHaveURLAsync(AuthorPageUrl());
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Heng Ji");
        await Expect(Page.Locator("section.person .profile-header").First).ToContainTextAsync("h-index");
        await Expect(Page.Locator("article.card")).ToHaveCountAsync(4);
        await Expect(Page.Locator("article.card h2 a[href='/paper/2605.28009']")).ToBeVisibleAsync();
        var ids = (await Page.Locator("article.card h2 a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"))
            .Select(href => href["/paper/".Length..])
            .ToList();
        foreach (var id in ids)
        {
            var paper = await Page.Context.APIRequest.GetAsync($"/api/v1/papers/{id}");
            using var json = JsonDocument.Parse(await paper.TextAsync());
            Assert.Contains("Heng Ji", json.RootElement.GetProperty("authors").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        }
        await Screenshot("author");
        Assert.Empty(_scriptErrors);
    }

    private Task Screenshot(string name) => Screenshot(Page, name);

    /// <summary>A full-page screenshot of <paramref name="page"/> into docs/screenshots/NAME.png.</summary>
    internal static Task Screenshot(IPage page, string name)
    {
        var folder = Path.Combine(SharedData.RepositoryRoot, "docs", "screenshots");
        Directory.CreateDirectory(folder);
        return page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(folder, name + ".png"),
            FullPage = true,
            Animations = ScreenshotAnimations.Disabled,
        });
    }

    [GeneratedRegex(@"/search\?q=diffusion$")]
    private static partial Regex SearchUrl();

    [GeneratedRegex(@"/search\?q=diffusion&mode=hybrid&page=2$")]
    private static partial Regex NextPageUrl();

    [GeneratedRegex(@"/author\?name=Heng%20Ji$")]
    private static partial Regex AuthorPageUrl();

    [GeneratedRegex(@"^#1 ")]
    private static partial Regex FirstRank();

    [GeneratedRegex("^RSS feed of this (page|search)$")]
    private static partial Regex RssLinkText();
}
