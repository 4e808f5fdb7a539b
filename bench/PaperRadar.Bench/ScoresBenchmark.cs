using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MathNet.Numerics.Statistics;
using PaperRadar.Scores;
using PaperRadar.Search.Indexing;
using PaperRadar.Storage;
using PaperRadar.Storage.Import;

namespace PaperRadar.Bench;

/// <summary>The validation of the novelty and impact scores and the speed of <c>analyze</c> (docs/scores.md, docs/performance.md).</summary>
internal static partial class ScoresBenchmark
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static int Run(string[] args)
    {
        var only = new HashSet<string>(["impact", "novelty", "speed"], StringComparer.Ordinal);
        var runs = 3;
        var rebuild = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--only":
                    only = [.. args[++i].Split(',')];
                    break;
                case "--runs":
                    runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--rebuild":
                    rebuild = true;
                    break;
                default:
                    Console.Error.WriteLine($"scores: unknown option {args[i]}");
                    return 1;
            }
        }
        var work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "paperradar-bench-scores")).FullName;
        Console.WriteLine($"machine: {BenchSupport.MachineDescription()}; {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        if (only.Contains("impact"))
        {
            Impact(work, rebuild);
        }
        if (only.Contains("novelty") || only.Contains("speed"))
        {
            using var store = IndexedStore(Path.Combine(work, "arxiv-daily.db"), rebuild, [Path.Combine(BenchSupport.SharedData(), "arxiv-daily")]);
            if (only.Contains("speed"))
            {
                Speed(store, runs);
            }
            if (only.Contains("novelty"))
            {
                Novelty(store);
            }
        }
        return 0;
    }

    /// <summary>A store of <paramref name="sources"/> with current vectors, built once and kept.</summary>
    private static PaperStore IndexedStore(string path, bool rebuild, string[] sources)
    {
        if (rebuild || !File.Exists(path))
        {
            foreach (var stale in Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + "*"))
            {
                File.Delete(stale);
            }
            using var fresh = PaperStore.Open(path);
            var clock = Stopwatch.StartNew();
            new Importer(fresh).Import(sources);
            Console.Error.WriteLine($"imported {fresh.CountPapers():N0} papers into {path} in {clock.Elapsed.TotalSeconds:N1} s");
        }
        var store = PaperStore.Open(path);
        var index = Stopwatch.StartNew();
        SearchIndexer.Run(store, new IndexOptions());
        Console.Error.WriteLine($"index current in {index.Elapsed.TotalSeconds:N1} s");
        return store;
    }

    private static void Emit(Dictionary<string, object?> figure) => Console.WriteLine(JsonSerializer.Serialize(figure, Json));

    /// <summary>
    /// Impact on the ACL network: the papers of the network (AAN metadata) appearing 2006-2008 are the test set; the
    /// model is trained on the network's papers up to 2005; the outcome is in-network citations within 3 years.
    /// </summary>
    private static void Impact(string work, bool rebuild)
    {
        var data = BenchSupport.SharedData();
        using var store = IndexedStore(Path.Combine(work, "acl.db"), rebuild,
            [Path.Combine(data, "acl-anthology-network"), Path.Combine(data, "acl-anthology-xml")]);
        var clock = Stopwatch.StartNew();
        ScoreAnalyzer.Run(store);
        Console.Error.WriteLine($"analyze (ACL store): {clock.Elapsed.TotalSeconds:N1} s");

        var options = new AnalyzeOptions();
        var papers = store.ScoringPapers(new PaperRadar.Storage.Search.VectorStore(store).CurrentEmbedder);
        var features = new ImpactFeatures(papers, store.ResolvedCitationPairs(), options);
        var network = NetworkIds(Path.Combine(data, "acl-anthology-network", "acl-metadata.txt"));
        var examples = features.Examples(store.StoredNovelties())
            .Where(e => network.Contains(e.Id) && e.Outcome is not null).ToList();
        var train = examples.Where(e => e.Appeared.Year <= 2005).ToList();
        var test = examples.Where(e => e.Appeared.Year is >= 2006 and <= 2008).ToList();
        var model = ImpactModel.Train(train.Select(e => e.Features).ToList(), train.Select(e => e.Outcome!.Value).ToList());
        var predicted = model.Predict(test.Select(e => e.Features).ToList()).Select(p => p.Prediction).ToArray();
        var actual = test.Select(e => e.Outcome!.Value).ToArray();
        var ids = test.Select(e => e.Id).ToArray();

        Console.WriteLine();
        Console.WriteLine($"impact on the ACL network: trained on {train.Count:N0} papers (<= 2005), tested on {test.Count:N0} (2006-2008); outcome: in-network citations within 3 years (mean {actual.Average():0.00}, {actual.Count(a => a == 0) * 100.0 / actual.Length:0}% uncited)");
        Console.WriteLine("  predictor                                 Spearman rho   top-decile precision");
        void Report(string name, double[] scores)
        {
            var rho = Correlation.Spearman(scores, actual);
            var precision = TopDecilePrecision(scores, actual, ids);
            Console.WriteLine($"  {name,-42}{rho,12:0.000}   {precision,20:0.000}");
            Emit(new() { ["benchmark"] = "scores-impact", ["predictor"] = name, ["train"] = train.Count, ["test"] = test.Count, ["spearman"] = Math.Round(rho, 4), ["top_decile_precision"] = Math.Round(precision, 4) });
        }
        Report("impact model (LightGBM, all features)", predicted);
        Report("baseline: authors' prior h-index (highest)", test.Select(e => (double)e.Features[1]).ToArray());
        Report("baseline: number of authors", test.Select(e => (double)e.Features[0]).ToArray());

        // Which inputs matter: the model retrained without each one in turn (rho on the same test set).
        Console.WriteLine("  ablation (rho without the feature):");
        for (var f = 0; f < ImpactFeatures.Count; f++)
        {
            var feature = f;
            float[] Without(float[] x)
            {
                var copy = (float[])x.Clone();
                copy[feature] = float.NaN;
                return copy;
            }
            var ablated = ImpactModel.Train(train.Select(e => Without(e.Features)).ToList(), train.Select(e => e.Outcome!.Value).ToList());
            var rho = Correlation.Spearman(ablated.Predict(test.Select(e => Without(e.Features)).ToList()).Select(p => p.Prediction).ToArray(), actual);
            Console.WriteLine($"    {ImpactFeatures.Names[f],-42}{rho,8:0.000}");
        }
    }

    /// <summary>The ids of the papers in the AAN metadata (the citation network's papers), as the store names them.</summary>
    private static HashSet<string> NetworkIds(string metadata) => File.ReadLines(metadata, System.Text.Encoding.Latin1)
        .Select(l => IdLine().Match(l)).Where(m => m.Success).Select(m => "acl:" + m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Of the papers the predictor ranks in its top tenth (ties broken by id), the share that are in the actual top tenth
    /// (every paper with at least the outcome of the paper at the 10% rank).
    /// </summary>
    private static double TopDecilePrecision(double[] scores, double[] actual, string[] ids)
    {
        var n = Math.Max(1, scores.Length / 10);
        var threshold = actual.OrderDescending().ElementAt(n - 1);
        var top = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ThenBy(i => ids[i], StringComparer.Ordinal).Take(n);
        return top.Count(i => actual[i] >= threshold) / (double)n;
    }

    /// <summary>
    /// Novelty on arxiv-daily: terms (words of titles and abstracts, lower-case, with a letter, 3+ characters) whose
    /// first paper comes after the first 30 days of the corpus and which at least 20 papers use by the end; their
    /// first papers should be more novel than the rest (AUC of the novelty percentile). And same-title pairs.
    /// </summary>
    private static void Novelty(PaperStore store)
    {
        ScoreAnalyzer.Run(store);
        var embedder = new PaperRadar.Storage.Search.VectorStore(store).CurrentEmbedder!;
        var papers = store.ScoringPapers(embedder);
        var novelty = store.StoredNovelties();
        var texts = store.AllPapers().ToDictionary(p => p.Id.Value, p => (p.Title, p.Abstract), StringComparer.Ordinal);
        var start = papers[0].Appeared;

        var firstUsers = new Dictionary<string, (DateOnly Day, List<string> Papers)>(StringComparer.Ordinal);
        var uses = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var paper in papers)
        {
            var (title, abstractText) = texts[paper.Id];
            foreach (var term in Word().Matches((title + " " + abstractText).ToLowerInvariant()).Select(m => m.Value).Where(t => t.Any(char.IsLetter)).Distinct(StringComparer.Ordinal))
            {
                uses[term] = uses.GetValueOrDefault(term) + 1;
                if (!firstUsers.TryGetValue(term, out var first))
                {
                    firstUsers[term] = (paper.Appeared, [paper.Id]);
                }
                else if (first.Day == paper.Appeared)
                {
                    first.Papers.Add(paper.Id);
                }
            }
        }
        var coining = firstUsers.Where(t => uses[t.Key] >= 20 && t.Value.Day >= start.AddDays(30))
            .SelectMany(t => t.Value.Papers).ToHashSet(StringComparer.Ordinal);
        var scored = papers.Where(p => novelty.TryGetValue(p.Id, out var n) && n.Percentile is not null && p.Appeared >= start.AddDays(30)).ToList();
        var positive = scored.Where(p => coining.Contains(p.Id)).Select(p => novelty[p.Id].Percentile!.Value).ToArray();
        var negative = scored.Where(p => !coining.Contains(p.Id)).Select(p => novelty[p.Id].Percentile!.Value).ToArray();
        var auc = Auc(positive, negative);
        var terms = firstUsers.Count(t => uses[t.Key] >= 20 && t.Value.Day >= start.AddDays(30));
        Console.WriteLine();
        Console.WriteLine($"novelty on arxiv-daily: {terms:N0} terms first used after {start.AddDays(30):yyyy-MM-dd} and later in >= 20 papers; " +
                          $"{positive.Length:N0} first-use papers vs {negative.Length:N0} others: AUC {auc:0.000} (median percentile {Median(positive):0.0} vs {Median(negative):0.0})");
        Emit(new() { ["benchmark"] = "scores-novelty-auc", ["terms"] = terms, ["positives"] = positive.Length, ["negatives"] = negative.Length, ["auc"] = Math.Round(auc, 4) });

        // Same title, different id. Real same-title pairs are often different works (a 3D and a 4D method, two
        // versions of a technical report); near duplicates are those whose abstracts also share most words.
        var (keys, values) = new PaperRadar.Storage.Search.VectorStore(store).LoadVectors(embedder, 256);
        var row = keys.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i);
        var byTitle = papers.Where(p => p.TextHash is not null).GroupBy(p => Normalise(texts[p.Id].Title), StringComparer.Ordinal).Where(g => g.Count() > 1).ToList();
        foreach (var (label, nearDuplicatesOnly) in new[] { ("same-title pairs", false), ("near duplicates (same title, abstracts sharing >= 50% of their words)", true) })
        {
            var distances = new List<double>();
            var nearestIsTwin = 0;
            var laterOnLaterDay = 0;
            foreach (var group in byTitle)
            {
                var ordered = group.ToList();
                for (var i = 1; i < ordered.Count; i++)
                {
                    if (nearDuplicatesOnly && WordJaccard(texts[ordered[0].Id].Abstract, texts[ordered[i].Id].Abstract) < 0.5)
                    {
                        continue;
                    }
                    var a = values.AsSpan(row[ordered[0].Key] * 256, 256);
                    var b = values.AsSpan(row[ordered[i].Key] * 256, 256);
                    distances.Add(1 - System.Numerics.Tensors.TensorPrimitives.Dot(a, b));
                    if (ordered[i].Appeared > ordered[0].Appeared && novelty.TryGetValue(ordered[i].Id, out var n) && n.Nearest.Count > 0)
                    {
                        laterOnLaterDay++;
                        nearestIsTwin += n.Nearest[0].Id == ordered[0].Id ? 1 : 0;
                    }
                }
            }
            Console.WriteLine($"{label}: {distances.Count:N0}; novelty of one with respect to the other (1 - cosine): median {Median(distances):0.0000}, max {distances.DefaultIfEmpty().Max():0.0000}; " +
                              $"for {nearestIsTwin:N0} of the {laterOnLaterDay:N0} later ones the nearest earlier paper is the twin");
            Emit(new() { ["benchmark"] = "scores-same-title", ["near_duplicates_only"] = nearDuplicatesOnly, ["pairs"] = distances.Count, ["median_distance"] = Math.Round(Median(distances), 5), ["max_distance"] = Math.Round(distances.DefaultIfEmpty().Max(), 5), ["nearest_is_twin"] = nearestIsTwin, ["later_on_later_day"] = laterOnLaterDay });
        }
    }

    private static double WordJaccard(string? a, string? b)
    {
        var x = Word().Matches((a ?? "").ToLowerInvariant()).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        var y = Word().Matches((b ?? "").ToLowerInvariant()).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        return x.Count + y.Count == 0 ? 0 : x.Intersect(y).Count() / (double)x.Union(y).Count();
    }

    /// <summary>
    /// analyze on the whole store from nothing (score tables emptied; vectors current), median over runs; once more
    /// with nothing changed; and whether the from-nothing runs gave identical scores.
    /// </summary>
    private static void Speed(PaperStore store, int runs)
    {
        var seconds = new List<double>();
        string? first = null;
        var identical = true;
        for (var run = 0; run < runs; run++)
        {
            store.ClearScores();
            var clock = Stopwatch.StartNew();
            var report = ScoreAnalyzer.Run(store);
            seconds.Add(clock.Elapsed.TotalSeconds);
            Console.Error.WriteLine($"analyze from nothing, run {run + 1}: {clock.Elapsed.TotalSeconds:N1} s ({report.NoveltyComputed:N0} novelty rows computed)");
            var snapshot = Snapshot(store);
            identical &= first is null || first == snapshot;
            first ??= snapshot;
        }
        var again = Stopwatch.StartNew();
        var unchanged = ScoreAnalyzer.Run(store);
        var againSeconds = again.Elapsed.TotalSeconds;
        identical &= Snapshot(store) == first;
        Console.WriteLine();
        Console.WriteLine($"analyze on {unchanged.Papers:N0} papers from nothing: median {BenchSupport.Median(seconds):0.0} s over {runs} runs ({string.Join(", ", seconds.Select(s => s.ToString("0.0", CultureInfo.InvariantCulture)))}); " +
                          $"again with nothing changed: {againSeconds:0.0} s ({unchanged.NoveltyComputed:N0} recomputed); identical scores across runs: {(identical ? "yes" : "NO")}");
        Emit(new() { ["benchmark"] = "scores-analyze-speed", ["papers"] = unchanged.Papers, ["median_seconds"] = Math.Round(BenchSupport.Median(seconds), 2), ["unchanged_seconds"] = Math.Round(againSeconds, 2), ["identical"] = identical });
    }

    /// <summary>Every score row as text, in id order.</summary>
    private static string Snapshot(PaperStore store) => string.Join('\n',
        store.StoredNovelties().Values.OrderBy(n => n.PaperId, StringComparer.Ordinal).Select(n => JsonSerializer.Serialize(n))
            .Concat(store.StoredImpacts().Values.OrderBy(i => i.PaperId, StringComparer.Ordinal).Select(i => JsonSerializer.Serialize(i))));

    /// <summary>The probability that a positive outranks a negative (ties count half).</summary>
    private static double Auc(double[] positive, double[] negative)
    {
        var sortedNegative = negative.Order().ToArray();
        return positive.Average(p => Percentiles.MidRankShare(sortedNegative, p));
    }

    private static double Median(IReadOnlyCollection<double> values) => values.Count == 0 ? double.NaN : BenchSupport.Median(values);

    private static string Normalise(string title) => string.Join(' ', Word().Matches(title.ToLowerInvariant()).Select(m => m.Value));

    [GeneratedRegex(@"[a-z0-9][a-z0-9\-]{2,}")]
    private static partial Regex Word();

    [GeneratedRegex(@"^id = \{([^}]+)\}")]
    private static partial Regex IdLine();
}
