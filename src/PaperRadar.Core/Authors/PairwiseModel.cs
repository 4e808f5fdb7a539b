namespace PaperRadar.Core.Authors;

/// <summary>The log-odds that two signatures of one block are the same person (see <see cref="DisambiguationOptions"/>).</summary>
internal sealed class PairwiseModel(DisambiguationOptions options, SignatureFeatures features)
{
    private const int MaxCountedCoAuthors = 3;

    /// <summary>The number of <see cref="Features"/>, and of weights in <see cref="DisambiguationOptions.ToWeights"/>.</summary>
    public const int FeatureCount = 12;

    public double LogOdds(AuthorSignature a, int i, AuthorSignature b, int j)
    {
        Span<double> values = stackalloc double[FeatureCount];
        Features(a, i, b, j, values);
        var weights = _weights;
        double score = 0;
        for (var k = 0; k < FeatureCount; k++)
        {
            score += weights[k] * values[k];
        }
        return score;
    }

    private readonly double[] _weights = options.ToWeights();

    /// <summary>
    /// The pair's features, in the order of <see cref="DisambiguationOptions.ToWeights"/>: 1, partial name,
    /// commonness, shared co-authors (at most 3), no shared co-author, affiliation similarity, different
    /// affiliations, venue Jaccard, different venues, topic cosine, topic known, years apart beyond the tolerance.
    /// </summary>
    public void Features(AuthorSignature a, int i, AuthorSignature b, int j, Span<double> values)
    {
        values.Clear();
        values[0] = 1;
        if (GivenNames.Compare(a.Name.Given, b.Name.Given) != GivenNameMatch.Same || !a.Name.HasFullFirstName)
        {
            values[1] = 1;
        }
        values[2] = Math.Max(features.Commonness[i], features.Commonness[j]);

        var (coI, coJ) = (features.CoAuthors[i], features.CoAuthors[j]);
        if (coI.Length > 0 && coJ.Length > 0)
        {
            var shared = CountShared(coI, coJ);
            values[shared == 0 ? 4 : 3] = shared == 0 ? 1 : Math.Min(shared, MaxCountedCoAuthors);
        }

        var (affI, affJ) = (features.Affiliations[i], features.Affiliations[j]);
        if (!affI.IsEmpty && !affJ.IsEmpty)
        {
            var similarity = affI.Dot(affJ);
            values[similarity <= 0.0001 ? 6 : 5] = similarity <= 0.0001 ? 1 : similarity;
        }

        var (venI, venJ) = (features.Venues[i], features.Venues[j]);
        if (venI.Length > 0 && venJ.Length > 0)
        {
            var shared = CountShared(venI, venJ);
            values[shared == 0 ? 8 : 7] = shared == 0 ? 1 : (double)shared / (venI.Length + venJ.Length - shared);
        }

        if (TopicSimilarity(a, i, b, j) is { } topic)
        {
            values[9] = topic;
            values[10] = 1;
        }

        if (a.Year is { } yearA && b.Year is { } yearB)
        {
            values[11] = Math.Max(0, Math.Abs(yearA - yearB) - options.YearTolerance);
        }
    }

    public double Probability(AuthorSignature a, int i, AuthorSignature b, int j) => 1.0 / (1.0 + Math.Exp(-LogOdds(a, i, b, j)));

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

    public static int CountShared(int[] sortedA, int[] sortedB)
    {
        int i = 0, j = 0, shared = 0;
        while (i < sortedA.Length && j < sortedB.Length)
        {
            if (sortedA[i] == sortedB[j])
            {
                shared++;
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
        return shared;
    }
}
