using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PaperRadar.Digests;
using PaperRadar.Storage;
using PaperRadar.Web.Harvesting;

namespace PaperRadar.Web.Digests;

/// <summary>What <c>serve</c> does about mail: where it sends from, and when it builds digests.</summary>
public sealed record ScheduledDigestOptions
{
    public required MailSettings Mail { get; init; }

    /// <summary>When digests are built and sent (the harvest's schedule syntax); off: only confirmations are sent.</summary>
    public HarvestSchedule Schedule { get; init; } = HarvestSchedule.Parse(Default);

    /// <summary>How often the outbox is looked at between digest runs (retries, confirmations).</summary>
    public TimeSpan DeliveryInterval { get; init; } = TimeSpan.FromSeconds(30);

    public RetryPolicy Retry { get; init; } = new();

    /// <summary>21:30 New York time, Sunday to Thursday: after the harvest that follows arXiv's 20:00 announcement.</summary>
    public const string Default = "daily@21:30";
}

/// <summary>
/// Builds and sends the digests on <see cref="ScheduledDigestOptions.Schedule"/> while the site serves, and between
/// runs sends what waits in the outbox: confirmations as soon as they are asked for (<see cref="Kick"/>), failed
/// messages when their backoff has passed. Mail trouble is logged (never the server's password) and never stops the site.
/// </summary>
/// <param name="afterIndex">Runs after a digest run has indexed what was new (the site reloads its search engines' vectors).</param>
public sealed class DigestScheduler(string storePath, ScheduledDigestOptions options, ILogger<DigestScheduler> logger, Action? afterIndex = null)
    : BackgroundService
{
    private readonly SemaphoreSlim _kick = new(0);

    /// <summary>Asks for a delivery pass now (a confirmation was just queued).</summary>
    public void Kick() => _kick.Release();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("digest schedule: {Schedule}; mail server {Server}", options.Schedule, options.Mail.Smtp);
        var nextRun = options.Schedule.Next(DateTimeOffset.Now);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = options.DeliveryInterval;
            if (nextRun is { } due && due - DateTimeOffset.Now < wait)
            {
                wait = due - DateTimeOffset.Now;
            }
            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await _kick.WaitAsync(wait, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var runDigests = nextRun is { } at && at <= DateTimeOffset.Now;
            await Task.Run(() => Pass(runDigests, stoppingToken), stoppingToken).ConfigureAwait(false);
            if (runDigests)
            {
                nextRun = options.Schedule.Next(DateTimeOffset.Now);
            }
        }
    }

    /// <summary>One pass: the digests when due, else the outbox; never throws for the store's or the server's failure.</summary>
    public void Pass(bool runDigests, CancellationToken cancellationToken)
    {
        try
        {
            using var store = PaperStore.Open(storePath);
            void Log(string message) => logger.LogWarning("{Message}", message);
            if (runDigests)
            {
                var report = DigestRun.Run(store, options.Mail, new DigestRunOptions { Now = DateTimeOffset.UtcNow }, Log, options.Retry, cancellationToken);
                logger.LogInformation("digests for {Day}: {Due} due, {Digests} with new papers; sent {Sent}, {Waiting} waiting",
                    report.Build.Day, report.Build.Due, report.Build.Digests.Count, report.Delivery?.Sent, report.Delivery?.Waiting);
                afterIndex?.Invoke();
            }
            else
            {
                var delivery = new MailDelivery(store, options.Mail, Log, policy: options.Retry).DeliverDue(ignoreBackoff: false, cancellationToken: cancellationToken);
                if (delivery.Sent + delivery.Failed + delivery.GivenUp > 0)
                {
                    logger.LogInformation("outbox: sent {Sent}, {Failed} failed, {Waiting} waiting", delivery.Sent, delivery.Failed, delivery.Waiting);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError("digest pass failed: {Error}", e.Message);
        }
    }

    public override void Dispose()
    {
        _kick.Dispose();
        base.Dispose();
    }
}
