using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;
using PaperRadar.Core.Authors;
using PaperRadar.Core.IO;
using PaperRadar.Core.Model;
using PaperRadar.Core.Readers;

namespace PaperRadar.Bench;

/// <summary>
/// Author disambiguation: B-cubed on S2AND's Qian data against two baselines, the name-merging test on arxiv-daily
/// and the ACL network, and the time of a whole-corpus run on arxiv-daily (see docs/disambiguation.md).
/// </summary>
internal static partial class DisambiguationBenchmark
{
    public static int Run(string[] args)
    {
        var runs = 3;
        var options = DisambiguationOptions.Default;
        var parts = new HashSet<string>(StringComparer.Ordinal) { "qian", "merge", "corpus" };
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--runs":
                    runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--fit":
                    return Fit(args);
                case "--model":
                    options = options with { Classifier = PairClassifier.FromJson(File.ReadAllText(args[++i])) };
                    break;
                case "--strong":
                    options = options with { StrongLink = double.Parse(args[++i], CultureInfo.InvariantCulture) };
                    break;
                case "--threshold":
                    options = options with { Threshold = double.Parse(args[++i], CultureInfo.InvariantCulture) };
                    break;
                case "--only":
                    parts = [.. args[++i].Split(',')];
                    break;
            }
        }
        Console.WriteLine($"machine: {BenchSupport.MachineDescription()}");
        Console.WriteLine($"date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; threshold {options.Threshold.ToString(CultureInfo.InvariantCulture)}");
        if (parts.Contains("qian"))
        {
            Qian(options);
        }
        List<AuthorSignature>? daily = null;
        if (parts.Contains("merge") || parts.Contains("corpus"))
        {
            var watch = Stopwatch.StartNew();
            daily = ArxivDailySignatures();
            Console.WriteLine($"arxiv-daily: {daily.Count:N0} signatures of {daily.Select(s => s.PaperId).Distinct().Count():N0} papers read in {watch.Elapsed.TotalSeconds:F1} s");
        }
        if (parts.Contains("merge"))
        {
            MergeTest("arxiv-daily", daily!, options);
        }
        if (parts.Contains("merge") || parts.Contains("merge-acl"))
        {
            MergeTest("acl-anthology-network", AclSignatures(), options);
        }
        if (parts.Contains("corpus"))
        {
            var seconds = new List<double>();
            DisambiguationResult? result = null;
            for (var run = 0; run < runs; run++)
            {
                var watch = Stopwatch.StartNew();
                result = AuthorDisambiguator.Disambiguate(daily!, options: options);
                seconds.Add(watch.Elapsed.TotalSeconds);
            }
            var median = BenchSupport.Median(seconds);
            Console.WriteLine($"whole corpus: {daily!.Count:N0} signatures → {result!.Clusters.Count:N0} people in {median:F1} s (median of {runs}: {string.Join(", ", seconds.Select(s => s.ToString("F1", CultureInfo.InvariantCulture)))})");
            Emit("corpus", new { signatures = daily.Count, people = result.Clusters.Count, seconds_median = median, runs });
        }
        return 0;
    }

    /// <summary>
    /// Trains the pair model (LightGBM through ML.NET: deterministic with one thread and a fixed seed) on the labelled
    /// pairs of the tuning halves only (even Qian blocks, even blocks of the ACL and arxiv-daily merge tests), checks
    /// that PaperRadar's own evaluation of the exported trees gives ML.NET's probabilities, writes
    /// src/PaperRadar.Core/Authors/PairModel.json, and prints B-cubed F1 on the same halves for a grid of thresholds.
    /// The held-out halves are never read here.
    /// </summary>
    private static int Fit(string[] args)
    {
        var folder = Path.Combine(BenchSupport.SharedData(), "disambiguation", "s2and-qian-dev");
        var data = S2andDataset.Read(Path.Combine(folder, "signatures.json"), Path.Combine(folder, "clusters.json"));
        var signatures = data.SignaturesWithoutIdentifiers();
        var tuneBlocks = TuningHalf(signatures.Select(s => s.Name.BlockKey));
        var qian = signatures.Where(s => tuneBlocks.Contains(s.Name.BlockKey)).ToList();
        var qianGold = qian.ToDictionary(s => s.Id, s => data.GoldClusterOfSignature[s.Id]);
        var (acl, aclGold) = TuningHalfOfMergeTest(AclSignatures());
        var (daily, dailyGold) = TuningHalfOfMergeTest(ArxivDailySignatures());
        var sets = new (string Name, IReadOnlyList<AuthorSignature> Signatures, IReadOnlyDictionary<string, string> Gold)[]
        {
            ("Qian", qian, qianGold), ("ACL", acl, aclGold), ("arxiv-daily", daily, dailyGold),
        };

        var watch = Stopwatch.StartNew();
        var examples = new List<(float[] Features, bool SamePerson, float Weight)>();
        foreach (var (name, set, gold) in sets)
        {
            // Each data set weighs the same in total, and within it positives as much as negatives: arxiv-daily
            // alone has more pairs than the other two together, and most pairs are of different people.
            var pairs = DisambiguationTraining.LabelledPairs([(set, gold)]);
            var positives = Math.Max(1, pairs.Count(p => p.SamePerson));
            var negatives = Math.Max(1, pairs.Count - positives);
            Console.WriteLine($"{name}: {pairs.Count:N0} labelled pairs ({positives:N0} same person)");
            examples.AddRange(pairs.Select(p => (p.Features, p.SamePerson, (float)(100_000.0 / 2 / (p.SamePerson ? positives : negatives)))));
        }
        var trees = ArgValue(args, "--trees", 60);
        var leaves = ArgValue(args, "--leaves", 16);
        var learningRate = double.Parse(ArgText(args, "--learning-rate") ?? "0.2", CultureInfo.InvariantCulture);
        var ml = new MLContext(seed: 1);
        var trainData = ml.Data.LoadFromEnumerable(examples.Select(e => new PairExample { Features = e.Features, Label = e.SamePerson, Weight = e.Weight }), PairSchema());
        var trainer = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            NumberOfLeaves = leaves,
            MinimumExampleCountPerLeaf = 50,
            LearningRate = learningRate,
            NumberOfIterations = trees,
            ExampleWeightColumnName = nameof(PairExample.Weight),
            Seed = 1,
            NumberOfThreads = 1,
            Silent = true,
            Verbose = false,
        });
        var model = trainer.Fit(trainData);
        Console.WriteLine($"trained {trees} trees of {leaves} leaves on {examples.Count:N0} pairs in {watch.Elapsed.TotalSeconds:F1} s");

        var ensemble = model.Model.SubModel.TrainedTreeEnsemble;
        var file = new PairModelFile
        {
            Features = PairClassifier.FeatureNames,
            TrainedOn = string.Create(CultureInfo.InvariantCulture,
                $"LightGBM (ML.NET {typeof(MLContext).Assembly.GetName().Version}), {trees} trees of at most {leaves} leaves, learning rate {learningRate}, at least 50 pairs a leaf, seed 1, one thread; {examples.Count:N0} labelled pairs of the tuning halves (even blocks) of S2AND Qian, the ACL and the arxiv-daily name-merging tests, each set weighted equally and within it same and different people equally"),
            Bias = ensemble.Bias,
            PlattSlope = model.Model.Calibrator.Slope,
            PlattOffset = model.Model.Calibrator.Offset,
            Trees = [.. ensemble.Trees.Select((tree, t) => new PairModelTree
            {
                SplitFeature = [.. tree.NumericalSplitFeatureIndexes],
                Threshold = [.. tree.NumericalSplitThresholds],
                Left = [.. tree.LeftChild],
                Right = [.. tree.RightChild],
                LeafValue = [.. tree.LeafValues.Select(v => v * ensemble.TreeWeights[t])],
            })],
        };
        var classifier = PairClassifier.FromJson(JsonSerializer.Serialize(file, PairModelFileJson));
        // Our walk of the exported trees must give ML.NET's own probabilities, or the export is wrong.
        var check = examples.Where((_, k) => k % 97 == 0).ToList();
        var predicted = ml.Data.CreateEnumerable<PairPrediction>(model.Transform(ml.Data.LoadFromEnumerable(
            check.Select(e => new PairExample { Features = e.Features }), PairSchema())), reuseRowObject: false).ToList();
        var worst = check.Select((e, k) => Math.Abs(classifier.Probability(e.Features) - predicted[k].Probability)).Max();
        Console.WriteLine($"exported trees against ML.NET on {check.Count:N0} pairs: largest difference {worst:G3}");
        if (worst > 1e-4)
        {
            throw new InvalidOperationException($"the exported trees do not reproduce ML.NET's probabilities (difference {worst})");
        }
        var output = ArgText(args, "--output") ?? Path.Combine(BenchSupport.RepositoryRoot(), "src", "PaperRadar.Core", "Authors", "PairModel.json");
        File.WriteAllText(output, classifier.ToJson() + "\n");
        Console.WriteLine($"wrote {output}");

        // The grid on Qian and ACL only: a run on arxiv-daily takes minutes (choose its threshold with --only merge).
        foreach (var threshold in new[] { 0.3, 0.4, 0.5, 0.6, 0.7, 0.8 })
            foreach (var strong in new[] { 0.95, 0.99, 1.1 })
            {
                var options = DisambiguationOptions.Default with { Classifier = classifier, Threshold = threshold, StrongLink = strong };
                var f1 = sets.Take(2).Select(s => BCubedScore.Compute(s.Gold, AuthorDisambiguator.Disambiguate(s.Signatures, options: options).ClusterOfSignature()).F1).ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  threshold {threshold}, strong {strong}: Qian {f1[0]:F4}, ACL {f1[1]:F4}, mean {f1.Average():F4}"));
            }
        return 0;
    }

    private static readonly JsonSerializerOptions PairModelFileJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static string? ArgText(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static int ArgValue(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>A merge test's rewritten signatures, with the gold of its tuning half (even blocks) only.</summary>
    private static (List<AuthorSignature> Signatures, Dictionary<string, string> Gold) TuningHalfOfMergeTest(List<AuthorSignature> corpus)
    {
        var (rewritten, gold, _) = RewriteNamePairs(corpus);
        var blockOf = rewritten.ToDictionary(s => s.Id, s => s.Name.BlockKey, StringComparer.Ordinal);
        var tuneBlocks = TuningHalf(gold.Keys.Select(k => blockOf[k]));
        return (rewritten, gold.Where(g => tuneBlocks.Contains(blockOf[g.Key])).ToDictionary());
    }

#pragma warning disable CA1812, CA1819 // ML.NET instantiates these; its schema needs array properties
    /// <summary>The schema of <see cref="PairExample"/>: its features are a vector as long as the pair model's.</summary>
    private static SchemaDefinition PairSchema()
    {
        var schema = SchemaDefinition.Create(typeof(PairExample));
        schema[nameof(PairExample.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, PairClassifier.FeatureNames.Count);
        return schema;
    }

    private sealed class PairExample
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }

        public float Weight { get; set; } = 1;
    }

    private sealed class PairPrediction
    {
        public float Probability { get; set; }
    }
#pragma warning restore CA1812, CA1819

    private static void Qian(DisambiguationOptions options)
    {
        var folder = Path.Combine(BenchSupport.SharedData(), "disambiguation", "s2and-qian-dev");
        var data = S2andDataset.Read(Path.Combine(folder, "signatures.json"), Path.Combine(folder, "clusters.json"));
        var signatures = data.SignaturesWithoutIdentifiers();
        // Halves by block: the weights were tuned on the even blocks (in name order); the odd ones are held out.
        var blocks = signatures.Select(s => s.Name.BlockKey).Distinct().Order(StringComparer.Ordinal).ToList();
        var tuneBlocks = blocks.Where((_, i) => i % 2 == 0).ToHashSet(StringComparer.Ordinal);
        Console.WriteLine();
        Console.WriteLine($"S2AND Qian dev: {signatures.Count:N0} signatures, {data.GoldClusterOfSignature.Values.Distinct().Count()} people, {blocks.Count} blocks");
        Console.WriteLine($"{"set",-28} {"method",-28} {"P",7} {"R",7} {"F1",7}");
        foreach (var (label, subset) in new[]
                 {
                     ("all blocks", signatures),
                     ("tuning half (even blocks)", signatures.Where(s => tuneBlocks.Contains(s.Name.BlockKey)).ToList()),
                     ("held-out half (odd blocks)", signatures.Where(s => !tuneBlocks.Contains(s.Name.BlockKey)).ToList()),
                 })
        {
            var gold = subset.ToDictionary(s => s.Id, s => data.GoldClusterOfSignature[s.Id]);
            var engine = AuthorDisambiguator.Disambiguate(subset, options: options).ClusterOfSignature();
            Report("qian", label, "PaperRadar", BCubedScore.Compute(gold, engine));
            Report("qian", label, "one person per name block", BCubedScore.Compute(gold, subset.ToDictionary(s => s.Id, s => s.Name.BlockKey)));
            Report("qian", label, "one person per signature", BCubedScore.Compute(gold, subset.ToDictionary(s => s.Id, s => s.Id)));
        }
    }

    /// <summary>
    /// Pairs of distinct full names of one block ("Yang Liu", "Yi Liu"), each on 2 to 50 papers, rewritten to the
    /// initial ("Y. Liu"); the engine runs on the whole corpus and is scored on how well it tells them apart again.
    /// One pair per block: the two most frequent incompatible names within the bounds.
    /// </summary>
    private static void MergeTest(string corpus, List<AuthorSignature> signatures, DisambiguationOptions options)
    {
        var (rewritten, gold, pairCount) = RewriteNamePairs(signatures);
        var watch = Stopwatch.StartNew();
        var predicted = AuthorDisambiguator.Disambiguate(rewritten, options: options).ClusterOfSignature();
        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine();
        Console.WriteLine($"merge test on {corpus}: {pairCount:N0} name pairs, {gold.Count:N0} signatures rewritten to initials (run: {seconds:F1} s)");
        var blockOf = rewritten.ToDictionary(s => s.Id, s => s.Name.BlockKey, StringComparer.Ordinal);
        var tuneBlocks = TuningHalf(gold.Keys.Select(k => blockOf[k]));
        foreach (var (label, subset) in new[]
                 {
                     ("all rewritten", gold),
                     ("tuning half (even blocks)", gold.Where(g => tuneBlocks.Contains(blockOf[g.Key])).ToDictionary()),
                     ("held-out half (odd blocks)", gold.Where(g => !tuneBlocks.Contains(blockOf[g.Key])).ToDictionary()),
                 })
        {
            Report("merge-" + corpus, label, "PaperRadar", BCubedScore.Compute(subset, predicted));
            Report("merge-" + corpus, label, "one person per name block", BCubedScore.Compute(subset, blockOf));
            Report("merge-" + corpus, label, "one person per signature", BCubedScore.Compute(subset, subset.Keys.ToDictionary(k => k, k => k)));
        }
    }

    /// <summary>The even blocks in name order: the half weights may be tuned on.</summary>
    private static HashSet<string> TuningHalf(IEnumerable<string> blocks) =>
        blocks.Distinct().Order(StringComparer.Ordinal).Where((_, i) => i % 2 == 0).ToHashSet(StringComparer.Ordinal);

    private static (List<AuthorSignature> Rewritten, Dictionary<string, string> Gold, int Pairs) RewriteNamePairs(List<AuthorSignature> signatures)
    {
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        var pairCount = 0;
        foreach (var block in signatures.Where(s => s.Name.HasFullFirstName).GroupBy(s => s.Name.BlockKey, StringComparer.Ordinal))
        {
            var names = block.GroupBy(s => s.Name.Given, StringComparer.Ordinal)
                .Select(g => (Given: g.Key, Papers: g.Count()))
                .Where(g => g.Papers is >= 2 and <= 50)
                .OrderByDescending(g => g.Papers).ThenBy(g => g.Given, StringComparer.Ordinal)
                .ToList();
            if (names.Count < 2)
            {
                continue;
            }
            var second = names.Skip(1).FirstOrDefault(n => GivenNames.Compare(n.Given, names[0].Given) == GivenNameMatch.Incompatible);
            if (second.Given is null)
            {
                continue;
            }
            chosen.Add(block.Key + "|" + names[0].Given);
            chosen.Add(block.Key + "|" + second.Given);
            pairCount++;
        }
        var gold = new Dictionary<string, string>(StringComparer.Ordinal);
        var rewritten = signatures.Select(s =>
        {
            var key = s.Name.BlockKey + "|" + s.Name.Given;
            if (!s.Name.HasFullFirstName || !chosen.Contains(key))
            {
                return s;
            }
            gold[s.Id] = key;
            return s with { Name = s.Name with { Given = s.Name.GivenNames[0][..1] } };
        }).ToList();
        return (rewritten, gold, pairCount);
    }

    private static void Report(string benchmark, string set, string method, BCubedScore score)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{set,-28} {method,-28} {score.Precision,7:F3} {score.Recall,7:F3} {score.F1,7:F3}"));
        Emit(benchmark, new { set, method, precision = score.Precision, recall = score.Recall, f1 = score.F1, signatures = score.Signatures });
    }

    private static void Emit(string benchmark, object figures) =>
        Console.WriteLine("json: " + JsonSerializer.Serialize(new { benchmark = "disambiguation-" + benchmark, figures }));

    /// <summary>Every author of every distinct paper of arxiv-daily (the last record of a paper wins), read with ArxivDailyReader.</summary>
    public static List<AuthorSignature> ArxivDailySignatures()
    {
        var folder = Path.Combine(BenchSupport.SharedData(), "arxiv-daily");
        var reader = new ArxivDailyReader();
        var papers = new Dictionary<string, PaperRecord>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(folder, "*.jsonl.gz").Order(StringComparer.Ordinal))
        {
            using var stream = SourceFile.Open(file);
            foreach (var outcome in reader.Read(stream, file))
            {
                if (outcome.Record is { } record)
                {
                    papers[record.Id.ToString()] = record;
                }
            }
        }
        var signatures = new List<AuthorSignature>();
        foreach (var (id, paper) in papers.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var names = paper.Authors.Select(a => a.Name).ToList();
            var terms = Words(paper.Title + " " + paper.Abstract);
            var year = paper.ListedOn.Count > 0 ? paper.ListedOn.Min().Year : (int?)null;
            for (var position = 0; position < paper.Authors.Count; position++)
            {
                var author = paper.Authors[position];
                signatures.Add(new AuthorSignature
                {
                    Id = $"{id}#{position}",
                    PaperId = id,
                    Position = position,
                    Name = PersonName.Parse(author.Name),
                    Affiliations = author.Affiliation is { } affiliation ? [affiliation] : [],
                    CoAuthors = names,
                    Venues = paper.Categories,
                    Year = year,
                    TopicTerms = terms,
                });
            }
        }
        return signatures;
    }

    /// <summary>The ACL Anthology Network's papers ("Last, First; ..." author lists, venue, year, title).</summary>
    private static List<AuthorSignature> AclSignatures()
    {
        var file = Path.Combine(BenchSupport.SharedData(), "acl-anthology-network", "acl-metadata.txt");
        var signatures = new List<AuthorSignature>();
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        void Flush()
        {
            if (fields.TryGetValue("id", out var id) && fields.TryGetValue("author", out var authorList))
            {
                var names = authorList.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                var year = int.TryParse(fields.GetValueOrDefault("year"), CultureInfo.InvariantCulture, out var y) ? y : (int?)null;
                var terms = Words(fields.GetValueOrDefault("title") ?? "");
                for (var position = 0; position < names.Length; position++)
                {
                    signatures.Add(new AuthorSignature
                    {
                        Id = $"acl:{id}#{position}",
                        PaperId = "acl:" + id,
                        Position = position,
                        Name = PersonName.Parse(names[position]),
                        CoAuthors = names,
                        Venues = fields.GetValueOrDefault("venue") is { Length: > 0 } venue ? [venue] : [],
                        Year = year,
                        TopicTerms = terms,
                    });
                }
            }
            fields.Clear();
        }
        foreach (var line in File.ReadLines(file))
        {
            var match = Field().Match(line);
            if (match.Success)
            {
                if (match.Groups[1].Value == "id")
                {
                    Flush();
                }
                fields[match.Groups[1].Value] = match.Groups[2].Value;
            }
        }
        Flush();
        return signatures;
    }

    [GeneratedRegex(@"^(\w+) = \{(.*)\}\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Field();

    private static List<string> Words(string text) =>
        WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToList();

    [GeneratedRegex(@"[a-z][a-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();
}
