namespace PaperRadar.Core.Model;

/// <summary>
/// What a community site says about a paper on the day it featured it (Hugging Face daily papers): its upvotes and
/// discussion comments that day, who submitted it, the organisation it is filed under and its code repository when
/// the site names them. A later snapshot replaces an earlier one.
/// </summary>
public sealed record CommunitySignals(
    DateOnly Day, int Upvotes, int Comments, string? SubmittedBy = null, string? Organisation = null, string? CodeUrl = null);
