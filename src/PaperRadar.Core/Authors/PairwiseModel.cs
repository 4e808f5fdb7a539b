namespace PaperRadar.Core.Authors;

/// <summary>The log-odds that two signatures of one block are the same person (see <see cref="DisambiguationOptions"/>).</summary>
internal sealed class PairwiseModel(DisambiguationOptions options, SignatureFeatures features)
{
    private const int MaxCountedCoAuthors = 3;

    public double LogOdds(AuthorSignature a, int i, AuthorSignature b, int j)
    {
        var score = options.Bias;
        if (GivenNames.Compare(a.Name.Given, b.Name.Given) != GivenNameMatch.Same || !a.Name.HasFullFirstName)
        {
            score += options.PartialName;
        }
        score += options.Commonness * Math.Max(features.Commonness[i], features.Commonness[j]);

        var (coI, coJ) = (features.CoAuthors[i], features.CoAuthors[j]);
        if (coI.Length > 0 && coJ.Length > 0)
        {
            var shared = CountShared(coI, coJ);
            score += shared == 0 ? options.NoSharedCoAuthor : options.SharedCoAuthor * Math.Min(shared, MaxCountedCoAuthors);
        }

        var (affI, affJ) = (features.Affiliations[i], features.Affiliations[j]);
        if (!affI.IsEmpty && !affJ.IsEmpty)
        {
            var similarity = affI.Dot(affJ);
            score += similarity <= 0.0001 ? options.DifferentAffiliation : options.AffiliationSimilarity * similarity;
        }

        var (venI, venJ) = (features.Venues[i], features.Venues[j]);
        if (venI.Length > 0 && venJ.Length > 0)
        {
            var shared = CountShared(venI, venJ);
            score += shared == 0
                ? options.DifferentVenue
                : options.VenueSimilarity * shared / (venI.Length + venJ.Length - shared);
        }

        if (TopicSimilarity(a, i, b, j) is { } topic)
        {
            score += options.TopicSimilarity * (topic - options.TopicCentre);
        }

        if (a.Year is { } yearA && b.Year is { } yearB)
        {
            score += options.YearGap * Math.Max(0, Math.Abs(yearA - yearB) - options.YearTolerance);
        }
        return score;
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
