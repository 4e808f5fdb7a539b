using System.Text.Json;
using MathNet.Numerics.Statistics;
using PaperRadar.IntegrationTests.Support;
using PaperRadar.Scores;
using PaperRadar.Search.Indexing;
using PaperRadar.Storage;
using PaperRadar.Storage.Import;

namespace PaperRadar.IntegrationTests;

/// <summary>
/// `analyze`, `show --explain` and `export` through the real process on a real SQLite store: the sample (two days of
/// arxiv-daily) and, so that its papers have the 30 days of history novelty needs, the day file of 2026-04-16.
/// </summary>
public sealed class AnalyzeCommandTests : IClassFixture<AnalyzeCommandTests.AnalysedSample>
{
    private readonly AnalysedSample _sample;

    public AnalyzeCommandTests(AnalysedSample sample) => _sample = sample;

    public sealed class AnalysedSample : IDisposable
    {
        private readonly ScratchDirectory _temp = new();

        public AnalysedSample()
        {
            Db = _temp.File("sample.db");
            Check(PaperRadarProcess.Run("import", SharedData.Sample(), HistoryDay, "--db", Db));
            FirstAnalysis = JsonDocument.Parse(Check(PaperRadarProcess.Run("analyze", "--json", "--db", Db)).Stdout).RootElement;
            Export = Check(PaperRadarProcess.Run("export", "--format", "jsonl", "--db", Db)).Stdout;
        }

        public static string HistoryDay => SharedData.Path("arxiv-daily", "2026-04-16.jsonl.gz");

        public string Db { get; }

        public JsonElement FirstAnalysis { get; }

        /// <summary>The export right after the first analysis.</summary>
        public string Export { get; }

        public Dictionary<string, JsonElement> Papers() => Export.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(p => p.GetProperty("id").GetString()!);

        private static CliResult Check(CliResult result) =>
            result.ExitCode == 0 ? result : throw new InvalidOperationException(result.ToString());

        public void Dispose() => _temp.Dispose();
    }

    [Fact]
    public void AnalyzeScoresNoveltyAndSaysThatNoFieldHasOutcomes()
    {
        var report = _sample.FirstAnalysis;
        Assert.Equal(962, report.GetProperty("papers").GetInt64());
        // Every paper of the sample's two days; none of 2026-04-16's, which have nothing before them.
        Assert.Equal(741, report.GetProperty("novelty_scored").GetInt64());
        Assert.Equal(0, report.GetProperty("impact_scored").GetInt64());
        Assert.All(report.GetProperty("fields").EnumerateArray(), f => Assert.Equal("none", f.GetProperty("outcome").GetString()));
    }

    [Fact]
    public void EveryExportedPaperHasNoveltyAndImpactAndNoveltyLooksOnlyBackwards()
    {
        var papers = _sample.Papers();
        Assert.Equal(962, papers.Count);
        var scored = 0;
        foreach (var paper in papers.Values)
        {
            Assert.Equal(JsonValueKind.Null, paper.GetProperty("impact").ValueKind);
            var novelty = paper.GetProperty("scores").GetProperty("novelty");
            if (paper.GetProperty("novelty").ValueKind == JsonValueKind.Null)
            {
                Assert.Contains("papers in the store appeared before this one", novelty.GetProperty("unscored").GetString(), StringComparison.Ordinal);
                continue;
            }
            scored++;
            Assert.InRange(paper.GetProperty("novelty").GetDouble(), 0, 100);
            var appeared = paper.GetProperty("first_appeared").GetString()!;
            var nearest = novelty.GetProperty("nearest_earlier").EnumerateArray().ToList();
            Assert.Equal(10, nearest.Count);
            Assert.All(nearest, n => Assert.True(
                string.CompareOrdinal(papers[n.GetProperty("id").GetString()!].GetProperty("first_appeared").GetString(), appeared) < 0));
            var similarities = nearest.Select(n => n.GetProperty("similarity").GetDouble()).ToList();
            Assert.Equal(similarities.OrderDescending(), similarities);
            Assert.Equal(1 - similarities.Average(), novelty.GetProperty("distance").GetDouble(), tolerance: 5e-4);   // similarities are stored to 4 places
        }
        Assert.True(scored > 300);
    }

    [Fact]
    public void ASecondAnalysisRecomputesNothingAndChangesNoScore()
    {
        var again = JsonDocument.Parse(PaperRadarProcess.Run("analyze", "--json", "--db", _sample.Db).Stdout).RootElement;
        Assert.Equal(0, again.GetProperty("novelty_computed").GetInt64());
        Assert.Equal(962, again.GetProperty("novelty_unchanged").GetInt64());
        var export = PaperRadarProcess.Run("export", "--format", "jsonl", "--db", _sample.Db).Stdout;
        Assert.Equal(_sample.Export, export);
    }

    [Fact]
    public void AStoreWithLessThanThirtyDaysOfPapersScoresNoNoveltyAndSaysWhy()
    {
        using var temp = new ScratchDirectory();
        var db = temp.File("two-days.db");
        Assert.Equal(0, PaperRadarProcess.Run("import", SharedData.Sample(), "--db", db).ExitCode);
        var report = JsonDocument.Parse(PaperRadarProcess.Run("analyze", "--json", "--db", db).Stdout).RootElement;

        Assert.Equal(741, report.GetProperty("papers").GetInt64());
        Assert.Equal(0, report.GetProperty("novelty_scored").GetInt64());
        var shown = PaperRadarProcess.Run("show", "2605.28820", "--explain", "--db", db);
        Assert.Contains("the store's papers begin on 2026-05-27, only 1 day before this one; novelty needs at least 30 days",
            System.Text.RegularExpressions.Regex.Replace(shown.Stdout, @"\s+", " "), StringComparison.Ordinal);
    }

    [Fact]
    public void ShowExplainListsTheNearestEarlierPapersAndWhyThereIsNoImpactScore()
    {
        var (id, paper) = _sample.Papers().First(p => p.Value.GetProperty("novelty").ValueKind == JsonValueKind.Number);
        var result = PaperRadarProcess.Run("show", id, "--explain", "--db", _sample.Db);

        Assert.Equal(0, result.ExitCode);
        var text = result.Stdout.ReplaceLineEndings(" ");
        Assert.Contains($"novelty {paper.GetProperty("novelty").GetDouble():0}%", text, StringComparison.Ordinal);
        var nearest = paper.GetProperty("scores").GetProperty("novelty").GetProperty("nearest_earlier")[0].GetProperty("id").GetString()!;
        Assert.Contains(nearest, text, StringComparison.Ordinal);
        Assert.Contains("no impact score", text, StringComparison.Ordinal);
        Assert.Contains("the store holds no outcomes for", text, StringComparison.Ordinal);
    }
}

/// <summary>
/// The impact model on real citation data: the ACL Anthology Network imported into a real store, indexed and analysed
/// in process.
/// </summary>
public sealed class AclImpactTests : IClassFixture<AclImpactTests.AnalysedNetwork>
{
    private readonly AnalysedNetwork _network;

    public AclImpactTests(AnalysedNetwork network) => _network = network;

    public sealed class AnalysedNetwork : IDisposable
    {
        private readonly ScratchDirectory _temp = new();

        public AnalysedNetwork()
        {
            Store = PaperStore.Open(_temp.File("acl.db"));
            new Importer(Store).Import([SharedData.Path("acl-anthology-network")]);
            SearchIndexer.Run(Store, new IndexOptions());
            Report = ScoreAnalyzer.Run(Store);
        }

        public PaperStore Store { get; }

        public AnalyzeReport Report { get; }

        public void Dispose()
        {
            Store.Dispose();
            _temp.Dispose();
        }
    }

    [Fact]
    public void TheNetworksPapersAreScoredAgainstCitationsWithTheirFactors()
    {
        var field = Assert.Single(_network.Report.Fields, f => f.Field == "ACL Anthology");
        Assert.Equal(OutcomeKind.Citations, field.Kind);
        Assert.True(_network.Report.ImpactTrainedOn > 5_000);

        var impacts = _network.Store.StoredImpacts();
        var bleu = impacts["acl:P02-1040"];
        Assert.NotNull(bleu.Score);
        Assert.Equal("citations within 3 years", bleu.Outcome);
        Assert.Equal(3, bleu.Factors.Count);
        Assert.All(bleu.Factors, f => Assert.Contains(f.Name, ImpactFeatures.Names));
        Assert.True(bleu.Factors.Select(f => Math.Abs(f.Contribution)).SequenceEqual(bleu.Factors.Select(f => Math.Abs(f.Contribution)).OrderDescending()));
    }

    [Fact]
    public void HigherImpactScoresGoWithMoreCitations()
    {
        // Against the outcome itself (distinct papers citing within three years), over the papers whose window is
        // fully observed: the top-scored fifth must be cited clearly more than the bottom fifth, and the ranks agree.
        var options = new AnalyzeOptions();
        var papers = _network.Store.ScoringPapers(null);
        var features = new ImpactFeatures(papers, _network.Store.ResolvedCitationPairs(), options);
        var outcomes = features.Examples(_network.Store.StoredNovelties()).Where(e => features.IsMatured(e.Id)).ToDictionary(e => e.Id, e => e.Outcome!.Value);
        var scored = _network.Store.StoredImpacts().Values.Where(i => i.Score is not null && outcomes.ContainsKey(i.PaperId)).ToList();
        var top = scored.Where(i => i.Score >= 80).Select(i => outcomes[i.PaperId]).Average();
        var bottom = scored.Where(i => i.Score <= 20).Select(i => outcomes[i.PaperId]).Average();
        Assert.True(top > 3 * bottom, $"top fifth {top:0.00} vs bottom fifth {bottom:0.00}");
        Assert.True(Correlation.Spearman(scored.Select(i => i.Expected!.Value), scored.Select(i => outcomes[i.PaperId])) > 0.4);
    }

    [Fact]
    public void RelatedPapersBringInPapersCitedTogetherWithTheSeed()
    {
        // BLEU (729 in-network citations) is cited together with the WMT evaluation campaigns: with the co-citation
        // boost they come among its related papers, marked; by meaning alone none is marked.
        var engine = new PaperRadar.Search.SearchEngine(_network.Store);
        var related = engine.Related(PaperRadar.Core.Model.PaperId.Parse("acl:P02-1040"));
        var coCited = related.Where(r => r.CoCitations > 0).ToList();
        Assert.NotEmpty(coCited);
        var shared = _network.Store.CoCited(PaperRadar.Core.Model.PaperId.Parse("acl:P02-1040"), 50).ToDictionary(c => c.Id, c => c.SharedCiters);
        Assert.All(coCited, r => Assert.Equal(shared[r.Id], r.CoCitations));
        Assert.All(engine.Related(PaperRadar.Core.Model.PaperId.Parse("acl:P02-1040"), boost: false), r => Assert.Equal(0, r.CoCitations));
    }

    [Fact]
    public void AnalysingAgainFromNothingGivesIdenticalScores()
    {
        var novelty = _network.Store.StoredNovelties();
        var impact = _network.Store.StoredImpacts();
        _network.Store.ClearScores();
        ScoreAnalyzer.Run(_network.Store);
        var noveltyAgain = _network.Store.StoredNovelties();
        var impactAgain = _network.Store.StoredImpacts();
        Assert.Equal(novelty.Count, noveltyAgain.Count);
        Assert.All(novelty, n => Assert.Equal(JsonSerializer.Serialize(n.Value), JsonSerializer.Serialize(noveltyAgain[n.Key])));
        Assert.All(impact, i => Assert.Equal(JsonSerializer.Serialize(i.Value), JsonSerializer.Serialize(impactAgain[i.Key])));
    }
}
