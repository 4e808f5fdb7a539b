namespace PaperRadar.Core.Authors;

/// <summary>
/// How disambiguation decides: the pair model (gradient-boosted trees fitted on the tuning halves of S2AND's Qian
/// data and of the ACL and arxiv-daily name-merging tests, the bench's <c>disambiguation --fit</c>) and the
/// clustering's levels, chosen on the same halves; see docs/disambiguation.md.
/// </summary>
public sealed record DisambiguationOptions
{
    /// <summary>The pair model: the probability that two signatures of one block are one person.</summary>
    public PairClassifier Classifier { get; init; } = PairClassifier.Default;

    /// <summary>Clusters merge while their average pairwise probability of being one person exceeds this.</summary>
    public double Threshold { get; init; } = 0.4;

    /// <summary>Pairs at least this likely are merged before average linkage, and chain (single linkage).</summary>
    public double StrongLink { get; init; } = 0.95;

    /// <summary>Run blocks in parallel (the result is the same either way).</summary>
    public bool Parallel { get; init; } = true;

    public static DisambiguationOptions Default { get; } = new();
}
