using System.Diagnostics;
using System.Net;
using System.Reflection;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace PaperRadar.Harvest;

/// <summary>How a harvest talks to a source: how politely, how patiently, and who it says it is.</summary>
public sealed record HttpSettings
{
    /// <summary>arXiv asks for one request every 3 seconds; Hugging Face states no rule, and gets the same.</summary>
    public static readonly TimeSpan DefaultDelay = TimeSpan.FromSeconds(3);

    /// <summary>The pause between the end of one request and the start of the next to the same source.</summary>
    public TimeSpan Delay { get; init; } = DefaultDelay;

    /// <summary>How long one attempt may take, the whole body read included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Retries after a failed attempt (connection error, timeout, HTTP 429 or 5xx).</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>The first backoff when the server gives no Retry-After; doubled (with jitter) for each retry.</summary>
    public TimeSpan Backoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest Retry-After honoured as given; a longer one is waited for this long, then retried.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>An e-mail address (or URL) where the source's operators can reach whoever runs this harvester.</summary>
    public string? Contact { get; init; }

    /// <summary>Says what happens (a retry and why) while a request is being retried.</summary>
    public Action<string>? OnNotice { get; init; }

    public string UserAgent
    {
        get
        {
            var version = typeof(HttpSettings).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()
                ?.InformationalVersion.Split('+')[0] ?? "0";
            return Contact is { Length: > 0 } contact
                ? $"PaperRadar/{version} (research-paper discovery engine; {(contact.Contains('@', StringComparison.Ordinal) ? "mailto:" : "")}{contact})"
                : $"PaperRadar/{version} (research-paper discovery engine; no contact address configured)";
        }
    }
}

/// <summary>A response read to its end: the URL asked for, the status, the body and how many attempts it took.</summary>
public sealed record FetchedResponse(Uri Url, HttpStatusCode Status, byte[] Body, int Attempts)
{
    public TimeSpan? RetryAfter { get; init; }

    public bool IsSuccess => (int)Status is >= 200 and < 300;
}

/// <summary>
/// GETs from one source the way its operators ask: one request at a time with <see cref="HttpSettings.Delay"/>
/// between them, a User-Agent that names PaperRadar and a contact, a timeout per attempt, and retries with
/// exponential backoff on connection errors, timeouts, 429 and 5xx — waiting as long as a Retry-After header says
/// (arXiv's OAI-PMH answers 503 with <c>Retry-After: 10</c> when asked too fast). Each attempt reads the whole body,
/// so a connection dropped mid-body is retried like any other failure.
/// </summary>
public sealed class PoliteHttpClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly HttpSettings _settings;
    private readonly ResiliencePipeline<FetchedResponse> _pipeline;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly Stopwatch _sinceLastRequest = new();

    public PoliteHttpClient(HttpSettings settings)
    {
        _settings = settings;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            // Each attempt's timeout is the pipeline's, which can tell a timeout from a cancellation.
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", settings.UserAgent);
        var pipeline = new ResiliencePipelineBuilder<FetchedResponse>();
        if (settings.MaxRetries > 0)
        {
            pipeline.AddRetry(new RetryStrategyOptions<FetchedResponse>
            {
                ShouldHandle = new PredicateBuilder<FetchedResponse>()
                    .Handle<HttpRequestException>()
                    .Handle<IOException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => IsTransient(r.Status)),
                MaxRetryAttempts = Math.Max(settings.MaxRetries, 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.Backoff,
                MaxDelay = settings.MaxRetryAfter,
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.RetryAfter is { } after
                    ? (TimeSpan?)(after > settings.MaxRetryAfter ? settings.MaxRetryAfter : after)
                    : null),
                OnRetry = args =>
                {
                    var why = args.Outcome.Exception is { } e
                        ? Describe(e)
                        : $"HTTP {(int)args.Outcome.Result!.Status}{(args.Outcome.Result.RetryAfter is { } after ? $" with Retry-After {after.TotalSeconds:0} s" : "")}";
                    settings.OnNotice?.Invoke($"{why}; retry {args.AttemptNumber + 1} of {settings.MaxRetries} in {args.RetryDelay.TotalSeconds:0.#} s");
                    return default;
                },
            });
        }
        // Added after the retry, so it is inside it: each attempt gets the whole timeout.
        _pipeline = pipeline.AddTimeout(settings.Timeout).Build();
    }

    public HttpSettings Settings => _settings;

    /// <summary>
    /// GETs <paramref name="url"/>, retrying transient failures. Returns the last response, whatever its status
    /// (a 400 of the arXiv API carries an error feed worth reading); throws <see cref="HarvestException"/> naming the
    /// URL when no response could be had.
    /// </summary>
    public async Task<FetchedResponse> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        var attempts = 0;
        try
        {
            return await _pipeline.ExecuteAsync(async token =>
            {
                await WaitPolitely(token).ConfigureAwait(false);
                attempts++;
                try
                {
                    using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseContentRead, token)
                        .ConfigureAwait(false);
                    var body = await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
                    return new FetchedResponse(url, response.StatusCode, body, attempts)
                    {
                        RetryAfter = RetryAfter(response),
                    };
                }
                finally
                {
                    _sinceLastRequest.Restart();
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TimeoutRejectedException)
        {
            throw new HarvestException(
                $"GET {url} failed after {attempts} attempt{(attempts == 1 ? "" : "s")}: {Describe(e)}", e);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task WaitPolitely(CancellationToken cancellationToken)
    {
        if (_sinceLastRequest.IsRunning && _sinceLastRequest.Elapsed < _settings.Delay)
        {
            await Task.Delay(_settings.Delay - _sinceLastRequest.Elapsed, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } header)
        {
            return null;
        }
        if (header.Delta is { } delta)
        {
            return delta;
        }
        return header.Date is { } date && date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    private static string Describe(Exception e) => e switch
    {
        TimeoutRejectedException t => $"no complete answer within {t.Timeout.TotalSeconds:0} s",
        HttpRequestException { InnerException: { } inner } h => $"{h.Message} ({inner.Message})",
        _ => e.Message,
    };

    public void Dispose()
    {
        _http.Dispose();
        _oneAtATime.Dispose();
    }
}

/// <summary>A harvest could not go on: the message says which URL and what was wrong; the store holds what came before.</summary>
public sealed class HarvestException(string message, Exception? inner = null) : Exception(message, inner);
