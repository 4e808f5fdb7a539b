using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using MimeKit;
using PaperRadar.IntegrationTests.Support;
using PaperRadar.Storage;
using PaperRadar.Storage.Authors;
using PaperRadar.Web;

namespace PaperRadar.IntegrationTests;

/// <summary>
/// Subscriptions and digests end to end: the real `paperradar` process, a real store filled day by day with the real
/// arxiv-daily files, and a real SMTP server (aiosmtpd) on 127.0.0.1 that writes what it accepts to a folder; its
/// failures (down, dropping the connection after DATA, a sender killed mid-send) are the server's and the process's
/// own, not simulated in PaperRadar's code. Every count of delivered mails is exact.
/// </summary>
public sealed partial class DigestTests : IDisposable
{
    private const string PublicUrl = "http://radar.test/";
    private readonly ScratchDirectory _temp = new();
    private readonly string _db;

    public DigestTests() => _db = _temp.File("digests.db");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void NothingIsSentBeforeConfirmationAndTheConfirmationTokenWorksOnce()
    {
        using var sink = SmtpSink.Start(_temp.File("mail"));
        Import("2025-03-18");
        Assert.Equal(0, Cli(sink, "subscribe", "ada@example.org", "--search", "diffusion").ExitCode);
        var confirmation = Assert.Single(sink.Messages());
        Assert.Equal("ada@example.org", Assert.Single(confirmation.To.Mailboxes).Address);
        var token = TokenIn(confirmation, "subscriptions/confirm");

        // Unconfirmed: the digest run sends nothing.
        Assert.Equal(0, Cli(sink, "digest", "--now", "2025-03-18").ExitCode);
        Assert.Single(sink.Messages());

        Assert.Equal(1, Cli(sink, "subscriptions", "confirm", token[..^2] + "xx").ExitCode);
        Assert.Equal(0, Cli(sink, "subscriptions", "confirm", token).ExitCode);
        var again = Cli(sink, "subscriptions", "confirm", token);
        Assert.Contains("already used", again.Stderr, StringComparison.Ordinal);

        Assert.Equal(0, Cli(sink, "digest", "--now", "2025-03-18").ExitCode);
        var digest = sink.Messages()[1];
        Assert.Equal("<digest.1.2025-03-18@radar.test>", $"<{digest.MessageId}>");
        Assert.Equal("List-Unsubscribe=One-Click", digest.Headers["List-Unsubscribe-Post"]);
        var unsubscribe = digest.Headers["List-Unsubscribe"]!.Trim();
        Assert.Matches("^<http://radar.test/unsubscribe\\?token=1-[A-Za-z0-9_-]{32}>$", unsubscribe);
        Assert.Contains("Unsubscribe: " + unsubscribe.Trim('<', '>'), digest.TextBody!, StringComparison.Ordinal);
        Assert.Contains(unsubscribe.Trim('<', '>'), digest.HtmlBody!, StringComparison.Ordinal);

        // Every paper shown was listed that day and has the word (as the index stems it: diffusion, diffusive...).
        var ids = PaperIdsIn(digest);
        Assert.Equal(20, ids.Count); // capped; the day has more than 20 diffusion papers
        Assert.Contains("…and", digest.TextBody!, StringComparison.Ordinal);
        using (var store = PaperStore.Open(_db))
        {
            foreach (var paper in store.GetPapers(ids))
            {
                Assert.Contains(new DateOnly(2025, 3, 18), paper.ListedOn);
                Assert.Contains("diffus", (paper.Title + " " + paper.Abstract).ToLowerInvariant(), StringComparison.Ordinal);
            }
        }

        // The same day again: its digest exists; nothing more is sent.
        Assert.Equal(0, Cli(sink, "digest", "--now", "2025-03-18").ExitCode);
        Assert.Equal(2, sink.Messages().Count);
    }

    [Fact]
    public void DigestsOverSimulatedDaysSendOnlyNewMatchingPapersAndNeverOneTwice()
    {
        using var sink = SmtpSink.Start(_temp.File("mail"));
        Import("2025-03-18");
        SubscribeAndConfirm(sink, "ada@example.org", "--search", "language model");
        SubscribeAndConfirm(sink, "bob@example.org", "--category", "cs.CL");
        SubscribeAndConfirm(sink, "cy@example.org", "--author", "Xiao Xiang Zhu");
        SubscribeAndConfirm(sink, "dee@example.org", "--category", "cs.RO", "--weekly");
        var confirmations = sink.Messages().Count;
        Assert.Equal(4, confirmations);

        // Three listing days (Tuesday to Thursday of one ISO week), imported in order, one digest run after each.
        string[] days = ["2025-03-18", "2025-03-19", "2025-03-20"];
        foreach (var day in days)
        {
            if (day != days[0])
            {
                Import(day);
            }
            Assert.Equal(0, Cli(sink, "digest", "--now", day).ExitCode);
        }
        var digests = sink.Messages().Skip(confirmations).ToList();
        var byRecipient = digests.GroupBy(m => m.To.Mailboxes.Single().Address).ToDictionary(g => g.Key, g => g.ToList());

        // A category with papers every day: one digest a day. Weekly: one for the week. Message-IDs never repeat.
        Assert.Equal(3, byRecipient["bob@example.org"].Count);
        Assert.Single(byRecipient["dee@example.org"]);
        Assert.Equal(digests.Count, digests.Select(m => m.MessageId).Distinct(StringComparer.Ordinal).Count());

        using var store = PaperStore.Open(_db);
        foreach (var (recipient, mails) in byRecipient)
        {
            var ids = mails.SelectMany(PaperIdsIn).ToList();
            Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count()); // no paper twice to one subscriber
            foreach (var paper in store.GetPapers(ids))
            {
                switch (recipient)
                {
                    case "bob@example.org":
                        Assert.Contains("cs.CL", paper.Categories);
                        break;
                    case "dee@example.org":
                        Assert.Contains("cs.RO", paper.Categories);
                        break;
                    case "cy@example.org":
                        // The followed name, or one that can be the same person's ("X. X. Zhu"): surname and initial agree.
                        Assert.Contains(paper.Authors, a => a.Name.EndsWith(" Zhu", StringComparison.Ordinal) && a.Name.StartsWith('X'));
                        break;
                    default:
                        var text = (paper.Title + " " + paper.Abstract).ToLowerInvariant();
                        Assert.True(text.Contains("languag", StringComparison.Ordinal) && text.Contains("model", StringComparison.Ordinal), paper.Id.Value);
                        break;
                }
            }
        }
        // Each daily digest shows papers new that day (the first day's papers are not sent again on the next days).
        var bobDays = byRecipient["bob@example.org"].Select(m => store.GetPapers(PaperIdsIn(m)).SelectMany(p => p.ListedOn).Max()).ToList();
        Assert.Equal(days.Select(d => DateOnly.Parse(d, System.Globalization.CultureInfo.InvariantCulture)), bobDays);
        // The author's papers on those days (7 in the arxiv-daily files) all reached the follower.
        var followed = store.AllPapers().Where(p => p.Authors.Any(a => a.Name == "Xiao Xiang Zhu")).Select(p => p.Id.Value).ToList();
        Assert.Equal(7, followed.Count);
        Assert.Subset(byRecipient["cy@example.org"].SelectMany(PaperIdsIn).ToHashSet(), followed.ToHashSet());
    }

    [Fact]
    public void FollowingAPersonByIdSendsOnlyThatPersonsPapers()
    {
        using var sink = SmtpSink.Start(_temp.File("mail"));
        Import("2025-03-18");
        Assert.Equal(0, Cli(sink, "index").ExitCode);
        var people = JsonDocument.Parse(Cli(sink, "author", "Xiao Xiang Zhu", "--json").Stdout).RootElement;
        var person = people.GetProperty("people").EnumerateArray().First();
        var personId = person.GetProperty("id").GetString()!;
        SubscribeAndConfirm(sink, "cy@example.org", "--author", personId);
        // The confirmation names the person, not just the id.
        Assert.Contains($"Xiao Xiang Zhu ({personId})", sink.Messages()[0].TextBody, StringComparison.Ordinal);

        string[] days = ["2025-03-19", "2025-03-20"];
        foreach (var day in days)
        {
            Import(day);
            Assert.Equal(0, Cli(sink, "index").ExitCode);
            Assert.Equal(0, Cli(sink, "digest", "--now", day).ExitCode);
        }
        var digests = sink.Messages().Skip(1).ToList();
        Assert.NotEmpty(digests);
        var sent = digests.SelectMany(PaperIdsIn).ToList();
        using var store = PaperStore.Open(_db);
        var linked = store.PersonIdsOfPapers(sent);
        // A later index may join the followed person with another one and retire one of the two ids: the
        // subscription follows the id to the person now holding the papers.
        var followedNow = AuthorProfiles.ResolvePerson(store, personId)?.Id;
        Assert.NotNull(followedNow);
        // Every paper sent has an author entry disambiguation gave to the followed person; and all of theirs that
        // were new on those days were sent.
        Assert.All(sent, id => Assert.Contains(linked, l => l.Key.PaperId == id && l.Value == followedNow));
        var theirs = store.PersonLinksOf(followedNow).Select(l => l.PaperId).ToHashSet(StringComparer.Ordinal);
        var newOnThoseDays = store.GetPapers(theirs).Where(p => p.ListedOn.Min() > new DateOnly(2025, 3, 18)).Select(p => p.Id.Value);
        Assert.Subset(sent.ToHashSet(), newOnThoseDays.ToHashSet());
        Assert.All(digests, m => Assert.Contains("a person you follow", m.TextBody, StringComparison.Ordinal));

        var unknown = Cli(sink, "subscribe", "dee@example.org", "--author", "x-zhu-00000000");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("the store has no person x-zhu-00000000", unknown.Stderr + unknown.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void PapersLikeTheseSendsPapersCloseToTheLibraryAndNotTheLibraryItself()
    {
        using var sink = SmtpSink.Start(_temp.File("mail"));
        Import("2025-03-18");
        Import("2025-03-19");
        // A real library: the three medical-imaging papers one author name signs on 2025-03-19.
        string[] library = ["2503.13828", "2503.13987", "2503.13989"];
        SubscribeAndConfirm(sink, "eve@example.org", "--like", string.Join(',', library));
        Import("2025-03-20");
        var run = Cli(sink, "digest", "--now", "2025-03-20");
        Assert.True(run.ExitCode == 0, run.ToString());
        var digest = Assert.Single(sink.Messages().Skip(1));
        var ids = PaperIdsIn(digest);
        Assert.NotEmpty(ids);
        Assert.DoesNotContain(ids, library.Contains);
        Assert.Contains("like your saved paper", digest.TextBody!, StringComparison.Ordinal);
        // The model keeps to the library's field: most papers shown are medical imaging, and among them the same
        // group's three papers of that day (2503.14958, 2503.14966, 2503.14979) are found.
        using var check = PaperStore.Open(_db);
        var shown = check.GetPapers(ids);
        var medical = shown.Count(p => MedicalRegex().IsMatch(p.Title + " " + p.Abstract));
        Assert.True(medical * 2 > shown.Count, string.Join("\n", shown.Select(p => p.Title)));
        Assert.True(new[] { "2503.14958", "2503.14966", "2503.14979" }.Count(ids.Contains) >= 2, string.Join("\n", shown.Select(p => p.Id + " " + p.Title)));
    }

    [Fact]
    public async Task UnsubscribingByTheOneClickHeaderAndByTheLinkStopsTheDigests()
    {
        using var sink = SmtpSink.Start(_temp.File("mail"));
        Import("2025-03-18");
        SubscribeAndConfirm(sink, "ada@example.org", "--category", "cs.CL");
        SubscribeAndConfirm(sink, "ada@example.org", "--category", "cs.CV");
        SubscribeAndConfirm(sink, "bob@example.org", "--category", "cs.CV");
        Assert.Equal(0, Cli(sink, "digest", "--now", "2025-03-18").ExitCode);
        var digests = sink.Messages().Skip(3).ToList();
        Assert.Equal(3, digests.Count);

        await using var app = PaperRadarWeb.Build(new WebOptions { StorePath = _db, Urls = ["http://127.0.0.1:0"], CacheSeconds = 0 });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        string Local(string link) => link.Replace(PublicUrl, "/", StringComparison.Ordinal);

        // RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to the header's address.
        var header = digests.Single(m => (m.MessageId ?? "").StartsWith("digest.1.", StringComparison.Ordinal)).Headers["List-Unsubscribe"]!.Trim().Trim('<', '>');
        using (var oneClick = await client.PostAsync(Local(header), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")])))
        {
            Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        }
        // The link in the body: opening it (a mail scanner would too) changes nothing; its button unsubscribes.
        var link = UnsubscribeLinkRegex().Match(digests.Single(m => (m.MessageId ?? "").StartsWith("digest.2.", StringComparison.Ordinal)).TextBody!).Groups[1].Value;
        var page = await client.GetStringAsync(Local(link));
        Assert.Contains("<button type=\"submit\">Unsubscribe</button>", page, StringComparison.Ordinal);
        using (var store = PaperStore.Open(_db))
        {
            Assert.True(store.GetSubscription(2)!.IsActive);
        }
        using (var button = await client.PostAsync(Local(link), new FormUrlEncodedContent([])))
        {
            Assert.Equal(HttpStatusCode.OK, button.StatusCode);
        }
        // A forged token unsubscribes no one.
        using (var forged = await client.PostAsync("/unsubscribe?token=3-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", new FormUrlEncodedContent([])))
        {
            Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        }

        Import("2025-03-19");
        Assert.Equal(0, Cli(sink, "digest", "--now", "2025-03-19").ExitCode);
        var after = sink.Messages().Skip(6).ToList();
        Assert.Equal("bob@example.org", Assert.Single(after).To.Mailboxes.Single().Address);

        // And from the command line: every subscription of an address.
        Assert.Equal(0, Cli(sink, "unsubscribe", "bob@example.org").ExitCode);
        Import("2025-03-20");
        Assert.Equal(0, Cli(sink, "digest", "--now", "2025-03-20").ExitCode);
        Assert.Equal(7, sink.Messages().Count);
    }

    [Fact]
    public void WhenTheMailServerIsDownTheDigestsGoOutOnceItIsBackNoneLostNoneTwice()
    {
        using var sink = SmtpSink.Start(_temp.File("mail"));
        Import("2025-03-18");
        SubscribeThree(sink);
        sink.Down();
        var down = Cli(sink, "digest", "--now", "2025-03-18", "--json");
        Assert.Equal(2, down.ExitCode);
        Assert.Equal(3, Totals(down).GetProperty("waiting").GetInt32());
        Assert.Contains("cannot reach the mail server smtp://127.0.0.1:", down.Stderr, StringComparison.Ordinal);

        sink.Up();
        var up = Cli(sink, "digest", "--now", "2025-03-18", "--json");
        Assert.Equal(0, up.ExitCode);
        Assert.Equal(3, Totals(up).GetProperty("sent").GetInt32());
        AssertDigestsDeliveredOnce(sink, 3);
        Assert.Equal(0, Cli(sink, "digest", "--now", "2025-03-18").ExitCode);
        AssertDigestsDeliveredOnce(sink, 3);
    }

    [Fact]
    public void AServerThatHangsUpAfterTheWholeMessageLeavesItInDoubtUntilAnOperatorResendsIt()
    {
        using var sink = SmtpSink.Start(_temp.File("mail"));
        Import("2025-03-18");
        SubscribeThree(sink);
        // The server reads two digests to their end and hangs up without a word: as far as the sender can tell, it may
        // have accepted them (only its answer was lost), so neither is sent again by itself.
        sink.DropAfterData(2);
        var first = Cli(sink, "digest", "--now", "2025-03-18", "--json");
        Assert.Equal(2, first.ExitCode);
        Assert.Equal(1, Totals(first).GetProperty("sent").GetInt32());
        Assert.Equal(0, Totals(first).GetProperty("waiting").GetInt32());
        var inDoubt = InDoubtIds(first);
        Assert.Equal(2, inDoubt.Count);
        AssertDigestsDeliveredOnce(sink, 1);

        // The next run sends neither and lists both, with what to do.
        var second = Cli(sink, "digest", "--now", "2025-03-18");
        Assert.Equal(2, second.ExitCode);
        Assert.All(inDoubt, id => Assert.Matches($@"(?m)^  {Regex.Escape(id)}  to \S+@example\.org  digest of subscription \d+, period 2025-03-18  in doubt since 20\d\d-\d\d-\d\d \d\d:\d\d:\d\d UTC\r?$", second.Stdout));
        Assert.Contains("--resend-in-doubt MESSAGE-ID", second.Stdout, StringComparison.Ordinal);
        AssertDigestsDeliveredOnce(sink, 1);

        // Ids that name no message in doubt are refused, saying why, and nothing is sent.
        var unknown = Cli(sink, "digest", "--resend-in-doubt", "digest.99.2025-03-18@radar.test");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("--resend-in-doubt 'digest.99.2025-03-18@radar.test': no message with this Message-ID in the outbox", unknown.Stderr, StringComparison.Ordinal);
        var delivered = sink.Messages().Last().MessageId!;
        var notInDoubt = Cli(sink, "digest", "--resend-in-doubt", delivered);
        Assert.Equal(1, notInDoubt.ExitCode);
        Assert.Contains("this message is sent, not in doubt", notInDoubt.Stderr, StringComparison.Ordinal);
        var both = Cli(sink, "digest", "--resend-in-doubt", inDoubt[0], "--mark-sent", inDoubt[1]);
        Assert.Equal(1, both.ExitCode);
        Assert.Contains("not both", both.Stderr, StringComparison.Ordinal);
        AssertDigestsDeliveredOnce(sink, 1);

        // The operator resends one by its Message-ID (written as a mail shows it), then every one left: each goes out
        // exactly once more, with its own Message-ID unchanged.
        var one = Cli(sink, "digest", "--resend-in-doubt", $"<{inDoubt[0]}>", "--json");
        Assert.Equal(0, one.ExitCode);
        Assert.Equal(1, Totals(one).GetProperty("resent").GetInt32());
        Assert.Equal([inDoubt[1]], InDoubtIds(one));
        AssertDigestsDeliveredOnce(sink, 2);
        Assert.Equal(inDoubt[0], sink.Messages().Last().MessageId);
        var rest = Cli(sink, "digest", "--resend-in-doubt");
        Assert.Equal(0, rest.ExitCode);
        AssertDigestsDeliveredOnce(sink, 3);
        Assert.Equal(inDoubt[1], sink.Messages().Last().MessageId);

        var quiet = Cli(sink, "digest", "--now", "2025-03-18", "--json");
        Assert.Equal(0, quiet.ExitCode);
        Assert.Empty(InDoubtIds(quiet));
        AssertDigestsDeliveredOnce(sink, 3);
    }

    [Fact]
    public void ADigestRunKilledBeforeTheMessageWentOutIsFinishedByTheNextRunNoneLostNoneTwice()
    {
        using var sink = SmtpSink.Start(_temp.File("mail"));
        Import("2025-03-18");
        SubscribeThree(sink);
        // The server stops answering at the first digest's RCPT TO, and the sender is killed there: the message never
        // left it, so the server cannot have it. While the sender lives, another process sees its claim as alive.
        string? claim = null;
        KillADigestRunWhileTheServerHolds(sink, SmtpSink.HoldPoint.Recipient, whileHeld: () =>
        {
            using var store = PaperStore.Open(_db);
            claim = Assert.Single(store.OutboxMessages(OutboxStatus.Sending)).ClaimedBy!;
            Assert.False(PaperRadar.Digests.MailDelivery.IsAbandoned(claim), claim);
        });
        Assert.True(PaperRadar.Digests.MailDelivery.IsAbandoned(claim!));
        AssertDigestsDeliveredOnce(sink, 0);
        using (var store = PaperStore.Open(_db))
        {
            // Recorded before sending: the three digests are in the outbox, one claimed by the dead run, none in doubt.
            Assert.Equal(3, store.OutboxMessages().Count(m => m.Purpose == "digest"));
            Assert.Single(store.OutboxMessages(OutboxStatus.Sending));
            Assert.Empty(store.OutboxMessages(OutboxStatus.InDoubt));
        }

        var next = Cli(sink, "digest", "--now", "2025-03-18", "--json");
        Assert.Equal(0, next.ExitCode);
        Assert.Equal(1, Totals(next).GetProperty("resent_unfinished").GetInt32());
        Assert.Equal(3, Totals(next).GetProperty("sent").GetInt32());
        Assert.Equal(0, Totals(next).GetProperty("due").GetInt32()); // the period was recorded by the killed run
        Assert.Empty(InDoubtIds(next));
        AssertDigestsDeliveredOnce(sink, 3);
    }

    [Fact]
    public void ADigestRunKilledAfterTheServerHadTheWholeMessageNeverSendsItAgainAndListsItInDoubt()
    {
        using var sink = SmtpSink.Start(_temp.File("mail"));
        Import("2025-03-18");
        SubscribeThree(sink);
        // The server keeps the first digest and holds back its "250"; the sender is killed waiting for it. The
        // recipient has the message; the sender never heard so.
        KillADigestRunWhileTheServerHolds(sink, SmtpSink.HoldPoint.AfterKeeping);
        AssertDigestsDeliveredOnce(sink, 1);
        var kept = sink.Messages().Last();
        using (var store = PaperStore.Open(_db))
        {
            Assert.Equal(3, store.OutboxMessages().Count(m => m.Purpose == "digest"));
            Assert.Empty(store.OutboxMessages(OutboxStatus.Sending));
            Assert.Equal(kept.MessageId, Assert.Single(store.OutboxMessages(OutboxStatus.InDoubt)).MessageId);
        }

        // The next run sends the two others and not that one again; it lists it and exits with 2 (someone must look).
        var next = Cli(sink, "digest", "--now", "2025-03-18", "--json");
        Assert.Equal(2, next.ExitCode);
        Assert.Equal(2, Totals(next).GetProperty("sent").GetInt32());
        Assert.Equal(0, Totals(next).GetProperty("resent_unfinished").GetInt32());
        var listed = Assert.Single(Totals(next).GetProperty("in_doubt").EnumerateArray());
        Assert.Equal(kept.MessageId, listed.GetProperty("message_id").GetString());
        Assert.Equal(kept.To.Mailboxes.Single().Address, listed.GetProperty("recipient").GetString());
        Assert.Equal("2025-03-18", listed.GetProperty("period").GetString());
        AssertDigestsDeliveredOnce(sink, 3);
        Assert.Single(sink.Messages(), m => m.MessageId == kept.MessageId);

        // The recipient has it: the operator records it sent. It is never sent again, and runs are quiet.
        var marked = Cli(sink, "digest", "--mark-sent", kept.MessageId!);
        Assert.True(marked.ExitCode == 0, marked.ToString());
        Assert.Contains($"recorded {kept.MessageId} to {kept.To.Mailboxes.Single().Address} as sent", marked.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, Cli(sink, "digest", "--mark-sent", kept.MessageId!).ExitCode); // once
        var quiet = Cli(sink, "digest", "--now", "2025-03-18", "--json");
        Assert.Equal(0, quiet.ExitCode);
        Assert.Empty(InDoubtIds(quiet));
        AssertDigestsDeliveredOnce(sink, 3);
    }

    [Fact]
    public void CredentialsInTheMailServerUrlNeverReachTheOutput()
    {
        using var sink = SmtpSink.Start(_temp.File("mail"));
        Import("2025-03-18");
        var environment = Environment(sink);
        environment["PAPERRADAR_SMTP"] = $"smtp://digests:Sup3r-Secret-Pw@127.0.0.1:{sink.Port}?tls=none";
        // aiosmtpd offers no login here: the subscription is refused to be sent, saying why, without the password.
        var result = PaperRadarProcess.Run(["subscribe", "ada@example.org", "--trending", "--db", _db], environment);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does not offer to log in", result.Stderr + result.Stdout, StringComparison.Ordinal);
        Assert.Contains("smtp://digests:***@127.0.0.1", result.Stderr + result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Sup3r-Secret-Pw", result.Stderr + result.Stdout, StringComparison.Ordinal);
        Assert.Empty(sink.Messages());
    }

    [Fact]
    public async Task TheWebFormLimitsConfirmationMailsPerAddressAndServeSendsThemAtOnce()
    {
        using var sink = SmtpSink.Start(_temp.File("mail"));
        Import("2025-03-18");
        using var process = Process.Start(PaperRadarProcess.StartInfo(
            ["serve", "--db", _db, "--urls", "http://127.0.0.1:0", "--digests", "off"], Environment(sink)))!;
        _ = process.StandardError.ReadToEndAsync();
        try
        {
            string? address = null;
            while (address is null && await process.StandardOutput.ReadLineAsync() is { } line)
            {
                address = ServingRegex().Match(line) is { Success: true } m ? m.Groups[1].Value : null;
            }
            var rest = process.StandardOutput.ReadToEndAsync();
            Assert.True(address is not null, "serve printed no address");
            using var client = new HttpClient { BaseAddress = new Uri(address) };
            Assert.Contains("<form method=\"post\" action=\"/subscribe\"", await client.GetStringAsync("/subscribe?category=cs.CL"), StringComparison.Ordinal);
            var statuses = new List<HttpStatusCode>();
            foreach (var category in new[] { "cs.CL", "cs.CV", "cs.LG", "cs.AI" })
            {
                using var response = await client.PostAsync("/subscribe", new FormUrlEncodedContent(
                    [new("email", "victim@example.org"), new("kind", "category"), new("target", category), new("frequency", "daily")]));
                statuses.Add(response.StatusCode);
            }
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, (HttpStatusCode)429], statuses);
            using (var bad = await client.PostAsync("/subscribe", new FormUrlEncodedContent(
                       [new("email", "a@b@example.org"), new("kind", "category"), new("target", "cs.CL")])))
            {
                Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
                Assert.Contains("exactly one @", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            // The confirmations go out at once (serve's outbox), three and no more.
            var clock = Stopwatch.StartNew();
            while (sink.Messages().Count < 3 && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(100);
            }
            await Task.Delay(500);
            Assert.Equal(3, sink.Messages().Count);

            // Confirming: the link's page changes nothing; its button confirms.
            var token = TokenIn(sink.Messages()[0], "subscriptions/confirm");
            Assert.Contains("Confirm", await client.GetStringAsync($"/subscriptions/confirm?token={token}"), StringComparison.Ordinal);
            using var confirmed = await client.PostAsync("/subscriptions/confirm", new FormUrlEncodedContent([new("token", token)]));
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
            using var reused = await client.PostAsync("/subscriptions/confirm", new FormUrlEncodedContent([new("token", token)]));
            Assert.Equal(HttpStatusCode.Gone, reused.StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        using var store = PaperStore.Open(_db);
        Assert.Equal(1, store.Subscriptions("victim@example.org").Count(s => s.IsActive));
    }

    [Fact]
    public void ConfirmationTokensExpireAndAnAddressGetsAtMostThreeADay()
    {
        var clock = new SettableClock(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        var mail = new PaperRadar.Digests.MailSettings(PaperRadar.Digests.SmtpSettings.Parse("smtp://127.0.0.1:9?tls=none"),
            new MailboxAddress("PaperRadar", "digests@radar.test"), new Uri(PublicUrl));
        using var store = PaperStore.Open(_db);
        var subscriptions = new PaperRadar.Digests.Subscriptions(store, mail, clock);
        string Token(int index) => TokenIn(PaperRadar.Digests.Mails.Parse(store.OutboxMessages()[index].Message), "subscriptions/confirm");

        subscriptions.Subscribe("ada@example.org", SubscriptionKind.Category, "cs.CL", DigestFrequency.Daily, "10.0.0.1");
        clock.Now += TimeSpan.FromHours(49);
        Assert.Equal(TokenUse.Expired, subscriptions.Confirm(Token(0)).Use);
        Assert.False(store.GetSubscription(1)!.IsActive);

        // A new request sends a new token, which works once.
        subscriptions.Subscribe("ada@example.org", SubscriptionKind.Category, "cs.CL", DigestFrequency.Daily, "10.0.0.1");
        Assert.Equal(TokenUse.Accepted, subscriptions.Confirm(Token(1)).Use);
        Assert.Equal(TokenUse.AlreadyUsed, subscriptions.Confirm(Token(1)).Use);
        Assert.True(store.GetSubscription(1)!.IsActive);

        // Someone else's address: three confirmation mails a day, whoever asks, then refused until the day has passed.
        foreach (var category in new[] { "cs.CV", "cs.LG", "cs.AI" })
        {
            subscriptions.Subscribe("victim@example.org", SubscriptionKind.Category, category, DigestFrequency.Daily, $"10.0.0.{category.Length}");
        }
        var refused = Assert.Throws<PaperRadar.Digests.SubscriptionRefusedException>(() =>
            subscriptions.Subscribe("victim@example.org", SubscriptionKind.Category, "cs.RO", DigestFrequency.Daily, "10.9.9.9"));
        Assert.True(refused.TooMany);
        Assert.Equal(5, store.OutboxMessages().Count);
        clock.Now += TimeSpan.FromHours(25);
        subscriptions.Subscribe("victim@example.org", SubscriptionKind.Category, "cs.RO", DigestFrequency.Daily, "10.9.9.9");
        Assert.Equal(6, store.OutboxMessages().Count);
    }

    /// <summary>
    /// Starts a digest run, kills it while the server holds its answer at <paramref name="point"/> of the first digest
    /// (after <paramref name="whileHeld"/>, when given), then lets the server answer again.
    /// </summary>
    private void KillADigestRunWhileTheServerHolds(SmtpSink sink, SmtpSink.HoldPoint point, Action? whileHeld = null)
    {
        sink.Hold(point);
        using (var process = Process.Start(PaperRadarProcess.StartInfo(["digest", "--now", "2025-03-18", "--db", _db], Environment(sink)))!)
        {
            process.StandardOutput.ReadToEndAsync();
            process.StandardError.ReadToEndAsync();
            var clock = Stopwatch.StartNew();
            while (!sink.IsHolding && !process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2))
            {
                Thread.Sleep(20);
            }
            Assert.True(sink.IsHolding, "the digest run never reached the mail server");
            try
            {
                whileHeld?.Invoke();
            }
            finally
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }
        sink.Release();
    }

    /// <summary>The Message-IDs of the messages in doubt that a --json run lists with its totals.</summary>
    private static List<string> InDoubtIds(CliResult result) =>
        Totals(result).GetProperty("in_doubt").EnumerateArray().Select(m => m.GetProperty("message_id").GetString()!).ToList();

    private void SubscribeThree(SmtpSink sink)
    {
        SubscribeAndConfirm(sink, "ada@example.org", "--category", "cs.CL");
        SubscribeAndConfirm(sink, "bob@example.org", "--category", "cs.CV");
        SubscribeAndConfirm(sink, "cy@example.org", "--search", "diffusion");
    }

    /// <summary>Exactly <paramref name="count"/> digests arrived, each Message-ID once.</summary>
    private static void AssertDigestsDeliveredOnce(SmtpSink sink, int count)
    {
        var digests = sink.Messages().Where(m => (m.MessageId ?? "").StartsWith("digest.", StringComparison.Ordinal)).ToList();
        Assert.Equal(count, digests.Count);
        Assert.Equal(count, digests.Select(m => m.MessageId).Distinct(StringComparer.Ordinal).Count());
    }

    private void SubscribeAndConfirm(SmtpSink sink, string email, params string[] what)
    {
        var before = sink.Messages().Count;
        var subscribed = Cli(sink, ["subscribe", email, .. what]);
        Assert.True(subscribed.ExitCode == 0, subscribed.ToString());
        var confirmed = Cli(sink, "subscriptions", "confirm", TokenIn(sink.Messages()[before], "subscriptions/confirm"));
        Assert.True(confirmed.ExitCode == 0, confirmed.ToString());
    }

    private void Import(string day)
    {
        var result = PaperRadarProcess.Run("import", SharedData.Path("arxiv-daily", $"{day}.jsonl.gz"), "--db", _db);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    private CliResult Cli(SmtpSink sink, params string[] args) => PaperRadarProcess.Run([.. args, "--db", _db], Environment(sink));

    private static Dictionary<string, string?> Environment(SmtpSink sink) => new()
    {
        ["PAPERRADAR_SMTP"] = sink.Url,
        ["PAPERRADAR_MAIL_FROM"] = "PaperRadar <digests@radar.test>",
        ["PAPERRADAR_PUBLIC_URL"] = PublicUrl,
    };

    private static JsonElement Totals(CliResult result) =>
        JsonDocument.Parse(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).RootElement;

    private static string TokenIn(MimeMessage message, string path) =>
        Regex.Match(message.TextBody!, Regex.Escape(PublicUrl + path) + "\\?token=([A-Za-z0-9_-]+)") is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException($"no {path} link in:\n{message.TextBody!}");

    private static List<string> PaperIdsIn(MimeMessage message) =>
        PaperLinkRegex().Matches(message.TextBody!).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex(@"^   http://radar\.test/paper/(\S+?)\r?$", RegexOptions.Multiline)]
    private static partial Regex PaperLinkRegex();

    [GeneratedRegex(@"^Unsubscribe: (\S+?)\r?$", RegexOptions.Multiline)]
    private static partial Regex UnsubscribeLinkRegex();

    [GeneratedRegex(@"medical|clinical|patient|ultrasound|MRI|\bCT\b|patholog|surgical|\bcells?\b|lesion|tumou?r|radiolog|histolog", RegexOptions.IgnoreCase)]
    private static partial Regex MedicalRegex();

    [GeneratedRegex(@"is serving (http://\S+?),? ")]
    private static partial Regex ServingRegex();
}
