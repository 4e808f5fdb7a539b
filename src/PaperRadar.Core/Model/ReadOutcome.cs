namespace PaperRadar.Core.Model;

/// <summary>A record a reader could not accept: where it is and why, so the user can fix the source.</summary>
public sealed record Rejection(SourceLocation Location, string Reason, string? Excerpt = null)
{
    public override string ToString() => $"{Location}: {Reason}";
}

/// <summary>
/// What a reader yields for each record: the paper, a citation (from a citation-network file), a deletion (an OAI-PMH
/// header saying the source deleted the paper), or the reason the record was rejected. Exactly one of the four is set.
/// </summary>
public readonly record struct ReadOutcome
{
    private ReadOutcome(PaperRecord? record, Rejection? rejection, CitationEdge? citation, PaperDeletion? deletion)
    {
        Record = record;
        Rejection = rejection;
        Citation = citation;
        Deletion = deletion;
    }

    public PaperRecord? Record { get; }
    public Rejection? Rejection { get; }
    public CitationEdge? Citation { get; }
    public PaperDeletion? Deletion { get; }

    public static ReadOutcome Accept(PaperRecord record) => new(record, null, null, null);
    public static ReadOutcome Cite(CitationEdge citation) => new(null, null, citation, null);
    public static ReadOutcome Delete(PaperDeletion deletion) => new(null, null, null, deletion);
    public static ReadOutcome Reject(SourceLocation location, string reason, string? excerpt = null) =>
        new(null, new Rejection(location, reason, excerpt), null, null);
}
