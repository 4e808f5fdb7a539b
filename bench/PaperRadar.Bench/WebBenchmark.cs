using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PaperRadar.Web;

namespace PaperRadar.Bench;

/// <summary>
/// Page and API latency under load: the web app on 127.0.0.1 over an indexed arxiv-daily store (the one the search
/// benchmark builds), and a load loop of C# clients, each sending its next request when the last one is answered.
/// Each kind of page is loaded on its own for a fixed time; the URLs come from the store's real papers and the search
/// benchmark's real queries.
/// </summary>
internal static class WebBenchmark
{
    private sealed record Options(string Db, int Connections, double Seconds, string Tasks, bool Cache = true);

    public static int Run(string[] args)
    {
        var work = Path.Combine(Path.GetTempPath(), "paperradar-bench-search");
        var options = new Options(Path.Combine(work, "arxiv-daily.db"), 16, 10, Path.Combine(work, "tasks-1000-42.jsonl"));
        for (var i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--db" => options with { Db = args[++i] },
                "--connections" => options with { Connections = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--seconds" => options with { Seconds = double.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--tasks" => options with { Tasks = args[++i] },
                "--no-cache" => options with { Cache = false },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        if (!File.Exists(options.Db) || !File.Exists(options.Tasks))
        {
            Console.Error.WriteLine($"web: needs the indexed store and tasks the search benchmark builds ({options.Db}, {options.Tasks}); run `-- search` first");
            return 1;
        }
        var queries = File.ReadLines(options.Tasks).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(t => t.GetProperty("task").GetString() == "known-item")
            .Select(t => (Query: t.GetProperty("query").GetString()!, Target: t.GetProperty("target").GetString()!))
            .ToList();
        Console.WriteLine(BenchSupport.MachineDescription());
        Console.WriteLine($"date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; store: {options.Db}; {options.Connections} connections, {options.Seconds} s per page kind, output cache {(options.Cache ? "on" : "off")}");

        using var app = PaperRadarWeb.Build(new WebOptions { StorePath = options.Db, Urls = ["http://127.0.0.1:0"], RequestsPerMinute = 0, CacheSeconds = options.Cache ? 60 : 0 });
        app.StartAsync().GetAwaiter().GetResult();
        var baseAddress = new Uri(app.Urls.First());
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Connections, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var client = new HttpClient(handler) { BaseAddress = baseAddress };

        var days = JsonDocument.Parse(client.GetStringAsync("/api/v1/daily").GetAwaiter().GetResult()).RootElement;
        var latest = days.GetProperty("day").GetString()!;
        // Author pages: the first authors of the benchmark's target papers, by name (everyone of that name, each
        // person's profile) and, where the store's people are computed (`paperradar index`), by person id.
        var firstAuthors = queries.Take(200).Select(q =>
                JsonDocument.Parse(client.GetStringAsync("/api/v1/papers/" + q.Target).GetAwaiter().GetResult())
                    .RootElement.GetProperty("authors")[0])
            .Select(a => (Name: a.GetProperty("name").GetString()!,
                PersonId: a.TryGetProperty("person_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null))
            .ToList();
        var personIds = firstAuthors.Select(a => a.PersonId).OfType<string>().ToList();
        var kinds = new List<(string Name, Func<int, string> Url)>
        {
            ("daily page (latest day, all)", _ => "/"),
            ("daily page, one category, paged", i => $"/list/cs.CL/{latest}?page={1 + (i % 3)}"),
            ("search page, hybrid", i => "/search?q=" + Uri.EscapeDataString(queries[i % queries.Count].Query)),
            ("search page, keyword", i => "/search?mode=keyword&q=" + Uri.EscapeDataString(queries[i % queries.Count].Query)),
            ("paper page (with related)", i => "/paper/" + queries[i % queries.Count].Target),
            ("API search, hybrid", i => "/api/v1/search?q=" + Uri.EscapeDataString(queries[i % queries.Count].Query)),
            ("API paper", i => "/api/v1/papers/" + queries[i % queries.Count].Target),
            ("RSS feed of a search", i => "/feeds/search?q=" + Uri.EscapeDataString(queries[i % queries.Count].Query.Split(' ')[0])),
            ("author page by name", i => "/author?name=" + Uri.EscapeDataString(firstAuthors[i % firstAuthors.Count].Name)),
        };
        if (personIds.Count > 0)
        {
            kinds.Add(("author page by person id", i => "/author?id=" + Uri.EscapeDataString(personIds[i % personIds.Count])));
            kinds.Add(("API author by person id", i => "/api/v1/authors/" + Uri.EscapeDataString(personIds[i % personIds.Count])));
        }
        else
        {
            Console.WriteLine("the store has no person ids (run `paperradar index` on it): author pages by id are not measured");
        }
        var rows = new List<string>();
        foreach (var (name, url) in kinds)
        {
            // Warm up: the first requests pay for JIT and for loading the vectors.
            for (var i = 0; i < 20; i++)
            {
                client.GetAsync(url(i)).GetAwaiter().GetResult().Dispose();
            }
            var latencies = new List<double>();
            var errors = 0;
            var next = 0;
            var clock = Stopwatch.StartNew();
            var workers = Enumerable.Range(0, options.Connections).Select(_ => Task.Run(async () =>
            {
                var mine = new List<double>();
                while (clock.Elapsed.TotalSeconds < options.Seconds)
                {
                    var index = Interlocked.Increment(ref next);
                    var started = Stopwatch.GetTimestamp();
                    using var response = await client.GetAsync(url(index));
                    await response.Content.ReadAsByteArrayAsync();
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                return mine;
            })).ToArray();
            foreach (var worker in workers)
            {
                latencies.AddRange(worker.GetAwaiter().GetResult());
            }
            var seconds = clock.Elapsed.TotalSeconds;
            var figure = new Dictionary<string, object>
            {
                ["benchmark"] = "web",
                ["page"] = name,
                ["requests"] = latencies.Count,
                ["errors"] = errors,
                ["requests_per_second"] = Math.Round(latencies.Count / seconds, 1),
                ["p50_ms"] = Math.Round(BenchSupport.Percentile(latencies, 0.50), 2),
                ["p99_ms"] = Math.Round(BenchSupport.Percentile(latencies, 0.99), 2),
                ["connections"] = options.Connections,
                ["output_cache"] = options.Cache,
            };
            Console.WriteLine(JsonSerializer.Serialize(figure));
            rows.Add($"| {name} | {latencies.Count:N0} | {errors} | {latencies.Count / seconds:N0} | {figure["p50_ms"]} | {figure["p99_ms"]} |");
        }
        app.StopAsync().GetAwaiter().GetResult();
        Console.WriteLine();
        Console.WriteLine("| page | requests | errors | requests/s | p50 ms | p99 ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        rows.ForEach(Console.WriteLine);
        return 0;
    }
}
