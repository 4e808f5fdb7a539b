using PaperRadar.Core.Authors;

namespace PaperRadar.Tests.Authors;

public sealed class AuthorDisambiguatorTests
{
    private static AuthorSignature Signature(string id, string name, string[] coAuthors, string topic, string category = "cs.LG",
        string? identifier = null, int year = 2025) => new()
        {
            Id = id,
            PaperId = "paper-" + id,
            Name = PersonName.Parse(name),
            CoAuthors = [name, .. coAuthors],
            Venues = [category],
            Year = year,
            TopicTerms = topic.Split(' '),
            KnownIdentifier = identifier,
        };

    private static readonly string GraphTopic = "graph neural networks message passing node classification benchmark";
    private static readonly string GalaxyTopic = "galaxy cluster dark matter halo lensing survey telescope";

    /// <summary>Two people called Yang Liu: a graph-learning researcher and an astronomer, three papers each.</summary>
    private static List<AuthorSignature> TwoNamesakes() =>
    [
        Signature("a1", "Yang Liu", ["Jie Tang", "Wei Chen"], GraphTopic),
        Signature("a2", "Yang Liu", ["Jie Tang"], GraphTopic + " attention"),
        Signature("a3", "Liu, Yang", ["Wei Chen", "Jie Tang"], "node classification graph transformers"),
        Signature("b1", "Yang Liu", ["Ann Smith", "Bo Zhou"], GalaxyTopic, "astro-ph.CO"),
        Signature("b2", "Yang Liu", ["Ann Smith"], GalaxyTopic + " weak lensing", "astro-ph.CO"),
        Signature("b3", "Yang Liu", ["Bo Zhou", "Ann Smith"], "dark matter halo survey", "astro-ph.CO"),
    ];

    private static string[][] Groups(DisambiguationResult result) =>
        result.Clusters.Select(c => c.Signatures.Select(s => s.SignatureId).Order(StringComparer.Ordinal).ToArray())
            .OrderBy(g => g[0], StringComparer.Ordinal).ToArray();

    [Fact]
    public void NamesakesAreToldApartByCoAuthorsCategoriesAndTopic()
    {
        var result = AuthorDisambiguator.Disambiguate(TwoNamesakes());
        Assert.Equal([["a1", "a2", "a3"], ["b1", "b2", "b3"]], Groups(result));
        Assert.All(result.Clusters, c => Assert.Equal("y liu", c.Block));
        Assert.Equal("y liu/a1", result.Clusters[0].Id);
    }

    [Fact]
    public void EveryAttributionHasAConfidenceAndEvidence()
    {
        var result = AuthorDisambiguator.Disambiguate(TwoNamesakes());
        var a1 = result.Clusters[0].Signatures[0];
        Assert.InRange(a1.Confidence, 0.5, 1.0);
        Assert.Contains("shares co-author Jie Tang on 2 other papers", a1.Evidence);
        Assert.Contains(a1.Evidence, e => e.StartsWith("topic similarity ", StringComparison.Ordinal));
        Assert.Contains(a1.Evidence, e => e.Contains("cs.LG", StringComparison.Ordinal));
    }

    [Fact]
    public void IncompatibleGivenNamesNeverMerge()
    {
        List<AuthorSignature> signatures =
        [
            Signature("1", "Yang Liu", ["Jie Tang", "Wei Chen"], GraphTopic),
            Signature("2", "Yi Liu", ["Jie Tang", "Wei Chen"], GraphTopic),
            Signature("3", "Yang Liu", ["Jie Tang", "Wei Chen"], GraphTopic),
        ];
        var result = AuthorDisambiguator.Disambiguate(signatures);
        Assert.Equal([["1", "3"], ["2"]], Groups(result));
    }

    [Fact]
    public void AnInitialJoinsTheFullNameItShares()
    {
        var signatures = TwoNamesakes();
        signatures.Add(Signature("b4", "Y. Liu", ["Ann Smith", "Bo Zhou"], GalaxyTopic, "astro-ph.CO"));
        var result = AuthorDisambiguator.Disambiguate(signatures);
        Assert.Equal([["a1", "a2", "a3"], ["b1", "b2", "b3", "b4"]], Groups(result));
        var b4 = result.Clusters[1].Signatures.Single(s => s.SignatureId == "b4");
        Assert.Contains(b4.Evidence, e => e.Contains("compatible with \"yang liu\"", StringComparison.Ordinal));
        Assert.Equal(new PersonName("yang", "liu", ""), result.Clusters[1].Name);
    }

    [Fact]
    public void AKnownIdentifierAlwaysWins()
    {
        var signatures = TwoNamesakes();
        // Same identifier on one paper of each: one person, whatever the model says; different identifiers on two
        // papers of the first person: never one person.
        signatures[0] = signatures[0] with { KnownIdentifier = "orcid:1" };
        signatures[3] = signatures[3] with { KnownIdentifier = "orcid:1" };
        signatures[1] = signatures[1] with { KnownIdentifier = "orcid:2" };
        var result = AuthorDisambiguator.Disambiguate(signatures);
        var clusterOf = result.ClusterOfSignature();
        Assert.Equal(clusterOf["a1"], clusterOf["b1"]);
        Assert.NotEqual(clusterOf["a1"], clusterOf["a2"]);
        var a1 = result.Clusters.SelectMany(c => c.Signatures).Single(s => s.SignatureId == "a1");
        Assert.Equal(1.0, a1.Confidence);
        Assert.Contains("known identifier orcid:1", a1.Evidence);
    }

    [Fact]
    public void CorrectionsWinEvenAcrossNameBlocks()
    {
        var signatures = TwoNamesakes();
        signatures.Add(Signature("c1", "Yang Chen-Liu", [], "something else entirely", "math.AG"));
        var result = AuthorDisambiguator.Disambiguate(signatures,
            [AuthorCorrection.Same("c1", "a1"), AuthorCorrection.Different("b1", "b2")]);
        var clusterOf = result.ClusterOfSignature();
        Assert.Equal(clusterOf["a1"], clusterOf["c1"]);
        Assert.NotEqual(clusterOf["b1"], clusterOf["b2"]);
    }

    [Fact]
    public void ADifferentPersonCorrectionSaysSoButDoesNotMakeTheRestCertain()
    {
        var result = AuthorDisambiguator.Disambiguate(TwoNamesakes(),
            [AuthorCorrection.Different("b1", "b2", "papers split off p-1 as p-2 (correction #1)")]);

        var b1 = result.Clusters.SelectMany(c => c.Signatures).Single(s => s.SignatureId == "b1");
        Assert.Contains("user correction: papers split off p-1 as p-2 (correction #1)", b1.Evidence);
        Assert.Single(b1.Evidence, e => e.StartsWith("user correction", StringComparison.Ordinal));
        // Only a "same person" fact is certain; the clustering still decides how sure the other links are.
        Assert.InRange(b1.Confidence, 0, 0.999);
    }

    [Fact]
    public void TheResultDoesNotDependOnInputOrderOrParallelism()
    {
        var signatures = TwoNamesakes();
        signatures.Add(Signature("c1", "Y. Liu", ["Carl Gauss"], "number theory primes"));
        signatures.Add(Signature("d1", "Hao Chen", ["Jie Tang"], GraphTopic));
        var expected = AuthorDisambiguator.Disambiguate(signatures, options: new DisambiguationOptions { Parallel = false });
        var reversed = Enumerable.Reverse(signatures).ToList();
        var actual = AuthorDisambiguator.Disambiguate(reversed);
        Assert.Equal(Describe(expected), Describe(actual));
    }

    private static string Describe(DisambiguationResult result) => string.Join("\n", result.Clusters.Select(c =>
        $"{c.Id} {c.Name}: " + string.Join(", ", c.Signatures.Select(s => $"{s.SignatureId} {s.Confidence} [{string.Join("; ", s.Evidence)}]"))));

    [Fact]
    public void DuplicateSignatureIdsAreRefused()
    {
        var signatures = TwoNamesakes();
        signatures.Add(signatures[0]);
        var error = Assert.Throws<ArgumentException>(() => AuthorDisambiguator.Disambiguate(signatures));
        Assert.Contains("\"a1\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACorrectionNamingAnUnknownSignatureIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            AuthorDisambiguator.Disambiguate(TwoNamesakes(), [AuthorCorrection.Same("a1", "nope")]));
        Assert.Contains("\"nope\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DenseTopicVectorsAreUsedWhenGiven()
    {
        // Sentence embeddings of unrelated texts point away from each other. Six papers of one rare full name with
        // nothing else to go by are likely one person whatever their topics (the fitted model has learnt that), but
        // how sure it is must follow the vectors, and the evidence must quote them.
        float[] graph = [1, 0.2f, 0];
        float[] galaxy = [-0.6f, 1, 0];
        List<AuthorSignature> WithVectors(Func<AuthorSignature, float[]> vector) => TwoNamesakes().Select(s => s with
        {
            TopicTerms = [],
            CoAuthors = [],
            Venues = [],
            TopicVector = vector(s),
        }).ToList();
        AttributedSignature A1(DisambiguationResult result) => result.Clusters.SelectMany(c => c.Signatures).Single(s => s.SignatureId == "a1");

        var apart = A1(AuthorDisambiguator.Disambiguate(WithVectors(s => s.Id.StartsWith('a') ? graph : galaxy)));
        var alike = A1(AuthorDisambiguator.Disambiguate(WithVectors(_ => graph)));
        Assert.True(apart.Confidence < alike.Confidence - 0.05, $"topics apart: {apart.Confidence}, alike: {alike.Confidence}");
        Assert.Contains("topic similarity 1.00 (best), 1.00 (average)", alike.Evidence);
        Assert.Contains(apart.Evidence, e => e.StartsWith("topic similarity 1.00 (best), 0.", StringComparison.Ordinal));
    }
}
