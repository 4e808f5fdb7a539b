using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using MimeKit;
using PaperRadar.Digests;
using PaperRadar.IntegrationTests.Support;
using PaperRadar.Search.Indexing;
using PaperRadar.Storage;
using PaperRadar.Storage.Import;
using PaperRadar.Web;
using PaperRadar.Web.Digests;
using PaperRadar.Web.Harvesting;
using static Microsoft.Playwright.Assertions;

namespace PaperRadar.IntegrationTests;

/// <summary>
/// Subscribing as a reader does it: Debian's headless Chromium on the real site (sample papers in a real SQLite file)
/// with a real SMTP server (aiosmtpd) behind it. The reader finds the digest link on a category listing, subscribes,
/// confirms from the link in the mail, gets a digest (built by the real `paperradar digest`), and unsubscribes from
/// the link in it. Screenshots land in docs/screenshots.
/// </summary>
public sealed partial class SubscriptionBrowserTests : IAsyncLifetime
{
    private const string Reader = "reader@example.org";

    private readonly ScratchDirectory _temp = new();
    private SmtpSink? _sink;
    private WebApplication? _site;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string _baseUrl = "";
    private string _db = "";

    private SmtpSink Sink => _sink ?? throw new InvalidOperationException("the mail server is not started");

    public async Task InitializeAsync()
    {
        _sink = SmtpSink.Start(_temp.File("mail"));
        _db = _temp.File("site.db");
        using (var store = PaperStore.Open(_db))
        {
            new Importer(store).Import([SharedData.Sample()]);
            SearchIndexer.Run(store, new IndexOptions());
        }
        // The public address goes into the mails' links, so the site listens on a port known before it starts.
        var port = SmtpSink.FreePort();
        _baseUrl = $"http://127.0.0.1:{port}";
        _site = PaperRadarWeb.Build(new WebOptions
        {
            StorePath = _db,
            Urls = [_baseUrl],
            RequestsPerMinute = 0,
            CacheSeconds = 0,
            Digests = new ScheduledDigestOptions
            {
                Mail = new MailSettings(new SmtpSettings("127.0.0.1", Sink.Port, SmtpTls.None, null, null),
                    new MailboxAddress("PaperRadar", "digests@radar.test"), new Uri(_baseUrl + "/")),
                Schedule = HarvestSchedule.Off,
                DeliveryInterval = TimeSpan.FromSeconds(1),
            },
        });
        await _site.StartAsync();
        (_playwright, _browser) = await BrowserTests.LaunchChromiumAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_site is not null)
        {
            await _site.DisposeAsync();
        }
        _sink?.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task AReaderSubscribesFromACategoryConfirmsFromTheMailAndUnsubscribesFromTheDigest()
    {
        var page = await _browser!.NewPageAsync(new BrowserNewPageOptions
        {
            BaseURL = _baseUrl,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-US",
        });
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);

        await page.GotoAsync("/list/cs.CL");
        await page.GetByRole(AriaRole.Link, new() { Name = "Email me these papers" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(SubscribeToCsClRegex());
        await Expect(page.Locator("select[name=kind]")).ToHaveValueAsync("category");
        await Expect(page.Locator("input[name=target]")).ToHaveValueAsync("cs.CL");
        await page.Locator("input[name=email]").FillAsync(Reader);
        await BrowserTests.Screenshot(page, "subscribe");
        await page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Check your inbox");
        await Expect(page.Locator("main")).ToContainTextAsync($"We sent a confirmation link to {Reader}");

        // The site sends the confirmation at once; nothing else goes to an address that has not confirmed.
        var confirmation = WaitForMessages(1)[0];
        Assert.Equal(Reader, confirmation.To.Mailboxes.Single().Address);
        var confirmLink = LinkIn(confirmation, "/subscriptions/confirm?token=");
        await page.GotoAsync(confirmLink);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Confirm your subscription");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Subscribed");
        await Expect(page.Locator("main")).ToContainTextAsync("new papers in cs.CL");
        await BrowserTests.Screenshot(page, "subscribed");

        // The confirmation link works once.
        await page.GotoAsync(confirmLink);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Already used");

        // A digest of the sample's last day, built and sent by the command-line tool, links back to unsubscribe.
        var digest = PaperRadarProcess.Run(["digest", "--now", "2026-05-28", "--db", _db], new Dictionary<string, string?>
        {
            ["PAPERRADAR_SMTP"] = Sink.Url,
            ["PAPERRADAR_MAIL_FROM"] = "PaperRadar <digests@radar.test>",
            ["PAPERRADAR_PUBLIC_URL"] = _baseUrl + "/",
        });
        Assert.True(digest.ExitCode == 0, digest.ToString());
        var digestMail = WaitForMessages(2)[1];
        Assert.Contains("new papers in cs.CL", digestMail.TextBody, StringComparison.Ordinal);
        var unsubscribeLink = LinkIn(digestMail, "/unsubscribe?token=");
        Assert.Equal($"<{unsubscribeLink}>", digestMail.Headers[HeaderId.ListUnsubscribe]);

        await page.GotoAsync(unsubscribeLink);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Unsubscribe");
        await BrowserTests.Screenshot(page, "unsubscribe");
        await page.GetByRole(AriaRole.Button, new() { Name = "Unsubscribe" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Unsubscribed");
        using (var store = PaperStore.Open(_db))
        {
            Assert.All(store.Subscriptions(Reader), s => Assert.False(s.IsActive));
        }
        Assert.Empty(scriptErrors);
    }

    [Fact]
    public async Task AFormWithABadAddressSaysWhatIsWrongAndSendsNothing()
    {
        var page = await _browser!.NewPageAsync(new BrowserNewPageOptions { BaseURL = _baseUrl });
        await page.GotoAsync("/subscribe?category=cs.CL");
        // The browser's own check is what a reader meets first; the server's is tested without it.
        await page.Locator("form.subscribe").EvaluateAsync("form => form.noValidate = true");
        await page.Locator("input[name=email]").FillAsync("not-an-address");
        await page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();

        await Expect(page.Locator("p.error[role=alert]")).ToContainTextAsync("not-an-address");
        await Expect(page.Locator("input[name=target]")).ToHaveValueAsync("cs.CL");
        await Task.Delay(TimeSpan.FromSeconds(2));   // the site's delivery pass runs every second
        Assert.Empty(Sink.Messages());
    }

    private IReadOnlyList<MimeMessage> WaitForMessages(int count)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            var messages = Sink.Messages();
            if (messages.Count >= count)
            {
                Assert.Equal(count, messages.Count);
                return messages;
            }
            Thread.Sleep(100);
        }
        throw new TimeoutException($"the mail server received {Sink.Messages().Count} messages in 30 s, not {count}");
    }

    private string LinkIn(MimeMessage message, string path)
    {
        var match = Regex.Match(message.TextBody ?? "", Regex.Escape(_baseUrl + path) + @"[^\s<>""]+");
        Assert.True(match.Success, $"no {path} link in the mail:\n{message.TextBody}");
        return match.Value;
    }

    [GeneratedRegex(@"/subscribe\?category=cs\.CL$")]
    private static partial Regex SubscribeToCsClRegex();
}
