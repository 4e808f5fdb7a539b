using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PaperRadar.Digests;
using PaperRadar.Storage;
using PaperRadar.Web.Pages;

namespace PaperRadar.Web.Digests;

/// <summary>The site's mail settings (null: this site sends no mail) and the limits on subscription requests.</summary>
public sealed record SubscriptionSettings(MailSettings? Mail, SubscriptionLimits Limits);

/// <summary>
/// The subscription pages: a form to subscribe, the confirmation page the mail links to, and unsubscribing, both from
/// the page a digest links to and by RFC 8058 one-click POST from a mail client. Pages reached by a link (GET) change
/// nothing: a mail scanner that follows links neither confirms nor cancels; the buttons on them do (POST).
/// </summary>
internal static class SubscriptionPages
{
    public static void MapSubscriptions(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").WithTags("Subscriptions").ExcludeFromDescription();
        pages.MapGet("/subscribe", Form);
        pages.MapPost("/subscribe", Subscribe);
        pages.MapGet("/subscriptions/confirm", ConfirmPage);
        pages.MapPost("/subscriptions/confirm", Confirm);
        pages.MapGet("/unsubscribe", UnsubscribePage);
        pages.MapPost("/unsubscribe", Unsubscribe);
    }

    private static IResult Page(string title, Html content, int status = StatusCodes.Status200OK) =>
        Results.Content(Layout.Page(title, content).ToString(), "text/html; charset=utf-8", statusCode: status);

    private static IResult Form(HttpContext context, string? search, string? author, string? category, string? trending, string? like)
    {
        var settings = context.RequestServices.GetRequiredService<SubscriptionSettings>();
        if (settings.Mail is null)
        {
            return NoMail();
        }
        var (kind, target) = search is not null ? ("search", search)
            : author is not null ? ("author", author)
            : category is not null ? ("category", category)
            : like is not null ? ("like", like)
            : trending is not null ? ("trending", "") : ("search", "");
        return Page("Subscribe", FormHtml(kind, target, "", null));
    }

    private static Html FormHtml(string kind, string target, string email, string? error) => Html.Of($"""
        <h1>Subscribe to a digest</h1>
        <p class="note">New papers by email, daily or weekly. A confirmation mail comes first; nothing else is sent until you confirm. Every digest has a one-click unsubscribe link.</p>
        {(error is null ? Html.Empty : Html.Of($"<p class=\"error\" role=\"alert\">{error}</p>"))}
        <form method="post" action="/subscribe" class="subscribe">
        <p><label>Your email <input type="email" name="email" required maxlength="254" value="{email}"></label></p>
        <p><label>Follow <select name="kind">
        {Option("search", "a saved search", kind)}{Option("author", "an author", kind)}{Option("category", "a category", kind)}{Option("trending", "trending papers", kind)}{Option("like", "papers like these (ids)", kind)}
        </select></label>
        <label>what <input type="text" name="target" maxlength="500" value="{target}" placeholder="diffusion cat:cs.CV · Yann LeCun · cs.CL · 2503.12345,2503.23456"></label></p>
        <p><label><input type="radio" name="frequency" value="daily" checked> daily</label> <label><input type="radio" name="frequency" value="weekly"> weekly</label></p>
        <p><button type="submit">Subscribe</button></p>
        </form>
        """);

    private static Html Option(string value, string label, string selected) =>
        Html.Of($"<option value=\"{value}\"{(value == selected ? Html.Of($" selected") : Html.Empty)}>{label}</option>");

    private static async Task<IResult> Subscribe(HttpContext context, SiteStore site)
    {
        var settings = context.RequestServices.GetRequiredService<SubscriptionSettings>();
        if (settings.Mail is not { } mail)
        {
            return NoMail();
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var email = form["email"].ToString();
        var kindText = form["kind"].ToString();
        var target = form["target"].ToString();
        if (!Enum.TryParse<SubscriptionKind>(kindText, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
        {
            return Page("Subscribe", FormHtml("search", target, email, $"'{kindText}' is not something to follow"), StatusCodes.Status400BadRequest);
        }
        var frequency = form["frequency"].ToString() == "weekly" ? DigestFrequency.Weekly : DigestFrequency.Daily;
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        try
        {
            var result = site.Read((store, _) => new Subscriptions(store, mail, limits: settings.Limits)
                .Subscribe(email, kind, kind == SubscriptionKind.Trending ? "" : target, frequency, client));
            context.RequestServices.GetService<DigestScheduler>()?.Kick();
            return Page("Check your inbox", result.ConfirmationQueued
                ? Html.Of($"""
                    <h1>Check your inbox</h1>
                    <p>We sent a confirmation link to {result.Subscription.Email}. Your {result.Subscription.Frequency.ToString().ToLowerInvariant()} digest of {SubscriptionTargets.Describe(result.Subscription)} starts once you open it.</p>
                    """)
                : Html.Of($"""
                    <h1>Already subscribed</h1>
                    <p>{result.Subscription.Email} already gets digests of {SubscriptionTargets.Describe(result.Subscription)}.</p>
                    """));
        }
        catch (SubscriptionRefusedException e)
        {
            return Page("Too many requests", FormHtml(kindText, target, email, e.Message), e.TooMany ? StatusCodes.Status429TooManyRequests : StatusCodes.Status400BadRequest);
        }
        catch (ArgumentException e)
        {
            return Page("Subscribe", FormHtml(kind.ToString().ToLowerInvariant(), target, email, e.Message), StatusCodes.Status400BadRequest);
        }
    }

    private static IResult ConfirmPage(string? token) => string.IsNullOrWhiteSpace(token)
        ? Page("Confirm", Html.Of($"<h1>Confirm</h1><p class=\"error\">This link has no token; open the link from the confirmation mail.</p>"), StatusCodes.Status400BadRequest)
        : Page("Confirm your subscription", Html.Of($"""
            <h1>Confirm your subscription</h1>
            <form method="post" action="/subscriptions/confirm"><input type="hidden" name="token" value="{token}">
            <button type="submit">Confirm</button></form>
            """));

    private static async Task<IResult> Confirm(HttpContext context, SiteStore site)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var token = form["token"].ToString();
        var mail = context.RequestServices.GetRequiredService<SubscriptionSettings>().Mail;
        var (use, subscription) = site.Read((store, _) => new Subscriptions(store, mail ?? OfflineMail).Confirm(token));
        return use switch
        {
            TokenUse.Accepted => Page("Subscribed", Html.Of($"""
                <h1>Subscribed</h1>
                <p>{subscription!.Email} will get a {subscription.Frequency.ToString().ToLowerInvariant()} digest of {SubscriptionTargets.Describe(subscription)} when there are new papers.</p>
                """)),
            TokenUse.AlreadyUsed => Page("Already confirmed", Html.Of($"<h1>Already used</h1><p>This confirmation link was already used{(subscription is { IsActive: true } ? Html.Of($"; the subscription is active") : Html.Empty)}.</p>"), StatusCodes.Status410Gone),
            TokenUse.Expired => Page("Link expired", Html.Of($"<h1>This link has expired</h1><p>Subscribe again to get a new one: <a href=\"/subscribe\">subscribe</a>.</p>"), StatusCodes.Status410Gone),
            _ => Page("Unknown link", Html.Of($"<h1>Unknown link</h1><p>This is not a confirmation link of this site.</p>"), StatusCodes.Status404NotFound),
        };
    }

    private static IResult UnsubscribePage(HttpContext context, SiteStore site, string? token)
    {
        var mail = context.RequestServices.GetRequiredService<SubscriptionSettings>().Mail ?? OfflineMail;
        var subscription = token is null ? null : site.Read((store, _) =>
            new Subscriptions(store, mail).SubscriptionOfToken(token) is { } id ? store.GetSubscription(id) : null);
        return subscription is null
            ? Page("Unknown link", Html.Of($"<h1>Unknown link</h1><p>This is not an unsubscribe link of this site.</p>"), StatusCodes.Status404NotFound)
            : Page("Unsubscribe", Html.Of($"""
                <h1>Unsubscribe</h1>
                <p>Stop the {subscription.Frequency.ToString().ToLowerInvariant()} digest of {SubscriptionTargets.Describe(subscription)} to {subscription.Email}?</p>
                <form method="post" action="/unsubscribe?token={token}"><button type="submit">Unsubscribe</button></form>
                """));
    }

    /// <summary>The page's button and RFC 8058's one-click POST (body <c>List-Unsubscribe=One-Click</c>) both land here.</summary>
    private static IResult Unsubscribe(HttpContext context, SiteStore site, string? token)
    {
        var mail = context.RequestServices.GetRequiredService<SubscriptionSettings>().Mail ?? OfflineMail;
        var subscription = token is null ? null : site.Read((store, _) => new Subscriptions(store, mail).UnsubscribeWithToken(token));
        return subscription is null
            ? Page("Unknown link", Html.Of($"<h1>Unknown link</h1><p>This is not an unsubscribe link of this site.</p>"), StatusCodes.Status404NotFound)
            : Page("Unsubscribed", Html.Of($"""
                <h1>Unsubscribed</h1>
                <p>{subscription.Email} will get no more digests of {SubscriptionTargets.Describe(subscription)}.</p>
                """));
    }

    private static IResult NoMail() => Page("Subscriptions are off",
        Html.Of($"<h1>Subscriptions are off</h1><p>This site has no mail server configured, so it cannot send digests.</p>"),
        StatusCodes.Status503ServiceUnavailable);

    /// <summary>Settings for pages that send no mail on a site that has none (confirming, unsubscribing).</summary>
    internal static readonly MailSettings OfflineMail = new(new SmtpSettings("localhost", 25, SmtpTls.None, null, null),
        new MimeKit.MailboxAddress("PaperRadar", "paperradar@localhost.invalid"), new Uri("http://localhost/"));
}
