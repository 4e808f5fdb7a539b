namespace PaperRadar.Core.Model;

/// <summary>
/// One paper citing another, as a source states it. Either end may be a paper the store does not hold (yet): the edge
/// is kept, counts as a citation of the cited paper, and links up when that paper arrives.
/// </summary>
public sealed record CitationEdge(PaperId Citing, PaperId Cited, SourceLocation Source);
