using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace PaperRadar.IntegrationTests.Support;

/// <summary>A request the replay server received: when (a monotonic clock), what, and who said it was asking.</summary>
public sealed record ReceivedRequest(long Timestamp, string Path, IReadOnlyDictionary<string, string> Query, string? UserAgent)
{
    public string? this[string name] => Query.TryGetValue(name, out var value) ? value : null;

    /// <summary>Seconds from <paramref name="earlier"/> to this request.</summary>
    public double SecondsAfter(ReceivedRequest earlier) =>
        Stopwatch.GetElapsedTime(earlier.Timestamp, Timestamp).TotalSeconds;

    public override string ToString() => Path + "?" + string.Join('&', Query.Select(p => $"{p.Key}={p.Value}"));
}

/// <summary>
/// What the replay server answers: a status, headers and body (a real recording, read from ../shared/data), or a
/// connection dropped after the first <see cref="DropAfterBytes"/> bytes of the body.
/// </summary>
public sealed record ReplayReply(int Status, byte[] Body, string ContentType = "text/xml; charset=utf-8")
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Sends the full Content-Length, then only this many bytes, then aborts the connection.</summary>
    public int? DropAfterBytes { get; init; }

    public static ReplayReply File(string path, int status = 200) => new(status, System.IO.File.ReadAllBytes(path));
}

/// <summary>
/// A real HTTP server (Kestrel) on 127.0.0.1 with a free port that answers each request as the test's script says and
/// records every request it received. Harvest tests point PaperRadar's clients at it: no test touches the internet.
/// </summary>
public sealed class ReplayServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<ReceivedRequest> _requests = [];

    private ReplayServer(WebApplication app, Func<ReceivedRequest, ReplayReply> respond)
    {
        _app = app;
        _app.Run(async context =>
        {
            var request = new ReceivedRequest(Stopwatch.GetTimestamp(), context.Request.Path.Value ?? "/",
                context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
                context.Request.Headers.UserAgent.ToString());
            lock (_requests)
            {
                _requests.Add(request);
            }
            var reply = respond(request);
            context.Response.StatusCode = reply.Status;
            context.Response.ContentType = reply.ContentType;
            foreach (var (name, value) in reply.Headers)
            {
                context.Response.Headers[name] = value;
            }
            context.Response.ContentLength = reply.Body.Length;
            if (reply.DropAfterBytes is { } cut)
            {
                await context.Response.Body.WriteAsync(reply.Body.AsMemory(0, cut));
                await context.Response.Body.FlushAsync();
                context.Abort();
                return;
            }
            await context.Response.Body.WriteAsync(reply.Body);
        });
    }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Every request received so far, in order.</summary>
    public IReadOnlyList<ReceivedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The base URL with a path, e.g. <c>/oai</c> for an OAI-PMH endpoint.</summary>
    public string Url(string path) => new Uri(BaseUrl, path).ToString();

    public static async Task<ReplayServer> StartAsync(Func<ReceivedRequest, ReplayReply> respond)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var server = new ReplayServer(builder.Build(), respond);
        await server._app.StartAsync();
        server.BaseUrl = new Uri(server._app.Urls.First());
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
