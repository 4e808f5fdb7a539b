using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
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
                case "--tune":
                    return Tune();
                case "--fit":
                    return Fit();
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
    /// Grid search of the weights on the tuning halves only: the even Qian blocks and the even blocks of the ACL
    /// merge test, maximising the mean of their F1. The odd halves and the arxiv-daily merge test are never seen.
    /// </summary>
    private static int Tune()
    {
        var folder = Path.Combine(BenchSupport.SharedData(), "disambiguation", "s2and-qian-dev");
        var data = S2andDataset.Read(Path.Combine(folder, "signatures.json"), Path.Combine(folder, "clusters.json"));
        var signatures = data.SignaturesWithoutIdentifiers();
        var tuneBlocks = TuningHalf(signatures.Select(s => s.Name.BlockKey));
        var qian = signatures.Where(s => tuneBlocks.Contains(s.Name.BlockKey)).ToList();
        var qianGold = qian.ToDictionary(s => s.Id, s => data.GoldClusterOfSignature[s.Id]);
        var (acl, aclGoldAll, _) = RewriteNamePairs(AclSignatures());
        var blockOf = acl.ToDictionary(s => s.Id, s => s.Name.BlockKey, StringComparer.Ordinal);
        var aclTuneBlocks = TuningHalf(aclGoldAll.Keys.Select(k => blockOf[k]));
        var aclGold = aclGoldAll.Where(g => aclTuneBlocks.Contains(blockOf[g.Key])).ToDictionary();
        var results = new List<(double Mean, double Qian, double Acl, DisambiguationOptions Options)>();
        foreach (var bias in new[] { 1.5, 3 })
            foreach (var commonness in new[] { -3.0, -6 })
                foreach (var partial in new[] { 0.5 })
                    foreach (var noShared in new[] { 0.0 })
                        foreach (var topic in new[] { 4.0 })
                            foreach (var centre in new[] { 0.05 })
                                foreach (var threshold in new[] { 0.3, 0.5 })
                                    foreach (var strong in new[] { 0.9, 0.97, 0.999, 1.1 })
                                    {
                                        var options = DisambiguationOptions.Default with
                                        {
                                            Bias = bias,
                                            Commonness = commonness,
                                            PartialName = partial,
                                            NoSharedCoAuthor = noShared,
                                            TopicSimilarity = topic,
                                            TopicCentre = centre,
                                            Threshold = threshold,
                                            StrongLink = strong,
                                        };
                                        var qianF1 = BCubedScore.Compute(qianGold, AuthorDisambiguator.Disambiguate(qian, options: options).ClusterOfSignature()).F1;
                                        var aclF1 = BCubedScore.Compute(aclGold, AuthorDisambiguator.Disambiguate(acl, options: options).ClusterOfSignature()).F1;
                                        results.Add(((qianF1 + aclF1) / 2, qianF1, aclF1, options));
                                    }
        foreach (var (mean, qianF1, aclF1, o) in results.OrderByDescending(r => r.Mean).Take(10))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"mean {mean:F4} (Qian {qianF1:F4}, ACL {aclF1:F4}): bias {o.Bias}, commonness {o.Commonness}, partial {o.PartialName}, no shared co-author {o.NoSharedCoAuthor}, topic {o.TopicSimilarity} centre {o.TopicCentre}, threshold {o.Threshold}, strong {o.StrongLink}"));
        }
        return 0;
    }

    /// <summary>
    /// Fits the pairwise weights by logistic regression on the tuning halves (even Qian blocks, even blocks of the
    /// ACL merge test), then picks the threshold on the same halves. Prints the options to paste as defaults.
    /// </summary>
    private static int Fit()
    {
        var folder = Path.Combine(BenchSupport.SharedData(), "disambiguation", "s2and-qian-dev");
        var data = S2andDataset.Read(Path.Combine(folder, "signatures.json"), Path.Combine(folder, "clusters.json"));
        var signatures = data.SignaturesWithoutIdentifiers();
        var tuneBlocks = TuningHalf(signatures.Select(s => s.Name.BlockKey));
        var qianGold = signatures.Where(s => tuneBlocks.Contains(s.Name.BlockKey)).ToDictionary(s => s.Id, s => data.GoldClusterOfSignature[s.Id]);
        var qian = signatures.Where(s => tuneBlocks.Contains(s.Name.BlockKey)).ToList();
        var (acl, aclGoldAll, _) = RewriteNamePairs(AclSignatures());
        var blockOf = acl.ToDictionary(s => s.Id, s => s.Name.BlockKey, StringComparer.Ordinal);
        var aclTuneBlocks = TuningHalf(aclGoldAll.Keys.Select(k => blockOf[k]));
        var aclGold = aclGoldAll.Where(g => aclTuneBlocks.Contains(blockOf[g.Key])).ToDictionary();
        var (daily, dailyGoldAll, _) = RewriteNamePairs(ArxivDailySignatures());
        var dailyBlockOf = daily.ToDictionary(s => s.Id, s => s.Name.BlockKey, StringComparer.Ordinal);
        var dailyTuneBlocks = TuningHalf(dailyGoldAll.Keys.Select(k => dailyBlockOf[k]));
        var dailyGold = dailyGoldAll.Where(g => dailyTuneBlocks.Contains(dailyBlockOf[g.Key])).ToDictionary();
        foreach (var regularisation in new[] { 1.0 })
        {
            var fitted = DisambiguationTraining.Fit([(qian, qianGold), (acl, aclGold), (daily, dailyGold)], DisambiguationOptions.Default with { StrongLink = 1.1 }, regularisation);
            Console.WriteLine($"regularisation {regularisation}: weights {string.Join(", ", fitted.ToWeights().Select(w => w.ToString("F3", CultureInfo.InvariantCulture)))}");
            foreach (var threshold in new[] { 0.4, 0.5, 0.6, 0.7 })
                foreach (var strong in new[] { 0.95, 1.1 })
                {
                    var options = fitted with { Threshold = threshold, StrongLink = strong };
                    var qianF1 = BCubedScore.Compute(qianGold, AuthorDisambiguator.Disambiguate(qian, options: options).ClusterOfSignature()).F1;
                    var aclF1 = BCubedScore.Compute(aclGold, AuthorDisambiguator.Disambiguate(acl, options: options).ClusterOfSignature()).F1;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  threshold {threshold}, strong {strong}: Qian {qianF1:F4}, ACL {aclF1:F4}, mean {(qianF1 + aclF1) / 2:F4}"));
                }
            Console.WriteLine("  " + fitted);
        }
        return 0;
    }

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
