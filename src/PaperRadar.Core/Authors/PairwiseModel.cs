namespace PaperRadar.Core.Authors;

/// <summary>
/// The probability that two signatures of one block are the same person: the pair's features (what they share, how
/// common the name is) scored by a <see cref="PairClassifier"/> (none when only the features are wanted, to train one).
/// </summary>
internal sealed class PairwiseModel(PairClassifier? classifier, SignatureFeatures features)
{
    /// <summary>Shared co-authors counted at most (one paper's author list can be thousands long).</summary>
    private const int MaxCountedCoAuthors = 10;

    /// <summary>A feature that is unknown for the pair (no affiliation on one side...): below any real value.</summary>
    private const float Unknown = -2;

    /// <summary>
    /// What the classifier sees of a pair, in order. Unknown values are <see cref="Unknown"/>, so a tree can tell
    /// "no evidence" from "evidence against".
    /// </summary>
    public static IReadOnlyList<string> FeatureNames { get; } =
    [
        "same full given names",
        "an initial only",
        "name commonness",
        "papers with the full name (log)",
        "papers in the block (log)",
        "shared co-authors",
        "shared co-authors, rarity-weighted",
        "co-authors on the smaller list (log)",
        "affiliation cosine",
        "venue Jaccard",
        "topic cosine",
        "years apart",
        "authors on the larger paper (log)",
        "same paper",
    ];

    public static int FeatureCount => FeatureNames.Count;

    public double Probability(AuthorSignature a, int i, AuthorSignature b, int j)
    {
        Span<float> values = stackalloc float[FeatureCount];
        Features(a, i, b, j, values);
        return (classifier ?? throw new InvalidOperationException("this pair model computes features only")).Probability(values);
    }

    /// <summary>The pair's features in the order of <see cref="FeatureNames"/>; symmetric in the two signatures.</summary>
    public void Features(AuthorSignature a, int i, AuthorSignature b, int j, Span<float> values)
    {
        var initialOnly = !a.Name.HasFullFirstName || !b.Name.HasFullFirstName;
        values[0] = !initialOnly && GivenNames.Compare(a.Name.Given, b.Name.Given) == GivenNameMatch.Same ? 1 : 0;
        values[1] = initialOnly ? 1 : 0;
        values[2] = (float)Math.Max(features.Commonness[i], features.Commonness[j]);
        values[3] = (float)Math.Log(1 + Math.Max(features.FullNameSignatures[i], features.FullNameSignatures[j]));
        values[4] = (float)Math.Log(1 + features.BlockSignatures[i]);

        var (coI, coJ) = (features.CoAuthors[i], features.CoAuthors[j]);
        if (coI.Length > 0 && coJ.Length > 0)
        {
            var (shared, rarity) = Shared(coI, coJ);
            values[5] = Math.Min(shared, MaxCountedCoAuthors);
            values[6] = (float)rarity;
            values[7] = (float)Math.Log(Math.Min(coI.Length, coJ.Length));
        }
        else
        {
            values[5] = values[6] = values[7] = Unknown;
        }

        var (affI, affJ) = (features.Affiliations[i], features.Affiliations[j]);
        values[8] = affI.IsEmpty || affJ.IsEmpty ? Unknown : (float)affI.Dot(affJ);

        var (venI, venJ) = (features.Venues[i], features.Venues[j]);
        if (venI.Length > 0 && venJ.Length > 0)
        {
            var shared = CountShared(venI, venJ);
            values[9] = (float)shared / (venI.Length + venJ.Length - shared);
        }
        else
        {
            values[9] = Unknown;
        }

        values[10] = TopicSimilarity(a, i, b, j) is { } topic ? (float)topic : Unknown;
        values[11] = a.Year is { } yearA && b.Year is { } yearB ? Math.Abs(yearA - yearB) : Unknown;
        values[12] = (float)Math.Log(1 + Math.Max(a.CoAuthors.Count, b.CoAuthors.Count));
        // Two authors of one paper with one name block are two people, unless a source listed one person twice.
        values[13] = string.Equals(a.PaperId, b.PaperId, StringComparison.Ordinal) ? 1 : 0;
    }

    /// <summary>Cosine of the papers' topics: their vectors when both have one, else their terms; null when unknown.</summary>
    public double? TopicSimilarity(AuthorSignature a, int i, AuthorSignature b, int j)
    {
        if (!a.TopicVector.IsEmpty && a.TopicVector.Length == b.TopicVector.Length)
        {
            return Cosine(a.TopicVector.Span, b.TopicVector.Span);
        }
        var (topicI, topicJ) = (features.TermTopics[i], features.TermTopics[j]);
        return topicI.IsEmpty || topicJ.IsEmpty ? null : topicI.Dot(topicJ);
    }

    private static double Cosine(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        var denominator = System.Numerics.Tensors.TensorPrimitives.Norm(x) * System.Numerics.Tensors.TensorPrimitives.Norm(y);
        return denominator == 0 ? 0 : System.Numerics.Tensors.TensorPrimitives.Dot(x, y) / denominator;
    }

    /// <summary>How many co-authors two sorted lists share, and the sum of the shared ones' rarity (a co-author on few papers says more).</summary>
    private (int Shared, double Rarity) Shared(int[] sortedA, int[] sortedB) => SharedIn(sortedA, sortedB, features.CoAuthorRarity);

    public static int CountShared(int[] sortedA, int[] sortedB) => SharedIn(sortedA, sortedB, weights: null).Shared;

    /// <summary>How many values two sorted lists share, and the sum of the shared values' <paramref name="weights"/> when given.</summary>
    private static (int Shared, double Weight) SharedIn(int[] sortedA, int[] sortedB, double[]? weights)
    {
        int i = 0, j = 0, shared = 0;
        double weight = 0;
        while (i < sortedA.Length && j < sortedB.Length)
        {
            if (sortedA[i] == sortedB[j])
            {
                shared++;
                weight += weights?[sortedA[i]] ?? 0;
                i++;
                j++;
            }
            else if (sortedA[i] < sortedB[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return (shared, weight);
    }
}
