namespace PaperRadar.Core.Model;

/// <summary>A record a reader could not accept: where it is and why, so the user can fix the source.</summary>
public sealed record Rejection(SourceLocation Location, string Reason, string? Excerpt = null)
{
    public override string ToString() => $"{Location}: {Reason}";
}

/// <summary>What a reader yields for each record: the paper, or the reason it was rejected.</summary>
public readonly record struct ReadOutcome
{
    private ReadOutcome(PaperRecord? record, Rejection? rejection)
    {
        Record = record;
        Rejection = rejection;
    }

    public PaperRecord? Record { get; }
    public Rejection? Rejection { get; }

    public static ReadOutcome Accept(PaperRecord record) => new(record, null);
    public static ReadOutcome Reject(SourceLocation location, string reason, string? excerpt = null) =>
        new(null, new Rejection(location, reason, excerpt));
}
