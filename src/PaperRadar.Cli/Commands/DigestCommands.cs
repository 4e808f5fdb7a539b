using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PaperRadar.Digests;
using PaperRadar.Storage;

namespace PaperRadar.Cli.Commands;

/// <summary>The mail settings every verb that sends mail takes: --smtp, --mail-from, --public-url (or their environment variables).</summary>
internal sealed record MailOptions(Option<string?> Smtp, Option<string?> From, Option<string?> PublicUrl)
{
    public static MailOptions Create() => new(
        new Option<string?>("--smtp") { Description = $"The mail server: smtp://[user[:password]@]host[:port][?tls=none|starttls|tls] (default: ${SmtpSettings.Variable})." },
        new Option<string?>("--mail-from") { Description = $"Sender of confirmations and digests, e.g. \"PaperRadar <digests@example.org>\" (default: ${MailSettings.FromVariable})." },
        new Option<string?>("--public-url") { Description = $"The site's address, for the links in mails, e.g. https://papers.example.org/ (default: ${MailSettings.PublicUrlVariable})." });

    public void AddTo(Command command)
    {
        command.Options.Add(Smtp);
        command.Options.Add(From);
        command.Options.Add(PublicUrl);
    }

    public MailSettings? Resolve(ParseResult parse) =>
        MailSettings.Resolve(parse.GetValue(Smtp), parse.GetValue(From), parse.GetValue(PublicUrl));

    public MailSettings Require(ParseResult parse) => Resolve(parse) ?? throw new ArgumentException(
        $"no mail server is set: give --smtp or {SmtpSettings.Variable} (and --mail-from, --public-url or {MailSettings.FromVariable}, {MailSettings.PublicUrlVariable})");
}

/// <summary>`subscribe EMAIL (--search Q | --author NAME | --category CAT | --trending | --like IDS) [--weekly]`.</summary>
internal static class SubscribeCommand
{
    public static Command Create(Option<string?> db)
    {
        var email = new Argument<string>("EMAIL") { Description = "The address that will get the digests (it must confirm first)." };
        var search = new Option<string?>("--search") { Description = "Follow a saved search, in the search syntax: \"diffusion cat:cs.CV\"." };
        var author = new Option<string?>("--author") { Description = "Follow a person by the id `paperradar author NAME` shows (only that person, not namesakes: y-liu-3f94cf0b), or an author by name as written on papers (\"Yann LeCun\": anyone whose name can be that one)." };
        var category = new Option<string?>("--category") { Description = "Follow an arXiv category (cs.CL) or archive (cs)." };
        var trending = new Option<bool>("--trending") { Description = "Follow the trending papers." };
        var like = new Option<string?>("--like") { Description = "Follow papers like these: ids of papers in the store, comma-separated." };
        var weekly = new Option<bool>("--weekly") { Description = "One digest a week (default: one a day with new papers)." };
        var json = new Option<bool>("--json") { Description = "One JSON object: the subscription and whether a confirmation was sent." };
        var mail = MailOptions.Create();
        var command = new Command("subscribe", """
            Subscribe an address to email digests of a saved search, an author, a category, the trending papers, or papers
            like a few you name. A confirmation mail is sent first; nothing else goes to the address until its link is
            opened (or `paperradar subscriptions confirm TOKEN` is run). At most 3 confirmation mails go to one address a day.

            Example:
              paperradar subscribe ada@example.org --search "diffusion cat:cs.CV" --smtp smtp://mail.example.org --mail-from digests@example.org --public-url https://papers.example.org/
              paperradar subscribe ada@example.org --like 2503.12345,2503.23456 --weekly
            """);
        command.Arguments.Add(email);
        foreach (var option in new Option[] { search, author, category, trending, like, weekly, json })
        {
            command.Options.Add(option);
        }
        mail.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var chosen = new List<(SubscriptionKind Kind, string Target)>();
            if (parse.GetValue(search) is { } q)
            {
                chosen.Add((SubscriptionKind.Search, q));
            }
            if (parse.GetValue(author) is { } a)
            {
                chosen.Add((SubscriptionKind.Author, a));
            }
            if (parse.GetValue(category) is { } c)
            {
                chosen.Add((SubscriptionKind.Category, c));
            }
            if (parse.GetValue(trending))
            {
                chosen.Add((SubscriptionKind.Trending, ""));
            }
            if (parse.GetValue(like) is { } l)
            {
                chosen.Add((SubscriptionKind.Like, l));
            }
            if (chosen.Count != 1)
            {
                throw new ArgumentException("give exactly one of --search, --author, --category, --trending, --like");
            }
            var settings = mail.Require(parse);
            using var store = StoreLocation.Open(parse.GetValue(db));
            var subscriptions = new Subscriptions(store, settings, limits: new SubscriptionLimits { PerClientPerHour = int.MaxValue });
            SubscribeResult result;
            try
            {
                result = subscriptions.Subscribe(parse.GetValue(email)!, chosen[0].Kind, chosen[0].Target,
                    parse.GetValue(weekly) ? DigestFrequency.Weekly : DigestFrequency.Daily, "cli");
            }
            catch (SubscriptionRefusedException e)
            {
                throw new ArgumentException(e.Message, e);
            }
            DeliveryReport? delivery = null;
            if (result.ConfirmationMessageId is { } messageId)
            {
                delivery = new MailDelivery(store, settings, Console.Error.WriteLine)
                    .DeliverDue(ignoreBackoff: true, only: m => m.MessageId == messageId);
            }
            var sent = delivery is { Sent: > 0 };
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["subscription"] = SubscriptionsCommand.ToJson(result.Subscription),
                    ["confirmation_sent"] = sent,
                    ["already_confirmed"] = !result.ConfirmationQueued,
                    ["error"] = delivery?.Error,
                }));
            }
            else if (!result.ConfirmationQueued)
            {
                Console.Out.WriteLine($"{result.Subscription.Email} is already subscribed to {SubscriptionTargets.Describe(result.Subscription)} (subscription {result.Subscription.Id})");
            }
            else
            {
                Console.Out.WriteLine(sent
                    ? $"sent a confirmation to {result.Subscription.Email} for {SubscriptionTargets.Describe(result.Subscription)} (subscription {result.Subscription.Id}); digests start once it is confirmed"
                    : $"recorded subscription {result.Subscription.Id}; the confirmation mail is in the outbox and will be retried by `paperradar digest` or serve");
            }
            if (delivery is { InDoubt: > 0 })
            {
                Console.Error.WriteLine("paperradar: the confirmation mail was handed to the mail server but its answer never came: it is in doubt and is not sent again by itself (`paperradar digest` lists it)");
                return 2;
            }
            if (result.ConfirmationQueued && !sent)
            {
                Console.Error.WriteLine($"paperradar: the confirmation mail was not sent yet: {delivery?.Error ?? "the mail server did not accept it"}");
                return 2;
            }
            return 0;
        }));
        return command;
    }
}

/// <summary>`unsubscribe EMAIL|TOKEN`.</summary>
internal static class UnsubscribeCommand
{
    public static Command Create(Option<string?> db)
    {
        var who = new Argument<string>("EMAIL|TOKEN") { Description = "An address (every subscription of it) or the token of an unsubscribe link (that subscription)." };
        var command = new Command("unsubscribe", """
            Cancel subscriptions: every one of an address, or the one an unsubscribe link's token names. Digests already
            recorded for them and not yet sent are not sent.

            Example:
              paperradar unsubscribe ada@example.org
            """);
        command.Arguments.Add(who);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var value = parse.GetValue(who)!.Trim();
            using var store = StoreLocation.OpenExisting(parse.GetValue(db));
            // Unsubscribing sends no mail: the links it would need are not required here.
            var subscriptions = new Subscriptions(store, OfflineSettings);
            var cancelled = value.Contains('@', StringComparison.Ordinal)
                ? subscriptions.UnsubscribeAddress(value)
                : subscriptions.UnsubscribeWithToken(value) is { } one ? [one] : [];
            foreach (var subscription in cancelled)
            {
                Console.Out.WriteLine($"unsubscribed {subscription.Email} from {SubscriptionTargets.Describe(subscription)} (subscription {subscription.Id})");
            }
            if (cancelled.Count == 0)
            {
                Console.Error.WriteLine(value.Contains('@', StringComparison.Ordinal)
                    ? $"paperradar: {value} has no subscription in {store.Path}"
                    : $"paperradar: '{value}' is not an unsubscribe token of {store.Path}");
                return 2;
            }
            return 0;
        }));
        return command;
    }

    /// <summary>Settings for verbs that touch subscriptions without sending mail.</summary>
    internal static readonly MailSettings OfflineSettings = new(
        new SmtpSettings("localhost", 25, SmtpTls.None, null, null), new MimeKit.MailboxAddress("PaperRadar", "paperradar@localhost.invalid"),
        new Uri("http://localhost/"));
}

/// <summary>`subscriptions [--json]` and `subscriptions confirm TOKEN`.</summary>
internal static class SubscriptionsCommand
{
    public static Command Create(Option<string?> db)
    {
        var json = new Option<bool>("--json") { Description = "One JSON object per line, one per subscription." };
        var email = new Option<string?>("--email") { Description = "Only the subscriptions of this address." };
        var command = new Command("subscriptions", """
            List the subscriptions: address, what it follows, daily or weekly, confirmed or not, the last digest's period,
            and the outbox (messages pending, being sent, in doubt, sent, failed, cancelled).

            Example:
              paperradar subscriptions --json
              paperradar subscriptions confirm TOKEN
            """);
        command.Options.Add(json);
        command.Options.Add(email);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            using var store = StoreLocation.OpenExisting(parse.GetValue(db));
            var list = store.Subscriptions(parse.GetValue(email) is { } e ? EmailAddresses.Normalize(e) : null);
            foreach (var subscription in list)
            {
                Console.Out.WriteLine(parse.GetValue(json)
                    ? JsonSerializer.Serialize(ToJson(subscription))
                    : $"{subscription.Id,5}  {subscription.Email}  {SubscriptionTargets.Describe(subscription)}  {subscription.Frequency.ToString().ToLowerInvariant()}  " +
                      $"{(subscription.UnsubscribedAt is not null ? "unsubscribed" : subscription.ConfirmedAt is not null ? "confirmed" : "awaiting confirmation")}" +
                      $"{(subscription.LastPeriod is { } period ? "  last digest " + period : "")}");
            }
            if (!parse.GetValue(json))
            {
                var outbox = store.OutboxMessages().GroupBy(m => m.Status).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
                Console.Error.WriteLine($"{list.Count} subscription(s); outbox: " +
                    string.Join(", ", new[] { OutboxStatus.Pending, OutboxStatus.Sending, OutboxStatus.InDoubt, OutboxStatus.Sent, OutboxStatus.Failed, OutboxStatus.Cancelled }
                        .Select(s => $"{outbox.GetValueOrDefault(s)} {s}")));
            }
            return 0;
        }));

        var token = new Argument<string>("TOKEN") { Description = "The token from the confirmation mail's link." };
        var confirm = new Command("confirm", """
            Confirm a subscription with the token of its confirmation mail (what opening the link does).

            Example:
              paperradar subscriptions confirm 3q2-JfM0vL...
            """);
        confirm.Arguments.Add(token);
        confirm.SetAction(parse => CommandRunner.Run(() =>
        {
            using var store = StoreLocation.OpenExisting(parse.GetValue(db));
            var (use, subscription) = new Subscriptions(store, UnsubscribeCommand.OfflineSettings).Confirm(parse.GetValue(token)!);
            switch (use)
            {
                case TokenUse.Accepted:
                    Console.Out.WriteLine($"confirmed: {subscription!.Email} gets {subscription.Frequency.ToString().ToLowerInvariant()} digests of {SubscriptionTargets.Describe(subscription)}");
                    return 0;
                case TokenUse.AlreadyUsed:
                    Console.Error.WriteLine("paperradar: this confirmation token was already used");
                    return subscription is { IsActive: true } ? 0 : 1;
                case TokenUse.Expired:
                    Console.Error.WriteLine("paperradar: this confirmation token has expired; subscribe again to get a new one");
                    return 1;
                default:
                    Console.Error.WriteLine("paperradar: this is not a confirmation token of this store");
                    return 1;
            }
        }));
        command.Subcommands.Add(confirm);
        return command;
    }

    public static Dictionary<string, object?> ToJson(Subscription s) => new()
    {
        ["id"] = s.Id,
        ["email"] = s.Email,
        ["kind"] = s.Kind.ToString().ToLowerInvariant(),
        ["target"] = s.Target,
        ["frequency"] = s.Frequency.ToString().ToLowerInvariant(),
        ["confirmed"] = s.ConfirmedAt is not null,
        ["unsubscribed"] = s.UnsubscribedAt is not null,
        ["last_period"] = s.LastPeriod,
        ["covered_through"] = s.CoveredThrough?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };
}

/// <summary>`digest [--now DATE] [--dry-run] [--json]`, `digest --resend-in-doubt [MESSAGE-ID]`, `digest --mark-sent MESSAGE-ID`.</summary>
internal static class DigestCommand
{
    public static Command Create(Option<string?> db)
    {
        var now = new Option<string?>("--now") { Description = "Build the digests due at this moment (yyyy-MM-dd or an ISO 8601 time; default: now)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show the digests that are due; record and send nothing." };
        var json = new Option<bool>("--json") { Description = "One JSON object per line per digest, then one with the totals (and the messages in doubt)." };
        var resendInDoubt = new Option<string?>("--resend-in-doubt")
        {
            Arity = ArgumentArity.ZeroOrOne,
            Description = "Send a message in doubt again, by its Message-ID (every one in doubt when none is given), once its recipient says it did not arrive: the same bytes and Message-ID go out. Builds no digests.",
        };
        var markSent = new Option<string?>("--mark-sent") { Description = "Record a message in doubt as sent, by its Message-ID, once its recipient says it arrived. Builds no digests." };
        var mail = MailOptions.Create();
        var command = new Command("digest", """
            Build and send the digests due: for every confirmed subscription whose day (or ISO week, when weekly) has no
            digest yet, the papers listed since its last digest that match it and were not sent to it before, ranked,
            at most 20 shown. Each digest is recorded in the store's outbox before it is sent and marked sent once the
            mail server accepts it; messages that failed before are tried again (by hand: now; in serve: with backoff).
            The keyword index and vectors are brought up to date first, as `index` would.

            A message handed to the mail server whole whose answer never came (the sender was killed, or the connection
            broke, after the last byte) may have been accepted: it is "in doubt", listed by every run, and never sent
            again by itself. Ask its recipient, then settle it with --mark-sent (it arrived) or --resend-in-doubt (it
            did not). A run exits with 2 while messages wait to be retried, were given up, or are in doubt.

            Example:
              paperradar digest --smtp smtp://mail.example.org --mail-from digests@example.org --public-url https://papers.example.org/
              paperradar digest --now 2025-03-18 --dry-run
              paperradar digest --resend-in-doubt digest.12.2025-03-18@papers.example.org
              paperradar digest --mark-sent digest.12.2025-03-18@papers.example.org
            """);
        command.Options.Add(now);
        command.Options.Add(dryRun);
        command.Options.Add(json);
        command.Options.Add(resendInDoubt);
        command.Options.Add(markSent);
        mail.AddTo(command);
        command.SetAction((parse, cancellationToken) => Task.FromResult(CommandRunner.Run(() =>
        {
            var resend = parse.GetResult(resendInDoubt) is { Implicit: false };
            if (resend || parse.GetValue(markSent) is not null)
            {
                if (resend && parse.GetValue(markSent) is not null)
                {
                    throw new ArgumentException("give --resend-in-doubt or --mark-sent, not both");
                }
                if (parse.GetValue(dryRun) || parse.GetValue(now) is not null)
                {
                    throw new ArgumentException("--resend-in-doubt and --mark-sent only settle messages in doubt and build no digests: leave out --now and --dry-run");
                }
                using var outboxStore = StoreLocation.OpenExisting(parse.GetValue(db));
                return resend
                    ? ResendInDoubt(outboxStore, parse.GetValue(resendInDoubt), () => mail.Require(parse), parse.GetValue(json), cancellationToken)
                    : MarkSent(outboxStore, parse.GetValue(markSent)!, parse.GetValue(json));
            }
            var moment = ParseNow(parse.GetValue(now));
            var dry = parse.GetValue(dryRun);
            var settings = dry ? mail.Resolve(parse) ?? UnsubscribeCommand.OfflineSettings : mail.Require(parse);
            using var store = StoreLocation.OpenExisting(parse.GetValue(db));
            var report = DigestRun.Run(store, settings, new DigestRunOptions { Now = moment, DryRun = dry, IgnoreBackoff = true },
                log: message => Console.Error.WriteLine($"paperradar: {message}"), cancellationToken: cancellationToken);
            var build = report.Build;
            foreach (var note in build.Notes)
            {
                Console.Error.WriteLine($"paperradar: {note}");
            }
            foreach (var digest in build.Digests)
            {
                if (parse.GetValue(json))
                {
                    Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                    {
                        ["subscription"] = digest.Subscription.Id,
                        ["email"] = digest.Subscription.Email,
                        ["period"] = digest.Period,
                        ["from"] = digest.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        ["through"] = digest.Through.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        ["papers"] = digest.Items.Select(i => new { id = i.Paper.Id.Value, title = i.Paper.Title, score = Math.Round(i.Score, 4), why = i.Why }),
                        ["more"] = digest.More,
                    }));
                }
                else
                {
                    Console.Out.WriteLine($"{digest.Subscription.Email}: {digest.Items.Count + digest.More} paper(s) for {SubscriptionTargets.Describe(digest.Subscription)}, {digest.Period}");
                    if (dry)
                    {
                        foreach (var item in digest.Items)
                        {
                            Console.Out.WriteLine($"  {item.Paper.Id.Value}  {item.Paper.Title}");
                            Console.Out.WriteLine($"      why: {item.Why}");
                        }
                    }
                }
            }
            var delivery = report.Delivery;
            var totals = new Dictionary<string, object?>
            {
                ["day"] = build.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["due"] = build.Due,
                ["digests"] = build.Digests.Count,
                ["empty"] = build.Due - build.Digests.Count,
                ["recorded"] = report.Recorded,
                ["sent"] = delivery?.Sent ?? 0,
                ["failed"] = delivery?.Failed ?? 0,
                ["given_up"] = delivery?.GivenUp ?? 0,
                ["resent_unfinished"] = delivery?.Resent ?? 0,
                ["waiting"] = delivery?.Waiting ?? 0,
                ["in_doubt"] = InDoubtJson(store),
                ["dry_run"] = dry,
            };
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(totals));
            }
            else
            {
                Console.Error.WriteLine($"digests for {totals["day"]}: {build.Due} due, {build.Digests.Count} with new papers, {build.Due - build.Digests.Count} with none" +
                    (dry ? " (dry run: nothing recorded or sent)" : $"; sent {delivery!.Sent} message(s), {delivery.Failed} failed and wait to be retried, {delivery.GivenUp} given up, {delivery.Waiting} waiting"));
            }
            if (delivery?.Error is { } error)
            {
                Console.Error.WriteLine($"paperradar: {error}");
            }
            var inDoubt = ListInDoubt(store, parse.GetValue(json));
            return delivery is { Waiting: > 0 } or { GivenUp: > 0 } || inDoubt > 0 ? 2 : 0;
        })));
        return command;
    }

    private static int ResendInDoubt(PaperStore store, string? messageId, Func<MailSettings> settings, bool json, CancellationToken cancellationToken)
    {
        var chosen = messageId is null ? store.OutboxMessages(OutboxStatus.InDoubt) : [RequireInDoubt(store, messageId, "--resend-in-doubt")];
        var delivery = chosen.Count == 0
            ? null
            : new MailDelivery(store, settings(), message => Console.Error.WriteLine($"paperradar: {message}"))
                .ResendInDoubt(chosen.Select(m => m.Id).ToList(), cancellationToken);
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["resent"] = delivery?.Sent ?? 0,
                ["failed"] = delivery?.Failed ?? 0,
                ["given_up"] = delivery?.GivenUp ?? 0,
                ["cancelled"] = delivery?.Cancelled ?? 0,
                ["waiting"] = delivery?.Waiting ?? 0,
                ["in_doubt"] = InDoubtJson(store),
            }));
        }
        else
        {
            Console.Error.WriteLine(delivery is null
                ? "paperradar: no message is in doubt; nothing to resend"
                : $"sent {delivery.Sent} of {chosen.Count} message(s) in doubt again, each with its Message-ID unchanged; {delivery.Failed} failed and wait to be retried, {delivery.GivenUp} given up, {delivery.Cancelled} cancelled (their subscription was)");
            ListInDoubt(store, json: false);
        }
        if (delivery?.Error is { } error)
        {
            Console.Error.WriteLine($"paperradar: {error}");
        }
        return delivery is null || delivery.Sent + delivery.Cancelled == chosen.Count ? 0 : 2;
    }

    private static int MarkSent(PaperStore store, string messageId, bool json)
    {
        var message = RequireInDoubt(store, messageId, "--mark-sent");
        if (!store.MarkMessageInDoubtSent(message.Id))
        {
            throw new ArgumentException($"--mark-sent {messageId}: another run settled this message meanwhile; nothing changed");
        }
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?> { ["marked_sent"] = message.MessageId, ["in_doubt"] = InDoubtJson(store) }));
        }
        else
        {
            Console.Out.WriteLine($"recorded {message.MessageId} to {message.Recipient} as sent (handed to the mail server {Stamp(message.TransmittedAt)})");
            ListInDoubt(store, json: false);
        }
        return 0;
    }

    /// <summary>The message in doubt an operator named; a clear refusal for one that is unknown or not in doubt.</summary>
    private static OutboxMessage RequireInDoubt(PaperStore store, string messageId, string option)
    {
        var message = store.FindOutboxMessage(messageId)
            ?? throw new ArgumentException($"{option} '{messageId}': no message with this Message-ID in the outbox of {store.Path} (`paperradar digest` lists the ones in doubt)");
        return message.Status == OutboxStatus.InDoubt
            ? message
            : throw new ArgumentException($"{option} '{messageId}': this message is {message.Status}, not in doubt; only a message in doubt is resent or marked sent by hand");
    }

    /// <summary>Prints the messages in doubt (text: with what to do about them) and returns how many there are.</summary>
    private static int ListInDoubt(PaperStore store, bool json)
    {
        var messages = store.OutboxMessages(OutboxStatus.InDoubt);
        if (json || messages.Count == 0)
        {
            return messages.Count;
        }
        Console.Out.WriteLine($"{messages.Count} message(s) in doubt: handed to the mail server whole, its answer never came; not sent again by itself:");
        foreach (var message in messages)
        {
            Console.Out.WriteLine($"  {message.MessageId}  to {message.Recipient}  {Describe(message)}  in doubt since {Stamp(message.TransmittedAt)}");
        }
        Console.Out.WriteLine("Ask the recipient, then: paperradar digest --mark-sent MESSAGE-ID (it arrived) or --resend-in-doubt MESSAGE-ID (it did not; the same Message-ID goes out again).");
        return messages.Count;
    }

    private static List<Dictionary<string, object?>> InDoubtJson(PaperStore store) => store.OutboxMessages(OutboxStatus.InDoubt)
        .Select(m => new Dictionary<string, object?>
        {
            ["message_id"] = m.MessageId,
            ["recipient"] = m.Recipient,
            ["purpose"] = m.Purpose,
            ["subscription"] = m.SubscriptionId,
            ["period"] = m.Period,
            ["since"] = m.TransmittedAt?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        })
        .ToList();

    private static string Describe(OutboxMessage message) =>
        (message.SubscriptionId is { } id ? $"{message.Purpose} of subscription {id}" : message.Purpose) + (message.Period is { } period ? $", period {period}" : "");

    private static string Stamp(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "at an unrecorded time";

    private static DateTimeOffset ParseNow(string? text)
    {
        if (text is null)
        {
            return DateTimeOffset.UtcNow;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment)
            ? moment
            : throw new ArgumentException($"--now '{text}' is not a date (yyyy-MM-dd) or an ISO 8601 time");
    }
}
