namespace PaperRadar.Core.Model;

/// <summary>
/// How many times a bibliographic database says a paper has been cited (OpenAlex's <c>cited_by_count</c>), and the
/// day it last updated its record of the paper. The citing papers themselves need not be known: this is a count, not
/// edges.
/// </summary>
public sealed record CitationCount(int Count, DateOnly? Counted, string Source);
