namespace PaperRadar.Core.Model;

/// <summary>
/// A source says it deleted the paper (an OAI-PMH header with <c>status="deleted"</c>): on which day (its datestamp)
/// and where it said so. The paper leaves search, listings and digests; its records and citations stay.
/// </summary>
public sealed record SourceDeletion(DateOnly? Day, string Source);

/// <summary>A record of a source file saying the source deleted the paper <paramref name="Id"/>, and where it says so.</summary>
public sealed record PaperDeletion(PaperId Id, SourceDeletion Deletion, SourceLocation Location);
