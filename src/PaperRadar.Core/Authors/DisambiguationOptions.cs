namespace PaperRadar.Core.Authors;

/// <summary>
/// The weights of the pairwise model: the log-odds that two signatures of one block are the same person is the sum
/// of these weights times the features. Defaults are tuned in docs/disambiguation.md (the bench's
/// <c>disambiguation</c> subcommand).
/// </summary>
public sealed record DisambiguationOptions
{
    /// <summary>Log-odds of two signatures with the same full given names and nothing else known.</summary>
    public double Bias { get; init; } = 1.5;

    /// <summary>Added when one of the names is only initials or lacks a middle name the other has.</summary>
    public double PartialName { get; init; } = -0.5;

    /// <summary>Times the name's commonness (0 for a name seen once, about 1 for "Yang Liu" in arXiv).</summary>
    public double Commonness { get; init; } = -6.0;

    /// <summary>Per shared co-author (at most three count).</summary>
    public double SharedCoAuthor { get; init; } = 3.0;

    /// <summary>When both papers have co-authors and share none.</summary>
    public double NoSharedCoAuthor { get; init; } = -0.6;

    /// <summary>Times the affiliations' similarity (TF-IDF cosine), when both have affiliations.</summary>
    public double AffiliationSimilarity { get; init; } = 2.0;

    /// <summary>When both have affiliations and they have nothing in common.</summary>
    public double DifferentAffiliation { get; init; } = -1.0;

    /// <summary>Times the Jaccard similarity of the categories/venues, when both have some.</summary>
    public double VenueSimilarity { get; init; } = 1.5;

    /// <summary>When both have categories/venues and share none.</summary>
    public double DifferentVenue { get; init; } = -1.0;

    /// <summary>Times (topic cosine − <see cref="TopicCentre"/>), when both have a topic.</summary>
    public double TopicSimilarity { get; init; } = 6.0;

    /// <summary>The topic cosine above which topic speaks for the same person.</summary>
    public double TopicCentre { get; init; } = 0.12;

    /// <summary>Per year of distance beyond <see cref="YearTolerance"/>.</summary>
    public double YearGap { get; init; } = -0.15;

    public int YearTolerance { get; init; } = 5;

    /// <summary>Clusters merge while their average pairwise probability of being one person exceeds this.</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Run blocks in parallel (the result is the same either way).</summary>
    public bool Parallel { get; init; } = true;

    public static DisambiguationOptions Default { get; } = new();
}
