using System.Diagnostics;
using System.Globalization;
using PaperRadar.Core.Model;
using PaperRadar.Storage;
using PaperRadar.Storage.Search;

namespace PaperRadar.Scores;

/// <summary>What an analysis did.</summary>
public sealed record AnalyzeReport(
    string Embedder, long Papers, long NoveltyComputed, long NoveltyKept, long NoveltyScored,
    IReadOnlyList<FieldOutcome> Fields, long ImpactTrainedOn, long ImpactScored, TimeSpan Elapsed);

/// <summary>
/// <c>paperradar analyze</c>: novelty for every paper with a vector (incremental: see <see cref="NoveltyAnalysis"/>),
/// then the impact model retrained on the store's outcomes and applied to every paper of a field that has outcomes.
/// The vectors must be current (<c>paperradar index</c> first; the verb runs it).
/// </summary>
public static class ScoreAnalyzer
{
    public static AnalyzeReport Run(PaperStore store, AnalyzeOptions? options = null, IProgress<AnalyzeProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new AnalyzeOptions();
        var clock = Stopwatch.StartNew();
        var vectorStore = new VectorStore(store);
        var embedder = vectorStore.CurrentEmbedder
            ?? throw new InvalidOperationException("the store has no paper vectors yet; run paperradar index first");
        var dimensions = vectorStore.Embedders().Single(e => e.Name == embedder).Dimensions;

        progress?.Report(new AnalyzeProgress("reading papers and vectors", 0, 0));
        var papers = store.ScoringPapers(embedder);
        var vectors = vectorStore.LoadVectors(embedder, dimensions);
        var novelty = NoveltyAnalysis.Run(store, embedder, papers, vectors, dimensions, options, progress, cancellationToken);

        progress?.Report(new AnalyzeProgress("impact: features and model", 0, 0));
        var impact = ImpactAnalysis.Run(store, papers, novelty.Rows, options);
        return new AnalyzeReport(embedder, papers.Count, novelty.Computed, novelty.Kept,
            novelty.Rows.Values.LongCount(r => r.Percentile is not null), impact.Fields, impact.TrainedOn, impact.Scored, clock.Elapsed);
    }
}

/// <summary>
/// Impact (docs/scores.md): per outcome kind, a model trained on the papers whose outcome is fully observed, applied
/// to every paper of the fields with that outcome; the score is the percentile of the prediction among the papers of
/// the same field and year. Papers of fields without outcomes get a row that says so, not a score.
/// </summary>
internal static class ImpactAnalysis
{
    public sealed record Result(IReadOnlyList<FieldOutcome> Fields, long TrainedOn, long Scored);

    public static Result Run(PaperStore store, IReadOnlyList<ScoringPaper> papers, IReadOnlyDictionary<string, StoredNovelty> novelty, AnalyzeOptions options)
    {
        var features = new ImpactFeatures(papers, store.ResolvedCitationPairs(), options);
        var examples = features.Examples(novelty);
        var rows = new Dictionary<string, StoredImpact>(StringComparer.Ordinal);
        long trainedOn = 0;
        foreach (var kind in new[] { OutcomeKind.Citations, OutcomeKind.Upvotes })
        {
            var ofKind = examples.Where(e => e.Kind == kind).ToList();
            if (ofKind.Count == 0)
            {
                continue;
            }
            var training = ofKind.Where(e => features.IsMatured(e.Id)).ToList();
            var outcome = OutcomeName(kind, options);
            if (training.Count < options.MinimumPapersWithOutcomes)
            {
                foreach (var example in ofKind)
                {
                    rows[example.Id] = new StoredImpact(example.Id, example.Field, outcome, null, null, [], string.Create(CultureInfo.InvariantCulture,
                        $"only {training.Count:N0} papers of fields measured by {outcome} have a fully observed outcome; the model needs {options.MinimumPapersWithOutcomes:N0}"));
                }
                continue;
            }
            var model = ImpactModel.Train(training.Select(e => e.Features).ToList(), training.Select(e => e.Outcome!.Value).ToList());
            trainedOn += training.Count;
            var predictions = model.Predict(ofKind.Select(e => e.Features).ToList());
            var ranked = Percentiles.InGroups(predictions.Select(p => p.Prediction).ToArray(),
                ofKind.Select(e => NoveltyAnalysis.PeerGroups(e.Field, e.Appeared.Year)).ToArray(), options.MinimumPeerGroup);
            for (var i = 0; i < ofKind.Count; i++)
            {
                var (prediction, contributions) = predictions[i];
                var factors = Enumerable.Range(0, ImpactFeatures.Count)
                    .Where(f => contributions[f] != 0)
                    .OrderByDescending(f => Math.Abs(contributions[f])).ThenBy(f => f)
                    .Take(options.FactorsShown)
                    .Select(f => new ImpactFactor(ImpactFeatures.Names[f], ImpactFeatures.Describe(f, ofKind[i].Features[f]), Math.Round(contributions[f], 4)))
                    .ToList();
                rows[ofKind[i].Id] = new StoredImpact(ofKind[i].Id, ofKind[i].Field, outcome, Math.Round(ranked[i].Percentile, 1),
                    Math.Round(Math.Max(0, Math.Exp(prediction) - 1), 2), factors, null);
            }
        }
        foreach (var paper in papers.Where(p => !rows.ContainsKey(p.Id)))
        {
            var field = features.Fields[NoveltyAnalysis.Field(paper)];
            rows[paper.Id] = new StoredImpact(paper.Id, field.Field, null, null, null, [], string.Create(CultureInfo.InvariantCulture,
                $"the store holds no outcomes for {field.Field}: {field.PapersWithOutcomes:N0} of its {field.Papers:N0} papers take part in a citation or have upvotes (at least {options.MinimumPapersWithOutcomes:N0} needed)"));
        }
        store.ReplaceImpacts(papers.Select(p => rows[p.Id]));
        return new Result([.. features.Fields.Values.OrderBy(f => f.Field, StringComparer.Ordinal)], trainedOn, rows.Values.LongCount(r => r.Score is not null));
    }

    public static string OutcomeName(OutcomeKind kind, AnalyzeOptions options) => kind switch
    {
        OutcomeKind.Citations => $"citations within {options.HorizonYears} years",
        OutcomeKind.Upvotes => "upvotes",
        _ => "none",
    };
}
