namespace PaperRadar.Core.Authors;

/// <summary>The labelled pairs a pair model is trained on (S2AND-style gold clusters); the bench fits the trees.</summary>
public static class DisambiguationTraining
{
    /// <summary>Pairs taken per block at most (an even sample beyond), so that one huge block does not dominate.</summary>
    private const int MaxPairsPerBlock = 20_000;

    /// <summary>
    /// The features (<see cref="PairwiseModel.FeatureNames"/>) and label ("same person") of every pair of labelled
    /// signatures in one block whose given names are compatible: the pairs the clustering asks the model about. Each
    /// dataset's features (name counts, TF-IDF) come from all its signatures; only the pairs of signatures in its
    /// gold are returned, in a deterministic order.
    /// </summary>
    public static List<(float[] Features, bool SamePerson)> LabelledPairs(
        IEnumerable<(IReadOnlyList<AuthorSignature> Signatures, IReadOnlyDictionary<string, string> Gold)> datasets)
    {
        var examples = new List<(float[], bool)>();
        foreach (var (signatures, gold) in datasets)
        {
            var features = SignatureFeatures.Build(signatures);
            var model = new PairwiseModel(classifier: null, features);
            var blocks = Enumerable.Range(0, signatures.Count)
                .Where(i => gold.ContainsKey(signatures[i].Id))
                .GroupBy(i => signatures[i].Name.BlockKey, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal);
            foreach (var block in blocks)
            {
                var members = block.OrderBy(i => signatures[i].Id, StringComparer.Ordinal).ToArray();
                var pairs = new List<(int, int)>();
                for (var a = 0; a < members.Length; a++)
                {
                    for (var b = a + 1; b < members.Length; b++)
                    {
                        var (i, j) = (members[a], members[b]);
                        if (GivenNames.Compare(signatures[i].Name.Given, signatures[j].Name.Given) != GivenNameMatch.Incompatible)
                        {
                            pairs.Add((i, j));
                        }
                    }
                }
                var step = Math.Max(1, pairs.Count / MaxPairsPerBlock);
                for (var k = 0; k < pairs.Count; k += step)
                {
                    var (i, j) = pairs[k];
                    var row = new float[PairwiseModel.FeatureCount];
                    model.Features(signatures[i], i, signatures[j], j, row);
                    examples.Add((row, gold[signatures[i].Id] == gold[signatures[j].Id]));
                }
            }
        }
        return examples;
    }

}
