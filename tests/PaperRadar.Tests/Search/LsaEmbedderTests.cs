using System.Numerics.Tensors;
using PaperRadar.Core.Readers;
using PaperRadar.Search.Embeddings;
using PaperRadar.Tests.Readers;

namespace PaperRadar.Tests.Search;

/// <summary>The corpus-trained embedder on one real day of arXiv ML papers.</summary>
public sealed class LsaEmbedderTests
{
    private static readonly Lazy<(List<string> Texts, List<string> Categories)> Corpus = new(() =>
    {
        var records = ReaderRuns.ReadFile(new ArxivDailyReader(), SharedData.Path("arxiv-daily", "2025-03-18.jsonl.gz"))
            .Select(o => o.Record!).DistinctBy(r => r.Id).ToList();
        return (records.Select(r => LsaEmbedder.PaperText(r.Title!, r.Abstract)).ToList(),
            records.Select(r => r.Categories[0]).ToList());
    });

    private static readonly LsaOptions Small = new() { Dimensions = 32, PowerIterations = 2 };

    private static readonly Lazy<LsaEmbedder> Model = new(() => LsaEmbedder.Train(Corpus.Value.Texts, Small));

    [Fact]
    public void TrainingIsDeterministic()
    {
        var again = LsaEmbedder.Train(Corpus.Value.Texts, Small);

        Assert.Equal(Model.Value.Name, again.Name);
        Assert.Equal(Model.Value.Serialize(), again.Serialize());
    }

    [Fact]
    public void VectorsAreUnitLengthAndEmbeddingOneTextEqualsEmbeddingItInABatch()
    {
        var texts = Corpus.Value.Texts.Take(20).ToList();
        var batch = Model.Value.EmbedAll(texts);
        var single = new float[Model.Value.Dimensions];
        for (var i = 0; i < texts.Count; i++)
        {
            Model.Value.Embed(texts[i], single);
            Assert.Equal(1f, TensorPrimitives.Norm(single), 3);
            for (var d = 0; d < single.Length; d++)
            {
                Assert.Equal(batch[i * single.Length + d], single[d], 4);
            }
        }
    }

    [Fact]
    public void APaperIsNearerItsOwnAbstractSentenceThanTheAverageOtherPaper()
    {
        var texts = Corpus.Value.Texts;
        var vectors = Model.Value.EmbedAll(texts);
        var dimensions = Model.Value.Dimensions;
        var query = new float[dimensions];
        var hits = 0;
        var trials = 0;
        for (var i = 0; i < texts.Count; i += 10)
        {
            var sentences = texts[i].Split(". ", StringSplitOptions.RemoveEmptyEntries);
            if (sentences.Length < 4)
            {
                continue;
            }
            trials++;
            Model.Value.Embed(sentences[3], query);
            var own = TensorPrimitives.Dot(query, vectors.AsSpan(i * dimensions, dimensions));
            var better = Enumerable.Range(0, texts.Count)
                .Count(j => TensorPrimitives.Dot(query, vectors.AsSpan(j * dimensions, dimensions)) > own);
            hits += better < 10 ? 1 : 0;
        }
        // One sentence of an abstract finds its paper among ~500 in the top 10 most of the time.
        Assert.True(hits > trials * 0.6, $"{hits} of {trials}");
    }

    [Fact]
    public void PapersOfOneCategoryAreMoreSimilarThanPapersOfDifferentCategories()
    {
        var (texts, categories) = Corpus.Value;
        var vectors = Model.Value.EmbedAll(texts);
        var dimensions = Model.Value.Dimensions;
        double same = 0, different = 0;
        int sameCount = 0, differentCount = 0;
        for (var i = 0; i < texts.Count; i += 7)
        {
            for (var j = i + 1; j < texts.Count; j += 13)
            {
                var similarity = TensorPrimitives.Dot(vectors.AsSpan(i * dimensions, dimensions), vectors.AsSpan(j * dimensions, dimensions));
                if (categories[i] == categories[j])
                {
                    same += similarity;
                    sameCount++;
                }
                else
                {
                    different += similarity;
                    differentCount++;
                }
            }
        }
        // ML categories overlap (cs.LG, cs.CV, cs.CL share most words), so the margin is modest but clear.
        Assert.True(same / sameCount > 1.05 * (different / differentCount), $"{same / sameCount:0.###} vs {different / differentCount:0.###}");
    }

    [Fact]
    public void TheStoredModelEmbedsExactlyAsTheTrainedOne()
    {
        var restored = LsaEmbedder.Deserialize(Model.Value.Serialize());
        var text = Corpus.Value.Texts[3];
        var expected = new float[Model.Value.Dimensions];
        var actual = new float[restored.Dimensions];

        Model.Value.Embed(text, expected);
        restored.Embed(text, actual);

        Assert.Equal(Model.Value.Name, restored.Name);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void ADamagedStoredModelIsRefusedWithAReason()
    {
        var bytes = Model.Value.Serialize();

        Assert.Contains("cut short", Assert.Throws<InvalidDataException>(() => LsaEmbedder.Deserialize(bytes[..(bytes.Length / 2)])).Message, StringComparison.Ordinal);
        using var other = new MemoryStream();
        using (var writer = new BinaryWriter(other))
        {
            writer.Write("some other file");
            writer.Write(42);
        }
        Assert.Contains("not a PaperRadar LSA model", Assert.Throws<InvalidDataException>(() => LsaEmbedder.Deserialize(other.ToArray())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TextWithNoKnownWordsEmbedsAsTheZeroVector()
    {
        var vector = new float[Model.Value.Dimensions];
        Model.Value.Embed("qwxzzy vvqqk", vector);
        Assert.All(vector, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void AnEmptyCorpusCannotBeTrainedOn() =>
        Assert.Throws<InvalidOperationException>(() => LsaEmbedder.Train([]));

    [Theory]
    [InlineData("The Poincaré-Lindelöf method, a GPT-4 study of 3D scenes in 2025", "poincare lindelof method gpt study 3d scenes")]
    [InlineData("Über Graphen", "uber graphen")]
    public void TermsAreLowerCaseWithoutAccentsStopWordsOrBareNumbers(string text, string expected) =>
        Assert.Equal(expected, string.Join(' ', TermTokenizer.Terms(text, bigrams: false)));

    [Fact]
    public void BigramsPairAdjacentKeptWords() =>
        Assert.Equal(["language", "models", "scale", "language models", "models scale"],
            TermTokenizer.Terms("Language models of scale", bigrams: true));
}
