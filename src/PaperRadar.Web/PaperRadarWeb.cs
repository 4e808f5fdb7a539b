using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PaperRadar.Digests;
using PaperRadar.Web.Api;
using PaperRadar.Web.Digests;
using PaperRadar.Web.Harvesting;
using PaperRadar.Web.Pages;

namespace PaperRadar.Web;

/// <summary>How the web app runs: which store, where it listens, how many API and search requests a client may make.</summary>
public sealed record WebOptions
{
    public required string StorePath { get; init; }

    /// <summary>Addresses to listen on; port 0 picks a free port (tests).</summary>
    public IReadOnlyList<string> Urls { get; init; } = ["http://127.0.0.1:5080"];

    /// <summary>Search, API and feed requests one client address may make per minute; 0 turns the limit off (load tests).</summary>
    public int RequestsPerMinute { get; init; } = 300;

    public LogLevel LogLevel { get; init; } = LogLevel.Warning;

    /// <summary>How long a page or API answer is reused for the same address (0: never; tests that change the store).</summary>
    public int CacheSeconds { get; init; } = 60;

    /// <summary>Harvests run on a schedule while serving; null (the default, and what tests get): none.</summary>
    public ScheduledHarvestOptions? Harvest { get; init; }

    /// <summary>Mail (subscriptions, confirmations, digests on a schedule); null: the site sends no mail.</summary>
    public ScheduledDigestOptions? Digests { get; init; }

    public SubscriptionLimits SubscriptionLimits { get; init; } = new();
}

/// <summary>The web app: HTML pages, the JSON API with its OpenAPI document, feeds and BibTeX, over one store.</summary>
public static class PaperRadarWeb
{
    /// <summary>The name of the rate-limiting policy on search, the API and feeds.</summary>
    public const string LimitedPolicy = "per-client";

    /// <summary>
    /// Content-Security-Policy of every response: only this site's own styles, fonts and script files (KaTeX), no
    /// inline script, no plugins, no framing. Untrusted text is encoded as well; this stops what encoding might miss.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static WebApplication Build(WebOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.Logging.SetMinimumLevel(options.LogLevel);
        builder.Services.AddSingleton(_ => new SiteStore(options.StorePath));
        builder.Services.AddProblemDetails();
        if (options.Harvest is { Schedule.IsOff: false } harvest)
        {
            // What each scheduled harvest did is worth a line in the log even when the rest logs only warnings.
            builder.Logging.AddFilter(typeof(HarvestScheduler).FullName, LogLevel.Information);
            builder.Services.AddSingleton(services => new HarvestScheduler(options.StorePath, harvest,
                services.GetRequiredService<ILogger<HarvestScheduler>>(),
                afterIndex: () => services.GetRequiredService<SiteStore>().RefreshSearch()));
            builder.Services.AddHostedService(services => services.GetRequiredService<HarvestScheduler>());
        }
        builder.Services.AddSingleton(new SubscriptionSettings(options.Digests?.Mail, options.SubscriptionLimits));
        if (options.Digests is { } digests)
        {
            builder.Logging.AddFilter(typeof(DigestScheduler).FullName, LogLevel.Information);
            builder.Services.AddSingleton(services => new DigestScheduler(options.StorePath, digests, services.GetRequiredService<ILogger<DigestScheduler>>(),
                afterIndex: () => services.GetRequiredService<SiteStore>().RefreshSearch()));
            builder.Services.AddHostedService(services => services.GetRequiredService<DigestScheduler>());
        }
        // Pages and answers change only when papers are imported or indexed: each is kept for a minute.
        builder.Services.AddOutputCache(cache => cache.DefaultExpirationTimeSpan = TimeSpan.FromSeconds(options.CacheSeconds));
        builder.Services.AddOpenApi("v1");
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never;
        });
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(LimitedPolicy, context => options.RequestsPerMinute <= 0
                ? RateLimitPartition.GetNoLimiter("all")
                : RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = options.RequestsPerMinute, Window = TimeSpan.FromMinutes(1) }));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                await Results.Problem(
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: "Too many requests",
                    detail: $"at most {options.RequestsPerMinute} search, API and feed requests a minute from one address; try again in a minute")
                    .ExecuteAsync(context.HttpContext);
            };
        });

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            await next(context);
        });
        app.UseRateLimiter();
        if (options.CacheSeconds > 0)
        {
            app.UseOutputCache();
        }
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapStaticFiles();
        app.MapPages();
        app.MapPapersApi();
        app.MapFeeds();
        app.MapSubscriptions();
        return app;
    }

    /// <summary>
    /// The files under Static/ (the stylesheet, KaTeX from npm with its fonts, the script that runs it), embedded in
    /// the assembly and served from /static/, cached for a day.
    /// </summary>
    private static void MapStaticFiles(this WebApplication app)
    {
        var assembly = typeof(PaperRadarWeb).Assembly;
        var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith("static/", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        app.MapGet("/static/{**path}", (HttpContext context, string path) =>
        {
            var name = "static/" + path;
            if (!names.Contains(name))
            {
                return Results.NotFound();
            }
            context.Response.Headers.CacheControl = "public, max-age=86400";
            return Results.Stream(assembly.GetManifestResourceStream(name)!, Path.GetExtension(path) switch
            {
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".woff2" => "font/woff2",
                _ => "text/plain; charset=utf-8",
            });
        }).ExcludeFromDescription();
    }
}
