using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PaperRadar.Bench;

// Benchmarks print a human table and one JSON line per figure (machine-readable); see CONTRIBUTING.md.
return args switch
{
    ["import", .. var rest] => ImportBenchmark.Run(rest),
    ["child-import", var corpus, var db] => ImportBenchmark.ChildImport(corpus, db),
    ["child-decompress", var corpus] => ImportBenchmark.ChildDecompress(corpus),
    ["oai-parse", .. var rest] => OaiParseBenchmark.Run(rest),
    ["child-oai-parse", var file, var iterations] => OaiParseBenchmark.Child(file, int.Parse(iterations, CultureInfo.InvariantCulture)),
    ["hnsw", .. var rest] => HnswBenchmark.Run(rest),
    ["child-hnsw", .. var rest] => HnswBenchmark.Child(rest),
    ["search", .. var rest] => SearchBenchmark.Run(rest),
    ["web", .. var rest] => WebBenchmark.Run(rest),
    ["disambiguation", .. var rest] => DisambiguationBenchmark.Run(rest),
    ["acl-hindex"] => AclHIndexBenchmark.Run(),
    ["scores", .. var rest] => ScoresBenchmark.Run(rest),
    ["digests", .. var rest] => DigestBenchmark.Run(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: dotnet run -c Release --project bench/PaperRadar.Bench -- import [--runs N] [--corpus daily|listings|all]
          Imports ../shared/data/arxiv-daily (108,525 rows) and the astro-ph listings (140,167 records) into fresh
          stores, each run in its own process, and prints records/s and peak RSS (medians over the runs), next to a
          baseline measured in the same run: decompressing and splitting the same files into lines.
          --corpus oai-dc-2012 imports the 2012 oai_dc JSON lines (59,462 records; the harvest issue's target).
        usage: dotnet run -c Release --project bench/PaperRadar.Bench -- oai-parse [--runs N] [--iterations N]
          Parses each of the three recorded 1,000-record arXivRaw ListRecords pages with the OAI-PMH reader (in
          memory, after a warm-up), each run in its own process: median ms per page, the first (cold) parse, and a
          baseline (the same bytes read node by node with XmlReader, nothing mapped).
        usage: dotnet run -c Release --project bench/PaperRadar.Bench -- hnsw [--n N] [--dims D] [--vectors FILE]
                 [--runs N] [--queries Q] [--k K] [--ef EF] [--threads T]
          Builds the HNSW index over N generated clustered unit vectors (default 67,802 of 256 dimensions) or over
          FILE (int32 count, int32 dimensions, then count × dimensions float32), and prints its build time, recall@k
          against the exact index over Q queries (default 1,000) and p50/p99 query latency of both (medians over runs).
        usage: dotnet run -c Release --project bench/PaperRadar.Bench -- search [--n 1000] [--seed 42] [--related-n N]
                 [--index-runs N] [--db PATH] [--fresh-store] [--peer]
          Relevance and speed of search on arxiv-daily: known-item and paraphrase tasks per mode (MRR, hit@1,
          hit@10, p50/p99 latency), related papers, HNSW recall@10 against exact search, the time to build the
          index (--index-runs rebuilds), and with --peer arxiv-sanity-lite's method on the same tasks.
        usage: dotnet run -c Release --project bench/PaperRadar.Bench -- web [--connections 16] [--seconds 10] [--no-cache] [--db PATH]
          Serves the store the search benchmark builds on 127.0.0.1 and loads each kind of page and API answer with
          N connections (each sends its next request when the last is answered) for the given time; p50/p99 latency.
        usage: dotnet run -c Release --project bench/PaperRadar.Bench -- disambiguation [--runs 3] [--only qian,merge,corpus]
          Author disambiguation: B-cubed P/R/F1 on ../shared/data/disambiguation/s2and-qian-dev (tuning and held-out
          halves) against one person per name block and one per signature; the name-merging test on arxiv-daily and
          the ACL network; the time of a whole-corpus run on arxiv-daily (median over the runs). --model FILE,
          --threshold T and --strong S evaluate another pair model or levels. `disambiguation --fit [--trees 60]
          [--learning-rate 0.2] [--leaves 16] [--output FILE]` trains the pair model (LightGBM) on the tuning halves,
          writes src/PaperRadar.Core/Authors/PairModel.json and prints F1 on the tuning halves per threshold.
        usage: dotnet run -c Release --project bench/PaperRadar.Bench -- scores [--only impact,novelty,speed] [--runs 3] [--rebuild]
          Validates the scores (docs/scores.md). Impact on the ACL network (with the Anthology XML's abstracts): trained
          on papers up to 2005, tested on 2006-2008 against citations within 3 years, Spearman rho and top-decile
          precision next to two baselines (authors' prior h-index; number of authors). Novelty on arxiv-daily: the AUC of
          the papers that first use a term later used by >= 20 papers, and the distance between same-title papers.
          Speed: analyze on all of arxiv-daily from nothing (median over runs) and again with nothing changed; and
          whether two analyses give identical scores. Stores are kept in $TMPDIR/paperradar-bench-scores.
        usage: dotnet run -c Release --project bench/PaperRadar.Bench -- digests [--runs 3] [--subscriptions 10000] [--authors 12]
          "Papers like these" precision@10 on held-back papers of prolific real authors of arxiv-daily (against the
          library's centroid and chance), then one busy day's digests for N generated subscriptions built into the
          outbox (no SMTP), cold (models trained) and warm (models cached); medians over the runs.
        """);
    return 1;
}

namespace PaperRadar.Bench
{
    internal static class ImportBenchmark
    {
        private static readonly Dictionary<string, (string Path, string Description)> Corpora = new(StringComparer.Ordinal)
        {
            ["daily"] = ("arxiv-daily", "arxiv-daily, 379 files"),
            ["listings"] = (Path.Combine("arxiv-listings", "astro-ph", "listings"), "astro-ph listings, 220 files"),
            // Not in the default selection (--corpus oai-dc-2012): the harvest issue's target, measured on its own.
            ["oai-dc-2012"] = (Path.Combine("arxiv-oai-dc-2012", "2012"), "arxiv-oai-dc-2012, 366 files"),
        };

        public static int Run(string[] args)
        {
            var runs = 3;
            var selected = new List<string> { "daily", "listings" };
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--runs":
                        runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
                        break;
                    case "--corpus" when args[i + 1] == "all":
                        selected = [.. Corpora.Keys];
                        i++;
                        break;
                    case "--corpus":
                        selected = [args[++i]];
                        break;
                }
            }

            Console.WriteLine($"machine: {BenchSupport.MachineDescription()}");
            Console.WriteLine($"date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; runs per figure: {runs} (medians)");
            Console.WriteLine();
            var rows = new List<string[]>();
            foreach (var corpus in selected)
            {
                var imports = new List<ChildResult>();
                var baselines = new List<ChildResult>();
                for (var run = 0; run < runs; run++)
                {
                    baselines.Add(BenchSupport.RunChild<ChildResult>(["child-decompress", corpus]));
                    var db = Path.Combine(Path.GetTempPath(), $"paperradar-bench-{Guid.NewGuid():N}.db");
                    try
                    {
                        imports.Add(BenchSupport.RunChild<ChildResult>(["child-import", corpus, db]));
                    }
                    finally
                    {
                        foreach (var file in new[] { db, db + "-wal", db + "-shm" })
                        {
                            File.Delete(file);
                        }
                    }
                }
                var seconds = BenchSupport.Median(imports.Select(r => r.Seconds));
                var baseline = BenchSupport.Median(baselines.Select(r => r.Seconds));
                var records = imports[0].Records;
                var rss = BenchSupport.Median(imports.Select(r => r.PeakRssMegabytes));
                rows.Add([Corpora[corpus].Description, records.ToString("N0", CultureInfo.InvariantCulture),
                    seconds.ToString("F2", CultureInfo.InvariantCulture),
                    (records / seconds).ToString("N0", CultureInfo.InvariantCulture),
                    rss.ToString("F0", CultureInfo.InvariantCulture),
                    baseline.ToString("F2", CultureInfo.InvariantCulture),
                    (seconds / baseline).ToString("F1", CultureInfo.InvariantCulture)]);
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    benchmark = "import",
                    corpus,
                    records,
                    runs,
                    seconds_median = Math.Round(seconds, 3),
                    seconds_all = imports.Select(r => Math.Round(r.Seconds, 3)),
                    records_per_second = Math.Round(records / seconds),
                    peak_rss_mb_median = Math.Round(rss),
                    baseline_decompress_seconds_median = Math.Round(baseline, 3),
                    ratio_to_baseline = Math.Round(seconds / baseline, 2),
                }));
            }
            Console.WriteLine();
            string[] header = ["corpus", "records", "import s", "records/s", "peak RSS MB", "baseline s", "import/baseline"];
            var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
            Console.WriteLine(string.Join(" | ", header.Select((h, i) => h.PadRight(widths[i]))));
            Console.WriteLine(string.Join("-|-", widths.Select(w => new string('-', w))));
            foreach (var row in rows)
            {
                Console.WriteLine(string.Join(" | ", row.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))));
            }
            return 0;
        }

        /// <summary>One import into a fresh store, in this process, so its peak RSS is the import's alone.</summary>
        public static int ChildImport(string corpus, string db)
        {
            var watch = Stopwatch.StartNew();
            using var store = Storage.PaperStore.Open(db);
            var report = new Storage.Import.Importer(store).Import([CorpusPath(corpus)]);
            watch.Stop();
            if (report.Rejected > 0 || report.Files.Any(f => f.Error is not null))
            {
                Console.Error.WriteLine($"import rejected {report.Rejected} records");
                return 1;
            }
            return Report(report.Read, watch.Elapsed.TotalSeconds);
        }

        /// <summary>The baseline: the same files decompressed and split into lines, nothing parsed or stored.</summary>
        public static int ChildDecompress(string corpus)
        {
            var watch = Stopwatch.StartNew();
            long lines = 0;
            var reader = new Core.IO.LineReader();
            foreach (var file in Directory.EnumerateFiles(CorpusPath(corpus), "*", SearchOption.AllDirectories))
            {
                using var stream = Core.IO.SourceFile.Open(file);
                lines += reader.ReadLines(stream).LongCount();
            }
            return Report(lines, watch.Elapsed.TotalSeconds);
        }

        private static int Report(long records, double seconds)
        {
            using var process = Process.GetCurrentProcess();
            Console.WriteLine(JsonSerializer.Serialize(new ChildResult(records, seconds, process.PeakWorkingSet64 / 1048576.0)));
            return 0;
        }

        private static string CorpusPath(string corpus) => Path.Combine(BenchSupport.SharedData(), Corpora[corpus].Path);

        private sealed record ChildResult(long Records, double Seconds, double PeakRssMegabytes);
    }
}
