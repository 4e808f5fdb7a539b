using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PaperRadar.Harvest;
using PaperRadar.Scores;
using PaperRadar.Search.Indexing;
using PaperRadar.Storage;
using PaperRadar.Storage.Authors;

namespace PaperRadar.Web.Harvesting;

/// <summary>What <c>serve</c> harvests on its schedule, and how.</summary>
public sealed record ScheduledHarvestOptions
{
    public required HarvestSchedule Schedule { get; init; }

    public string OaiEndpoint { get; init; } = OaiHarvestRequest.DefaultEndpoint;

    /// <summary>OAI-PMH sets to harvest (<c>cs</c>, <c>math</c>…); empty: all of arXiv.</summary>
    public IReadOnlyList<string> Sets { get; init; } = [];

    /// <summary>Hugging Face's base URL; null: Hugging Face daily papers are not harvested.</summary>
    public string? HuggingFaceApi { get; init; } = HuggingFaceDailyClient.DefaultBaseUrl;

    /// <summary>OpenAlex's base URL; null (the default): OpenAlex is not asked.</summary>
    public string? OpenAlexApi { get; init; }

    /// <summary>OpenAlex is asked about the stored papers that first appeared in this many days up to today.</summary>
    public int OpenAlexDays { get; init; } = OpenAlexClient.DefaultRecentDays;

    /// <summary>Citation counts fetched from OpenAlex more than this many days ago are refreshed, oldest first.</summary>
    public int OpenAlexRefreshDays { get; init; } = HarvestConfiguration.DefaultOpenAlexRefreshDays;

    /// <summary>At most this many stale counts are refreshed a run, so one run stays short whatever the store's size.</summary>
    public int OpenAlexRefreshBatch { get; init; } = HarvestConfiguration.DefaultOpenAlexRefreshBatch;

    public HttpSettings Http { get; init; } = new();

    /// <summary>What "today" and "days ago" mean; tests set it.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

/// <summary>One scheduled run: when it ended, the harvests' reports, and what indexing did (null if it failed first).</summary>
public sealed record ScheduledRun(DateTimeOffset Finished, IReadOnlyList<HarvestReport> Harvests, IndexReport? Index, string? Error);

/// <summary>
/// Runs the harvests on <see cref="ScheduledHarvestOptions.Schedule"/> while the web app serves: arXiv's OAI-PMH
/// (each set, incrementally from its last complete datestamp, resuming an interrupted list), Hugging Face's daily
/// papers from the last day fetched (or yesterday) to today, when configured OpenAlex's works of the recent papers (citations and counts)
/// and a bounded batch of the counts fetched longest ago, then
/// the incremental index step, so new papers are searchable. A failed run is
/// logged and the next one comes on schedule; nothing a source does stops the site.
/// </summary>
/// <param name="afterIndex">Runs after each index step (the site reloads its search engines' vectors).</param>
public sealed class HarvestScheduler(string storePath, ScheduledHarvestOptions options, ILogger<HarvestScheduler> logger,
    Action? afterIndex = null)
    : BackgroundService
{
    private readonly List<ScheduledRun> _runs = [];

    /// <summary>The runs so far (the last 20), newest last.</summary>
    public IReadOnlyList<ScheduledRun> Runs
    {
        get
        {
            lock (_runs)
            {
                return [.. _runs];
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("harvest schedule: {Schedule}", options.Schedule);
        while (!stoppingToken.IsCancellationRequested && options.Schedule.Next(DateTimeOffset.Now) is { } next)
        {
            var wait = next - DateTimeOffset.Now;
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            var run = await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            lock (_runs)
            {
                _runs.Add(run);
                if (_runs.Count > 20)
                {
                    _runs.RemoveAt(0);
                }
            }
        }
    }

    /// <summary>Harvests every configured source, then indexes; never throws for a source's failure.</summary>
    public async Task<ScheduledRun> RunOnceAsync(CancellationToken cancellationToken)
    {
        var reports = new List<HarvestReport>();
        try
        {
            using var store = PaperStore.Open(storePath);
            using (var http = new PoliteHttpClient(options.Http))
            {
                var harvester = new OaiPmhHarvester(store, http);
                foreach (var set in options.Sets.Count == 0 ? [null] : options.Sets.Select(s => (string?)s))
                {
                    reports.Add(await harvester.HarvestAsync(new OaiHarvestRequest { Endpoint = options.OaiEndpoint, Set = set },
                        cancellationToken: cancellationToken).ConfigureAwait(false));
                }
            }
            if (options.HuggingFaceApi is { } hf)
            {
                // Hugging Face asks no delay of its own; its requests still come one at a time, as politely as arXiv's.
                using var http = new PoliteHttpClient(options.Http);
                var today = DateOnly.FromDateTime(DateTime.UtcNow);
                // From the last day fetched (days a stopped server missed are caught up, at most 14) to today.
                reports.Add(await new HuggingFaceDailyClient(store, http, hf).CatchUpAsync(today,
                    cancellationToken: cancellationToken).ConfigureAwait(false));
            }
            if (options.OpenAlexApi is { } openAlex)
            {
                // After arXiv and Hugging Face, so the papers they just brought are asked about too.
                using var http = new PoliteHttpClient(options.Http);
                var client = new OpenAlexClient(store, http, openAlex, options.Clock);
                var today = DateOnly.FromDateTime(options.Clock.GetUtcNow().UtcDateTime);
                reports.Add(await client.RefreshAsync(today.AddDays(-options.OpenAlexDays), today,
                    cancellationToken: cancellationToken).ConfigureAwait(false));
                // Then the counts of older papers, longest unrefreshed first, a bounded batch a run.
                reports.Add(await client.RefreshStaleAsync(options.OpenAlexRefreshDays, options.OpenAlexRefreshBatch,
                    cancellationToken: cancellationToken).ConfigureAwait(false));
            }
            foreach (var report in reports)
            {
                if (report.Error is { } error)
                {
                    logger.LogWarning("scheduled harvest of {Source} failed: {Error}", report.Source, error);
                }
                else
                {
                    logger.LogInformation("scheduled harvest of {Source}: {Read} records, {New} new, {Updated} updated",
                        report.Source, report.Read, report.New, report.Updated);
                }
            }
            var index = SearchIndexer.Run(store, new IndexOptions(), cancellationToken: cancellationToken);
            logger.LogInformation("indexed after the harvest: {Added} added, {Changed} changed", index.Keyword.Added,
                index.Keyword.Changed);
            if (index.Keyword.Added + index.Keyword.Changed + index.Keyword.Removed + index.Embedded + index.RemovedVectors > 0)
            {
                // New papers: their scores, and the percentiles of the peer groups they joined (docs/scores.md).
                var analysis = ScoreAnalyzer.Run(store, cancellationToken: cancellationToken);
                logger.LogInformation("analysed after the harvest: novelty computed for {Computed} papers, impact for {Impact}",
                    analysis.NoveltyComputed, analysis.ImpactScored);
                if (store.HasPersonIndex)
                {
                    // Stored people stay current: only the name blocks of the new and changed papers are computed.
                    var people = PersonIndex.Run(store, cancellationToken: cancellationToken);
                    logger.LogInformation("people after the harvest: {Blocks} name blocks disambiguated", people.Computed);
                }
                afterIndex?.Invoke();
            }
            return new ScheduledRun(DateTimeOffset.Now, reports, index, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The store is unreachable or indexing failed: the site goes on serving what it has; the next run retries.
            logger.LogError(e, "scheduled harvest failed");
            return new ScheduledRun(DateTimeOffset.Now, reports, null, e.Message);
        }
    }
}
