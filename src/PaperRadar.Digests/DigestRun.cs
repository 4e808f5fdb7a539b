using PaperRadar.Search.Indexing;
using PaperRadar.Storage;

namespace PaperRadar.Digests;

/// <summary>One run of <c>digest</c> (by hand or on serve's schedule).</summary>
public sealed record DigestRunOptions
{
    /// <summary>The moment the digests are built for (its UTC day is the digests' last day).</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>Build and show the digests; record and send nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Try every pending message now, whatever its backoff (a run by hand: someone is watching).</summary>
    public bool IgnoreBackoff { get; init; }

    /// <summary>Bring the keyword index and vectors up to date first (new papers can only match once indexed).</summary>
    public bool Index { get; init; } = true;

    public DigestOptions Digests { get; init; } = new();
}

public sealed record DigestRunReport(DigestBuild Build, int Recorded, DeliveryReport? Delivery);

/// <summary>Indexes what is new, builds the due digests into the outbox, then delivers the outbox.</summary>
public static class DigestRun
{
    public static DigestRunReport Run(PaperStore store, MailSettings mail, DigestRunOptions options, Action<string>? log = null,
        RetryPolicy? retry = null, CancellationToken cancellationToken = default)
    {
        if (options.Index)
        {
            SearchIndexer.Run(store, new IndexOptions(), cancellationToken: cancellationToken);
        }
        var subscriptions = new Subscriptions(store, mail);
        var build = new DigestBuilder(store, mail, subscriptions, options.Digests).Build(options.Now);
        if (options.DryRun)
        {
            return new DigestRunReport(build, 0, null);
        }
        var recorded = 0;
        foreach (var chunk in build.Periods.Chunk(2_000))
        {
            recorded += store.RecordDigestPeriods(chunk, DateTimeOffset.UtcNow);
        }
        var delivery = new MailDelivery(store, mail, log, policy: retry).DeliverDue(options.IgnoreBackoff, cancellationToken: cancellationToken);
        return new DigestRunReport(build, recorded, delivery);
    }
}
