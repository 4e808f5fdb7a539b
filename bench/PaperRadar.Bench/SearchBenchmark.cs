using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PaperRadar.Core.Model;
using PaperRadar.Search;
using PaperRadar.Search.Indexing;
using PaperRadar.Search.Vectors;
using PaperRadar.Storage;
using PaperRadar.Storage.Import;

namespace PaperRadar.Bench;

/// <summary>
/// Relevance and speed of search on the arxiv-daily corpus: known-item (title minus one word) and paraphrase (the
/// abstract's 2nd sentence) per mode, related papers per ranking, HNSW recall against exact search, query latency,
/// and the time to build the index; with arxiv-sanity-lite's method run on the same tasks as a peer
/// (bench/arxiv_sanity_peer.py, Debian's python3-sklearn).
/// </summary>
internal static class SearchBenchmark
{
    private const string Python = "/usr/bin/python3";

    public static int Run(string[] args)
    {
        var options = Options.Parse(args);
        var corpus = Path.Combine(BenchSupport.SharedData(), "arxiv-daily");
        var work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "paperradar-bench-search")).FullName;
        var tasksPath = Path.Combine(work, $"tasks-{options.N}-{options.Seed}.jsonl");
        var peerScript = Path.Combine(BenchSupport.RepositoryRoot(), "bench", "arxiv_sanity_peer.py");

        if (!File.Exists(tasksPath))
        {
            RunProcess(Python, [peerScript, "--corpus", corpus, "--tasks", tasksPath, "--make-tasks", options.N.ToString(CultureInfo.InvariantCulture),
                "--seed", options.Seed.ToString(CultureInfo.InvariantCulture)]);
        }
        var tasks = File.ReadLines(tasksPath).Select(l => JsonSerializer.Deserialize<BenchTask>(l, JsonOptions)!).ToList();

        var db = options.Db ?? Path.Combine(work, "arxiv-daily.db");
        if (options.Db is null && (options.Rebuild || !File.Exists(db)))
        {
            foreach (var stale in Directory.GetFiles(work, "arxiv-daily.db*"))
            {
                File.Delete(stale);
            }
            using var fresh = PaperStore.Open(db);
            Console.Error.WriteLine($"importing {corpus} into {db} …");
            new Importer(fresh).Import([corpus]);
        }

        using var store = PaperStore.Open(db);
        var buildSeconds = new List<double>();
        for (var run = 0; run < options.IndexRuns; run++)
        {
            var clock = Stopwatch.StartNew();
            var report = SearchIndexer.Run(store, new IndexOptions { Rebuild = true });
            buildSeconds.Add(clock.Elapsed.TotalSeconds);
            Console.Error.WriteLine($"index build {run + 1}: {clock.Elapsed.TotalSeconds:N1} s ({report.Embedder}, {report.Embedded:N0} vectors, {report.VectorIndex})");
        }
        if (options.IndexRuns == 0)
        {
            SearchIndexer.Run(store, new IndexOptions());
        }

        var engine = new SearchEngine(store);
        var results = new List<Dictionary<string, object?>>();
        void Emit(Dictionary<string, object?> figure)
        {
            results.Add(figure);
            Console.Out.WriteLine(JsonSerializer.Serialize(figure));
        }
        if (buildSeconds.Count > 0)
        {
            Emit(new() { ["figure"] = "index-build-seconds", ["median"] = BenchSupport.Median(buildSeconds), ["runs"] = buildSeconds, ["papers"] = store.CountPapers() });
        }

        // Warm-up: load the vectors and graph, JIT the query paths.
        foreach (var mode in Enum.GetValues<SearchMode>())
        {
            foreach (var task in tasks.Take(20))
            {
                engine.Search(task.Query ?? task.Target, mode, 100);
            }
        }

        foreach (var kind in new[] { "known-item", "paraphrase" })
        {
            var kindTasks = tasks.Where(t => t.Task == kind).ToList();
            foreach (var mode in Enum.GetValues<SearchMode>())
            {
                var ranks = new List<int?>();
                foreach (var task in kindTasks)
                {
                    var response = engine.Search(task.Query!, mode, 100);
                    var index = response.Results.ToList().FindIndex(r => r.Id == task.Target);
                    ranks.Add(index < 0 ? null : index + 1);
                }
                // Latency of what a user asks for: the first page of 10 results, snippets included.
                var latencies = new List<double>();
                foreach (var task in kindTasks)
                {
                    var clock = Stopwatch.StartNew();
                    engine.Search(task.Query!, mode, 10);
                    latencies.Add(clock.Elapsed.TotalMilliseconds);
                }
                Emit(new()
                {
                    ["figure"] = "relevance",
                    ["task"] = kind,
                    ["mode"] = mode.ToString().ToLowerInvariant(),
                    ["queries"] = ranks.Count,
                    ["mrr"] = Math.Round(ranks.Average(r => r is { } x ? 1.0 / x : 0), 4),
                    ["hit@1"] = Math.Round(ranks.Average(r => r == 1 ? 1.0 : 0), 4),
                    ["hit@10"] = Math.Round(ranks.Average(r => r <= 10 ? 1.0 : 0), 4),
                    ["p50_ms"] = Math.Round(BenchSupport.Percentile(latencies, 0.50), 2),
                    ["p99_ms"] = Math.Round(BenchSupport.Percentile(latencies, 0.99), 2),
                });
            }
        }

        var seeds = tasks.Where(t => t.Task == "related").Take(options.RelatedN).Select(t => ArxivId.Parse(t.Target)).ToList();
        var facts = store.AllPapers().ToDictionary(p => p.Id.Value);
        foreach (var boost in seeds.Count == 0 ? [] : new[] { false, true })
        {
            var latencies = new List<double>();
            double sameCategory = 0, sharedAuthor = 0;
            foreach (var seed in seeds)
            {
                var clock = Stopwatch.StartNew();
                var related = engine.Related(seed, 10, boost);
                latencies.Add(clock.Elapsed.TotalMilliseconds);
                var seedPaper = facts[seed.Value];
                var seedAuthors = seedPaper.Authors.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
                sameCategory += related.Average(r => facts[r.Id].PrimaryCategory == seedPaper.PrimaryCategory ? 1.0 : 0);
                sharedAuthor += related.Average(r => facts[r.Id].Authors.Any(a => seedAuthors.Contains(a.Name)) ? 1.0 : 0);
            }
            Emit(new()
            {
                ["figure"] = "related",
                ["ranking"] = boost ? "meaning+boosts" : "meaning",
                ["embedder"] = engine.Embedder!.Name,
                ["seeds"] = seeds.Count,
                ["same_primary_category"] = Math.Round(sameCategory / seeds.Count, 4),
                ["shares_author"] = Math.Round(sharedAuthor / seeds.Count, 4),
                ["p50_ms"] = Math.Round(BenchSupport.Percentile(latencies, 0.50), 2),
                ["p99_ms"] = Math.Round(BenchSupport.Percentile(latencies, 0.99), 2),
            });
        }

        // The approximate index against the exact oracle, on the paraphrase queries embedded as searches embed them.
        var vectors = engine.VectorIndex!.Vectors;
        var exact = new ExactVectorIndex(vectors);
        var hnsw = engine.VectorIndex as HnswIndex ?? HnswIndex.Build(vectors);
        var queries = tasks.Where(t => t.Task == "paraphrase").Select(t =>
        {
            var vector = new float[vectors.Dimensions];
            engine.Embedder!.Embed(t.Query!, vector);
            return vector;
        }).ToList();
        var exactLatency = new List<double>();
        var hnswLatency = new List<double>();
        double recall = 0;
        foreach (var query in queries)
        {
            var clock = Stopwatch.StartNew();
            var truth = exact.Search(query, 10);
            exactLatency.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            var approximate = hnsw.Search(query, 10);
            hnswLatency.Add(clock.Elapsed.TotalMilliseconds);
            recall += approximate.Select(h => h.Key).Intersect(truth.Select(h => h.Key)).Count() / (double)Math.Max(1, truth.Count);
        }
        Emit(new()
        {
            ["figure"] = "vector-index",
            ["vectors"] = vectors.Count,
            ["dimensions"] = vectors.Dimensions,
            ["queries"] = queries.Count,
            ["hnsw_recall@10"] = Math.Round(recall / queries.Count, 4),
            ["exact_p50_ms"] = Math.Round(BenchSupport.Percentile(exactLatency, 0.50), 3),
            ["exact_p99_ms"] = Math.Round(BenchSupport.Percentile(exactLatency, 0.99), 3),
            ["hnsw_p50_ms"] = Math.Round(BenchSupport.Percentile(hnswLatency, 0.50), 3),
            ["hnsw_p99_ms"] = Math.Round(BenchSupport.Percentile(hnswLatency, 0.99), 3),
            ["searches_use"] = engine.VectorIndex is HnswIndex ? "hnsw" : "exact",
        });

        if (options.Peer)
        {
            var peerOut = Path.Combine(work, $"peer-{options.N}-{options.Seed}.json");
            RunProcess(Python, [peerScript, "--corpus", corpus, "--tasks", tasksPath, "--out", peerOut,
                "--related-limit", options.RelatedN.ToString(CultureInfo.InvariantCulture)]);
            Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["figure"] = "peer",
                ["method"] = "arxiv-sanity-lite (bench/arxiv_sanity_peer.py)",
                ["results"] = JsonSerializer.Deserialize<JsonElement>(File.ReadAllText(peerOut)),
            }));
        }
        return 0;
    }

    private static void RunProcess(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Console.Error.Write(output);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}");
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private sealed record BenchTask(string Task, string? Query, string Target);

    private sealed record Options(string? Db, int N, int Seed, int RelatedN, int IndexRuns, bool Peer, bool Rebuild)
    {
        public static Options Parse(string[] args)
        {
            var options = new Options(null, 1000, 42, 1000, 1, false, false);
            for (var i = 0; i < args.Length; i++)
            {
                options = args[i] switch
                {
                    "--db" => options with { Db = args[++i] },
                    "--n" => options with { N = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                    "--seed" => options with { Seed = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                    "--related-n" => options with { RelatedN = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                    "--index-runs" => options with { IndexRuns = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                    "--peer" => options with { Peer = true },
                    "--fresh-store" => options with { Rebuild = true },
                    _ => throw new ArgumentException($"unknown option {args[i]}"),
                };
            }
            return options;
        }
    }
}
