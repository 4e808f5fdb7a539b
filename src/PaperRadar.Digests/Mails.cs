using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using PaperRadar.Core.Model;
using PaperRadar.Storage;

namespace PaperRadar.Digests;

/// <summary>One paper of a digest and why it is there.</summary>
public sealed record DigestItem(Paper Paper, double Score, string Why);

/// <summary>
/// One digest: the papers (ranked, capped) new to a subscription over the days it covers, and how many more matched
/// than are shown.
/// </summary>
public sealed record Digest(Subscription Subscription, string Period, DateOnly From, DateOnly Through, IReadOnlyList<DigestItem> Items, int More);

/// <summary>
/// The mails PaperRadar sends, as MIME messages: a confirmation, and digests with an HTML part and a plain-text
/// alternative. Every digest carries RFC 8058 one-click unsubscribe headers and the same link in its body.
/// Nothing the subscriber typed goes into a header except the address itself (validated); the search text is encoded
/// in the bodies.
/// </summary>
public static partial class Mails
{
    /// <summary>The Message-ID of a subscription's digest for a period: the same however often it is built or sent.</summary>
    public static string DigestMessageId(MailSettings mail, long subscriptionId, string period) =>
        $"digest.{subscriptionId.ToString(CultureInfo.InvariantCulture)}.{period}@{mail.MessageIdDomain}";

    public static MimeMessage Confirmation(MailSettings mail, Subscription subscription, string confirmLink, DateTimeOffset expires,
        DateTimeOffset now)
    {
        var what = SubscriptionTargets.Describe(subscription);
        var frequency = subscription.Frequency == DigestFrequency.Weekly ? "weekly" : "daily";
        var text = $"""
            Someone, hopefully you, asked PaperRadar to send {subscription.Email} a {frequency} digest of {what}.

            To confirm, open this link (it works once, until {expires.UtcDateTime.ToString("d MMMM yyyy HH:mm", CultureInfo.InvariantCulture)} UTC):
            {confirmLink}

            If you did not ask for this, ignore this mail: nothing more will be sent to you.
            """;
        var html = $"""
            <p>Someone, hopefully you, asked PaperRadar to send {Encode(subscription.Email)} a {frequency} digest of {Encode(what)}.</p>
            <p><a href="{Encode(confirmLink)}">Confirm the subscription</a> (the link works once, until {Encode(expires.UtcDateTime.ToString("d MMMM yyyy HH:mm", CultureInfo.InvariantCulture))} UTC).</p>
            <p>If you did not ask for this, ignore this mail: nothing more will be sent to you.</p>
            """;
        var message = Message(mail, subscription.Email, "Confirm your PaperRadar subscription", text, Page(html), now);
        message.MessageId = $"confirm.{subscription.Id.ToString(CultureInfo.InvariantCulture)}.{Guid.NewGuid():N}@{mail.MessageIdDomain}";
        message.Headers.Add(HeaderId.AutoSubmitted, "auto-generated");
        return message;
    }

    public static MimeMessage DigestMessage(MailSettings mail, Digest digest, string unsubscribeLink, string feedLink, DateTimeOffset now)
    {
        var subscription = digest.Subscription;
        var what = SubscriptionTargets.Describe(subscription);
        var count = digest.Items.Count + digest.More;
        var days = digest.From == digest.Through
            ? MailSettings.Day(digest.Through)
            : $"{MailSettings.Day(digest.From)} – {MailSettings.Day(digest.Through)}";
        // The subject names the kind of subscription, not what the subscriber typed: no user text in headers.
        var subject = $"PaperRadar: {count} new paper{(count == 1 ? "" : "s")} — {SubjectKind(subscription.Kind)} ({days})";

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{count} new paper{(count == 1 ? "" : "s")} for your subscription to {what}, {days}.");
        text.AppendLine();
        var rank = 0;
        foreach (var item in digest.Items)
        {
            rank++;
            text.AppendLine(CultureInfo.InvariantCulture, $"{rank}. {Plain(item.Paper.Title)}");
            text.AppendLine(CultureInfo.InvariantCulture, $"   {Authors(item.Paper)}");
            if (OneLine(item.Paper.Abstract) is { Length: > 0 } line)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"   {line}");
            }
            text.AppendLine(CultureInfo.InvariantCulture, $"   {mail.Link($"paper/{item.Paper.Id.Value}")}");
            text.AppendLine(CultureInfo.InvariantCulture, $"   Why: {item.Why}");
            text.AppendLine();
        }
        if (digest.More > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"…and {digest.More} more on {MoreLink(mail, digest)}");
            text.AppendLine();
        }
        text.AppendLine("--");
        text.AppendLine(CultureInfo.InvariantCulture, $"You get this because {subscription.Email} subscribed to {what} ({subscription.Frequency.ToString().ToLowerInvariant()}).");
        text.AppendLine(CultureInfo.InvariantCulture, $"The same papers as an RSS feed: {feedLink}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Unsubscribe: {unsubscribeLink}");

        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<p>{count} new paper{(count == 1 ? "" : "s")} for your subscription to <b>{Encode(what)}</b>, {Encode(days)}.</p>\n<ol>\n");
        foreach (var item in digest.Items)
        {
            html.Append(CultureInfo.InvariantCulture, $"""
                <li style="margin-bottom:1em"><a href="{Encode(mail.Link($"paper/{item.Paper.Id.Value}"))}"><b>{Encode(Plain(item.Paper.Title))}</b></a><br>
                <span style="color:#555">{Encode(Authors(item.Paper))} · {Encode(item.Paper.Id.Value)}{(item.Paper.PrimaryCategory is { } category ? " · " + Encode(category) : "")}</span><br>
                {Encode(OneLine(item.Paper.Abstract))}<br>
                <small style="color:#555">Why: {Encode(item.Why)}</small></li>

                """);
        }
        html.Append("</ol>\n");
        if (digest.More > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>…and <a href=\"{Encode(MoreLink(mail, digest))}\">{digest.More} more</a>.</p>\n");
        }
        html.Append(CultureInfo.InvariantCulture, $"""
            <hr><p style="color:#555;font-size:small">You get this because {Encode(subscription.Email)} subscribed to {Encode(what)} ({subscription.Frequency.ToString().ToLowerInvariant()}).
            <a href="{Encode(feedLink)}">The same papers as an RSS feed</a> · <a href="{Encode(unsubscribeLink)}">Unsubscribe</a>.</p>
            """);

        var message = Message(mail, subscription.Email, subject, text.ToString(), Page(html.ToString()), now);
        message.MessageId = DigestMessageId(mail, subscription.Id, digest.Period);
        // RFC 8058: a mail client may unsubscribe with one POST to this address, without opening a page.
        message.Headers.Add(HeaderId.ListUnsubscribe, $"<{unsubscribeLink}>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        message.Headers.Add(HeaderId.ListId, $"PaperRadar digests <digests.{mail.MessageIdDomain}>");
        return message;
    }

    /// <summary>The message exactly as it will be sent, every time it is tried.</summary>
    public static byte[] Bytes(MimeMessage message)
    {
        using var buffer = new MemoryStream();
        message.WriteTo(FormatOptions.Default, buffer);
        return buffer.ToArray();
    }

    public static MimeMessage Parse(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return MimeMessage.Load(stream);
    }

    private static MimeMessage Message(MailSettings mail, string to, string subject, string text, string html, DateTimeOffset now)
    {
        var message = new MimeMessage();
        message.From.Add(mail.From);
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Date = now;
        message.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody();
        return message;
    }

    private static string MoreLink(MailSettings mail, Digest digest) => digest.Subscription.Kind switch
    {
        SubscriptionKind.Search => mail.Link($"search?q={Uri.EscapeDataString(digest.Subscription.Target)}"),
        SubscriptionKind.Category => mail.Link($"list/{Uri.EscapeDataString(digest.Subscription.Target)}/{digest.Through:yyyy-MM-dd}"),
        SubscriptionKind.Author => mail.Link($"author?name={Uri.EscapeDataString(digest.Subscription.Target)}"),
        SubscriptionKind.Trending => mail.Link("trending"),
        _ => mail.Link(""),
    };

    private static string SubjectKind(SubscriptionKind kind) => kind switch
    {
        SubscriptionKind.Search => "your saved search",
        SubscriptionKind.Author => "an author you follow",
        SubscriptionKind.Category => "a category you follow",
        SubscriptionKind.Trending => "trending",
        _ => "papers like yours",
    };

    private static string Page(string body) =>
        $"<!DOCTYPE html>\n<html><body style=\"font-family:sans-serif;max-width:44em\">\n{body}</body></html>\n";

    /// <summary>The first three authors, then "et al."</summary>
    public static string Authors(Paper paper) => paper.Authors.Count switch
    {
        0 => "(no authors listed)",
        <= 3 => string.Join(", ", paper.Authors.Select(a => a.Name)),
        _ => string.Join(", ", paper.Authors.Take(3).Select(a => a.Name)) + " et al.",
    };

    /// <summary>The abstract's first sentence, on one line, at most 220 characters.</summary>
    public static string OneLine(string? abstractText)
    {
        if (string.IsNullOrWhiteSpace(abstractText))
        {
            return "";
        }
        var flat = Whitespace().Replace(abstractText.Trim(), " ");
        var end = SentenceEnd().Match(flat);
        var sentence = end.Success ? flat[..(end.Index + 1)] : flat;
        if (sentence.Length <= 220)
        {
            return sentence;
        }
        var cut = sentence.LastIndexOf(' ', 219);
        return sentence[..(cut > 110 ? cut : 219)] + " …";
    }

    private static string Plain(string text) => Whitespace().Replace(text.Trim(), " ");

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    // A full stop, question or exclamation mark followed by a space and a capital: the end of the first sentence
    // (not "e.g. the" or "Fig. 3").
    [GeneratedRegex(@"[.?!](?= [A-Z])")]
    private static partial Regex SentenceEnd();
}
