namespace PaperRadar.Core.Authors;

/// <summary>
/// The weights of the pairwise model: the log-odds that two signatures of one block are the same person is the sum
/// of these weights times the features. The default weights were fitted by logistic regression
/// (<see cref="DisambiguationTraining.Fit"/>) on the tuning halves of S2AND's Qian data and of the ACL name-merging
/// test, and the threshold chosen on the same halves; see docs/disambiguation.md (the bench's
/// <c>disambiguation --fit</c>).
/// </summary>
public sealed record DisambiguationOptions
{
    /// <summary>Log-odds of a pair before any feature (the intercept).</summary>
    public double Bias { get; init; } = -0.862;

    /// <summary>Added when the names are not the same full given names (an initial, a missing middle name).</summary>
    public double PartialName { get; init; } = 0.508;

    /// <summary>Times the name's commonness (0 for a name seen once, about 1 for "Yang Liu" in arXiv).</summary>
    public double Commonness { get; init; } = -0.167;

    /// <summary>Per shared co-author (at most three count).</summary>
    public double SharedCoAuthor { get; init; } = 1.498;

    /// <summary>When both papers have co-authors and share none.</summary>
    public double NoSharedCoAuthor { get; init; } = -1.251;

    /// <summary>Times the affiliations' similarity (TF-IDF cosine), when both have affiliations.</summary>
    public double AffiliationSimilarity { get; init; } = 5.015;

    /// <summary>When both have affiliations and they have nothing in common.</summary>
    public double DifferentAffiliation { get; init; } = -0.507;

    /// <summary>Times the Jaccard similarity of the categories/venues, when both have some.</summary>
    public double VenueSimilarity { get; init; } = 0.266;

    /// <summary>When both have categories/venues and share none.</summary>
    public double DifferentVenue { get; init; } = -0.202;

    /// <summary>Times (topic cosine − <see cref="TopicCentre"/>), when both have a topic.</summary>
    public double TopicSimilarity { get; init; } = 5.642;

    /// <summary>The topic cosine above which topic speaks for the same person.</summary>
    public double TopicCentre { get; init; } = -0.195;

    /// <summary>Per year of distance beyond <see cref="YearTolerance"/>.</summary>
    public double YearGap { get; init; } = 0.066;

    public int YearTolerance { get; init; } = 5;

    /// <summary>Clusters merge while their average pairwise probability of being one person exceeds this.</summary>
    public double Threshold { get; init; } = 0.45;

    /// <summary>Pairs at least this likely are merged before average linkage, and chain (single linkage).</summary>
    public double StrongLink { get; init; } = 0.95;

    /// <summary>Run blocks in parallel (the result is the same either way).</summary>
    public bool Parallel { get; init; } = true;

    public static DisambiguationOptions Default { get; } = new();

    /// <summary>The weights in the order of the pairwise model's features (see <see cref="FromWeights"/>).</summary>
    public double[] ToWeights() =>
    [
        Bias, PartialName, Commonness, SharedCoAuthor, NoSharedCoAuthor, AffiliationSimilarity, DifferentAffiliation,
        VenueSimilarity, DifferentVenue, TopicSimilarity, -TopicSimilarity * TopicCentre, YearGap,
    ];

    /// <summary>These options with the weights of a fitted model (the inverse of <see cref="ToWeights"/>).</summary>
    public DisambiguationOptions FromWeights(IReadOnlyList<double> weights) => this with
    {
        Bias = weights[0],
        PartialName = weights[1],
        Commonness = weights[2],
        SharedCoAuthor = weights[3],
        NoSharedCoAuthor = weights[4],
        AffiliationSimilarity = weights[5],
        DifferentAffiliation = weights[6],
        VenueSimilarity = weights[7],
        DifferentVenue = weights[8],
        TopicSimilarity = weights[9],
        TopicCentre = weights[9] == 0 ? 0 : -weights[10] / weights[9],
        YearGap = weights[11],
    };
}
