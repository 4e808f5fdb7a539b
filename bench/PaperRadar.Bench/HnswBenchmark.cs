using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using PaperRadar.Search.Vectors;

namespace PaperRadar.Bench;

/// <summary>
/// HNSW against the exact index: build time, recall@k and query latency. Each run builds and queries in its own
/// process; the parent prints medians over the runs. Queries are vectors of the set searched for their most similar
/// other vectors (the "similar papers" use: the query's own key is filtered out), the same queries for both indexes.
/// </summary>
internal static class HnswBenchmark
{
    private sealed record Settings(int N, int Dimensions, string? VectorsFile, int Queries, int K, int Ef, int Threads, int Runs);

    private sealed record ChildResult(
        int Count, int Dimensions, double BuildSeconds, double BuildCpuSeconds, double SaveSeconds, double LoadSeconds, double GraphMegabytes, double Recall,
        double ExactP50Ms, double ExactP99Ms, double HnswP50Ms, double HnswP99Ms, double PeakRssMegabytes);

    public static int Run(string[] args)
    {
        var settings = Parse(args);
        var source = settings.VectorsFile is null
            ? $"{settings.N:N0} generated clustered unit vectors of {settings.Dimensions} dimensions"
            : $"vectors from {settings.VectorsFile}";
        Console.WriteLine($"machine: {BenchSupport.MachineDescription()}");
        Console.WriteLine($"date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; runs: {settings.Runs} (medians), each in its own process");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"data: {source}; {settings.Queries} queries, k = {settings.K}, HNSW M = 16, efConstruction = 200, efSearch = {settings.Ef}, build threads: {(settings.Threads == -1 ? Environment.ProcessorCount : settings.Threads)}"));
        var results = new List<ChildResult>();
        for (var run = 0; run < settings.Runs; run++)
        {
            results.Add(BenchSupport.RunChild<ChildResult>(["child-hnsw", .. args]));
        }
        var first = results[0];
        var figures = new (string Name, Func<ChildResult, double> Value, string Format)[]
        {
            ("HNSW build s", r => r.BuildSeconds, "F2"),
            ("build CPU s", r => r.BuildCpuSeconds, "F2"),
            ("graph save s", r => r.SaveSeconds, "F3"),
            ("graph load s", r => r.LoadSeconds, "F3"),
            ("graph MB", r => r.GraphMegabytes, "F1"),
            ($"recall@{settings.K}", r => r.Recall, "F4"),
            ("exact p50 ms", r => r.ExactP50Ms, "F3"),
            ("exact p99 ms", r => r.ExactP99Ms, "F3"),
            ("HNSW p50 ms", r => r.HnswP50Ms, "F3"),
            ("HNSW p99 ms", r => r.HnswP99Ms, "F3"),
            ("peak RSS MB", r => r.PeakRssMegabytes, "F0"),
        };
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{first.Count:N0} vectors of {first.Dimensions} dimensions"));
        var width = figures.Max(f => f.Name.Length);
        foreach (var (name, value, format) in figures)
        {
            var all = results.Select(value).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name.PadRight(width)} | {BenchSupport.Median(all).ToString(format, CultureInfo.InvariantCulture),10} | all: {string.Join(", ", all.Select(v => v.ToString(format, CultureInfo.InvariantCulture)))}"));
        }
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            benchmark = "hnsw",
            vectors = first.Count,
            dimensions = first.Dimensions,
            source = settings.VectorsFile ?? "generated-clustered",
            queries = settings.Queries,
            k = settings.K,
            ef_search = settings.Ef,
            runs = settings.Runs,
            build_seconds_median = Math.Round(BenchSupport.Median(results.Select(r => r.BuildSeconds)), 3),
            build_seconds_all = results.Select(r => Math.Round(r.BuildSeconds, 3)),
            build_cpu_seconds_median = Math.Round(BenchSupport.Median(results.Select(r => r.BuildCpuSeconds)), 3),
            save_seconds_median = Math.Round(BenchSupport.Median(results.Select(r => r.SaveSeconds)), 3),
            load_seconds_median = Math.Round(BenchSupport.Median(results.Select(r => r.LoadSeconds)), 3),
            graph_mb = Math.Round(first.GraphMegabytes, 1),
            recall_median = Math.Round(BenchSupport.Median(results.Select(r => r.Recall)), 4),
            exact_p50_ms_median = Math.Round(BenchSupport.Median(results.Select(r => r.ExactP50Ms)), 4),
            exact_p99_ms_median = Math.Round(BenchSupport.Median(results.Select(r => r.ExactP99Ms)), 4),
            hnsw_p50_ms_median = Math.Round(BenchSupport.Median(results.Select(r => r.HnswP50Ms)), 4),
            hnsw_p99_ms_median = Math.Round(BenchSupport.Median(results.Select(r => r.HnswP99Ms)), 4),
            peak_rss_mb_median = Math.Round(BenchSupport.Median(results.Select(r => r.PeakRssMegabytes))),
        }));
        return 0;
    }

    /// <summary>One run: build, then the same queries against both indexes, timed one by one.</summary>
    public static int Child(string[] args)
    {
        var settings = Parse(args);
        var vectors = settings.VectorsFile is null
            ? ClusteredVectors(settings.N, settings.Dimensions, seed: 7)
            : ReadVectors(settings.VectorsFile);
        var exact = new ExactVectorIndex(vectors);
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var hnsw = HnswIndex.Build(vectors, new HnswOptions { EfSearch = settings.Ef, MaxDegreeOfParallelism = settings.Threads });
        var buildSeconds = watch.Elapsed.TotalSeconds;
        process.Refresh();
        var buildCpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        using var graph = new MemoryStream();
        watch.Restart();
        hnsw.Save(graph);
        var saveSeconds = watch.Elapsed.TotalSeconds;
        graph.Position = 0;
        watch.Restart();
        hnsw = HnswIndex.Load(graph, vectors);
        var loadSeconds = watch.Elapsed.TotalSeconds;

        var random = new Random(11);
        var queries = Enumerable.Range(0, Math.Min(settings.Queries, vectors.Count)).Select(_ => random.Next(vectors.Count)).ToArray();
        // Warm up both paths (JIT, caches) before timing.
        foreach (var query in queries.Take(50))
        {
            Query(exact, vectors, query, settings.K);
            Query(hnsw, vectors, query, settings.K);
        }
        var exactMs = new List<double>();
        var hnswMs = new List<double>();
        double found = 0;
        double wanted = 0;
        foreach (var query in queries)
        {
            var start = Stopwatch.GetTimestamp();
            var truth = Query(exact, vectors, query, settings.K);
            exactMs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            start = Stopwatch.GetTimestamp();
            var approximate = Query(hnsw, vectors, query, settings.K);
            hnswMs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            var keys = truth.Select(h => h.Key).ToHashSet();
            found += approximate.Count(h => keys.Contains(h.Key));
            wanted += truth.Count;
        }
        process.Refresh();
        Console.WriteLine(JsonSerializer.Serialize(new ChildResult(
            vectors.Count, vectors.Dimensions, buildSeconds, buildCpuSeconds, saveSeconds, loadSeconds, graph.Length / 1048576.0, wanted == 0 ? 1 : found / wanted, BenchSupport.Percentile(exactMs, 0.50),
            BenchSupport.Percentile(exactMs, 0.99), BenchSupport.Percentile(hnswMs, 0.50), BenchSupport.Percentile(hnswMs, 0.99), process.PeakWorkingSet64 / 1048576.0)));
        return 0;
    }

    private static IReadOnlyList<VectorHit> Query(IVectorIndex index, VectorSet vectors, int query, int k)
    {
        var self = vectors.KeyAt(query);
        return index.Search(vectors.VectorAt(query), k, key => key != self);
    }

    private static Settings Parse(string[] args)
    {
        var settings = new Settings(N: 67_802, Dimensions: 256, VectorsFile: null, Queries: 1_000, K: 10, Ef: 64, Threads: -1, Runs: 3);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            settings = args[i++] switch
            {
                "--n" => settings with { N = int.Parse(value, CultureInfo.InvariantCulture) },
                "--dims" => settings with { Dimensions = int.Parse(value, CultureInfo.InvariantCulture) },
                "--vectors" => settings with { VectorsFile = Path.GetFullPath(value) },
                "--queries" => settings with { Queries = int.Parse(value, CultureInfo.InvariantCulture) },
                "--k" => settings with { K = int.Parse(value, CultureInfo.InvariantCulture) },
                "--ef" => settings with { Ef = int.Parse(value, CultureInfo.InvariantCulture) },
                "--threads" => settings with { Threads = int.Parse(value, CultureInfo.InvariantCulture) },
                "--runs" => settings with { Runs = int.Parse(value, CultureInfo.InvariantCulture) },
                var unknown => throw new ArgumentException($"unknown option {unknown}"),
            };
        }
        return settings;
    }

    /// <summary>The file format: int32 count, int32 dimensions, then count × dimensions float32 (little-endian).</summary>
    private static VectorSet ReadVectors(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        var count = reader.ReadInt32();
        var dimensions = reader.ReadInt32();
        if (count < 0 || dimensions < 1 || stream.Length != 8 + ((long)count * dimensions * sizeof(float)))
        {
            throw new InvalidDataException($"{path}: a header of {count} vectors of {dimensions} dimensions does not fit its {stream.Length} bytes");
        }
        var values = new float[(long)count * dimensions];
        stream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        for (var i = 0; i < count; i++)
        {
            VectorSet.Normalize(values.AsSpan(i * dimensions, dimensions));
        }
        return new VectorSet(dimensions, [.. Enumerable.Range(0, count).Select(i => (long)i)], values);
    }

    /// <summary>
    /// Generated data for a scale test: unit vectors around count / 500 random centres, each cluster with its own
    /// spread, so that neighbours are mostly but not only within a cluster (as with paper embeddings).
    /// </summary>
    private static VectorSet ClusteredVectors(int count, int dimensions, int seed)
    {
        var random = new Random(seed);
        var clusters = Math.Max(1, count / 500);
        var centres = new float[clusters][];
        var spreads = new double[clusters];
        for (var c = 0; c < clusters; c++)
        {
            centres[c] = new float[dimensions];
            for (var d = 0; d < dimensions; d++)
            {
                centres[c][d] = (float)Gaussian(random);
            }
            VectorSet.Normalize(centres[c]);
            spreads[c] = 0.5 + random.NextDouble();
        }
        var values = new float[(long)count * dimensions];
        var scale = 1 / Math.Sqrt(dimensions);
        for (var i = 0; i < count; i++)
        {
            var c = random.Next(clusters);
            var vector = values.AsSpan(i * dimensions, dimensions);
            for (var d = 0; d < dimensions; d++)
            {
                vector[d] = centres[c][d] + (float)(spreads[c] * scale * Gaussian(random));
            }
            VectorSet.Normalize(vector);
        }
        return new VectorSet(dimensions, [.. Enumerable.Range(0, count).Select(i => (long)i)], values);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
