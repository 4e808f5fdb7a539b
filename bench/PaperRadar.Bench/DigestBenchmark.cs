using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using PaperRadar.Digests;
using PaperRadar.Search.Indexing;
using PaperRadar.Storage;
using PaperRadar.Storage.Import;
using PaperRadar.Storage.Search;

namespace PaperRadar.Bench;

/// <summary>
/// Digests at scale and the "papers like these" model's relevance, on the arxiv-daily corpus.
/// Scale: 10,000 subscriptions (generated from the corpus: saved searches of two words from real titles, real
/// categories, real authors, trending, libraries of a real author's papers; the subscriptions are generated, the
/// papers are real) and the digests of one busy listing day built into the outbox (no SMTP), cold (every
/// papers-like-these model trained) and warm (models cached), medians over runs.
/// Relevance: for prolific real authors, a library of the first half of their papers (by first appearance) and the
/// second half held back; the model trained on the library ranks every paper that appeared from the cut on, and
/// precision@10 counts the held-back papers among the top ten, next to the library's centroid (cosine) and chance.
/// </summary>
internal static class DigestBenchmark
{
    public static int Run(string[] args)
    {
        var runs = 3;
        var subscriptionCount = 10_000;
        var authors = 12;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--runs":
                    runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--subscriptions":
                    subscriptionCount = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--authors":
                    authors = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
            }
        }
        Console.WriteLine($"machine: {BenchSupport.MachineDescription()}");
        Console.WriteLine($"date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; runs: {runs} (medians)");
        var db = PrepareStore();
        using var store = PaperStore.Open(db);
        Precision(store, authors);
        Scale(store, subscriptionCount, runs);
        return 0;
    }

    /// <summary>
    /// A copy of the indexed arxiv-daily store the search benchmark builds (made here when it is missing): this
    /// benchmark adds subscriptions and migrates the copy, never the search benchmark's own file.
    /// </summary>
    private static string PrepareStore()
    {
        var work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "paperradar-bench-digests")).FullName;
        var db = Path.Combine(work, "arxiv-daily-digests.db");
        if (File.Exists(db))
        {
            return db;
        }
        var searchStore = Path.Combine(Path.GetTempPath(), "paperradar-bench-search", "arxiv-daily.db");
        if (File.Exists(searchStore) && !File.Exists(searchStore + "-wal"))
        {
            File.Copy(searchStore, db);
        }
        else
        {
            using var fresh = PaperStore.Open(db);
            Console.Error.WriteLine($"importing arxiv-daily into {db} …");
            new Importer(fresh).Import([Path.Combine(BenchSupport.SharedData(), "arxiv-daily")]);
        }
        using var store = PaperStore.Open(db);
        SearchIndexer.Run(store, new IndexOptions());
        return db;
    }

    private static void Scale(PaperStore store, int count, int runs)
    {
        var mail = new MailSettings(new SmtpSettings("127.0.0.1", 25, SmtpTls.None, null, null),
            new MimeKit.MailboxAddress("PaperRadar", "digests@bench.invalid"), new Uri("https://papers.bench.invalid/"));
        using var connection = new SqliteConnection($"Data Source={store.Path};Pooling=False");
        connection.Open();
        // The busiest listing day: one day's digests at their heaviest.
        var day = DateOnly.ParseExact(connection.ExecuteScalar<string>(
            "SELECT day FROM paper_listings GROUP BY day ORDER BY count(*) DESC, day DESC LIMIT 1")!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var listed = connection.ExecuteScalar<long>("SELECT count(*) FROM paper_listings WHERE day = @d", new { d = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        if (connection.ExecuteScalar<long>("SELECT count(*) FROM subscriptions") < count)
        {
            GenerateSubscriptions(store, connection, count, day);
        }
        var kinds = connection.Query<(string Kind, long Count)>("SELECT kind, count(*) FROM subscriptions GROUP BY kind ORDER BY kind").ToList();
        Console.WriteLine($"subscriptions: {count:N0} ({string.Join(", ", kinds.Select(k => $"{k.Count:N0} {k.Kind}"))}); day {day:yyyy-MM-dd} lists {listed:N0} papers");

        var now = new DateTimeOffset(day.ToDateTime(new TimeOnly(22, 0)), TimeSpan.Zero);
        var yesterday = day.AddDays(-1);
        var cold = new List<double>();
        var warm = new List<double>();
        DigestBuild? last = null;
        for (var run = 0; run < runs; run++)
        {
            foreach (var withModels in new[] { false, true })
            {
                // As if yesterday's digests went out: each subscription's window is the steady state (a few days back).
                connection.Execute("DELETE FROM outbox");
                connection.Execute("UPDATE subscriptions SET last_period = @p, covered_through = @p", new { p = yesterday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
                if (!withModels)
                {
                    connection.Execute("UPDATE subscriptions SET model = NULL, model_key = NULL");
                }
                var clock = Stopwatch.StartNew();
                var build = new DigestBuilder(store, mail, new Subscriptions(store, mail)).Build(now);
                var recorded = 0;
                foreach (var chunk in build.Periods.Chunk(2_000))
                {
                    recorded += store.RecordDigestPeriods(chunk, DateTimeOffset.UtcNow);
                }
                var seconds = clock.Elapsed.TotalSeconds;
                (withModels ? warm : cold).Add(seconds);
                last = build;
                Console.Error.WriteLine($"run {run + 1} {(withModels ? "warm" : "cold")}: {seconds:N1} s, {build.Digests.Count:N0} digests, {recorded:N0} recorded, {build.ModelsTrained} models trained");
            }
        }
        var papersPerDigest = last!.Digests.Select(d => (double)d.Items.Count).ToList();
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            benchmark = "digests",
            subscriptions = count,
            day = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            papers_listed = listed,
            digests = last.Digests.Count,
            empty = last.Due - last.Digests.Count,
            papers_per_digest_median = papersPerDigest.Count == 0 ? 0 : BenchSupport.Median(papersPerDigest),
            cold_seconds_median = Math.Round(BenchSupport.Median(cold), 2),
            cold_seconds_all = cold.Select(s => Math.Round(s, 2)),
            warm_seconds_median = Math.Round(BenchSupport.Median(warm), 2),
            warm_seconds_all = warm.Select(s => Math.Round(s, 2)),
            target_seconds = 60,
        }));
    }

    /// <summary>Generated subscriptions over real corpus values (deterministic: seed 8).</summary>
    private static void GenerateSubscriptions(PaperStore store, SqliteConnection connection, int count, DateOnly day)
    {
        var random = new Random(8);
        var titles = connection.Query<string>("SELECT title FROM papers ORDER BY rowid").ToList();
        var categories = connection.Query<string>("SELECT category FROM paper_categories GROUP BY category HAVING count(*) >= 50").ToList();
        var authors = connection.Query<string>("SELECT name FROM paper_authors GROUP BY name HAVING count(*) >= 5").ToList();
        var libraries = connection.Query<(string Name, string Ids)>("""
            SELECT a.name, group_concat(a.paper_id) FROM paper_authors a GROUP BY a.name HAVING count(*) BETWEEN 4 AND 30
            """).ToList();
        var words = titles.Select(t => t.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Where(w => w.Length >= 6 && w.All(char.IsLetter)).Select(w => w.ToLowerInvariant()).Distinct().ToArray())
            .Where(w => w.Length >= 2).ToList();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++)
        {
            var draw = random.NextDouble();
            (SubscriptionKind Kind, string Target) what = draw switch
            {
                < 0.40 => (SubscriptionKind.Search, TwoWords(words[random.Next(words.Count)], random)),
                < 0.60 => (SubscriptionKind.Category, categories[random.Next(categories.Count)]),
                < 0.80 => (SubscriptionKind.Author, authors[random.Next(authors.Count)]),
                < 0.90 => (SubscriptionKind.Trending, ""),
                _ => (SubscriptionKind.Like, string.Join(',', libraries[random.Next(libraries.Count)].Ids.Split(',').Distinct().Order(StringComparer.Ordinal).Take(SubscriptionTargets.MaxLibrary))),
            };
            var subscription = store.RequestSubscription($"reader{i}@bench.invalid", what.Kind, what.Target,
                random.NextDouble() < 0.8 ? DigestFrequency.Daily : DigestFrequency.Weekly, now);
            store.ConfirmSubscription(subscription.Id, now);
        }
        _ = day;
    }

    private static string BlockOf(string name)
    {
        var parts = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 0 ? "" : $"{parts[0][0]} {parts[^1]}";
    }

    private static string TwoWords(string[] words, Random random)
    {
        var first = random.Next(words.Length);
        var second = (first + 1 + random.Next(words.Length - 1)) % words.Length;
        return $"{words[first]} {words[second]}";
    }

    /// <summary>Precision@10 of the library model on held-back papers of prolific real authors.</summary>
    private static void Precision(PaperStore store, int authorCount)
    {
        var vectors = new VectorStore(store);
        var embedder = vectors.CurrentEmbedder ?? throw new InvalidOperationException("the store has no vectors; run index");
        var dimensions = vectors.Embedders().Single(e => e.Name == embedder).Dimensions;
        var (keys, values) = vectors.LoadVectors(embedder, dimensions);
        var rowOf = keys.Select((k, i) => (k, i)).ToDictionary(p => p.k, p => p.i);
        using var connection = new SqliteConnection($"Data Source={store.Path};Pooling=False");
        connection.Open();
        var firstAppeared = connection.Query<(long Key, string Day)>("SELECT rowid, first_appeared FROM papers WHERE first_appeared IS NOT NULL")
            .ToDictionary(r => r.Key, r => r.Day);
        // Prolific real authors whose name is theirs alone as far as the corpus shows: the most prolific names are
        // homonym blends ("Yang Liu" signs 265 papers of many people), and a library of several people's papers has no
        // topic to learn. Kept: names with 20+ papers whose name block (first initial and surname) holds at most two
        // written names across the corpus; the most prolific of those first.
        var allNames = connection.Query<(string Name, long Papers)>("SELECT name, count(DISTINCT paper_id) FROM paper_authors GROUP BY name").ToList();
        var blockSizes = allNames.GroupBy(n => BlockOf(n.Name), StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        var names = allNames.Where(n => n.Papers >= 20 && blockSizes[BlockOf(n.Name)] <= 2)
            .OrderByDescending(n => n.Papers).ThenBy(n => n.Name, StringComparer.Ordinal).Take(authorCount).Select(n => n.Name).ToList();
        var modelScores = new List<double>();
        var centroidScores = new List<double>();
        var chanceScores = new List<double>();
        Console.WriteLine();
        Console.WriteLine("author | papers | library | held back | candidates | P@10 model | P@10 centroid | chance");
        foreach (var name in names)
        {
            var papers = connection.Query<long>("SELECT DISTINCT p.rowid FROM papers p JOIN paper_authors a ON a.paper_id = p.id WHERE a.name = @name", new { name })
                .Where(k => rowOf.ContainsKey(k) && firstAppeared.ContainsKey(k))
                .OrderBy(k => firstAppeared[k], StringComparer.Ordinal).ThenBy(k => k).ToList();
            var library = papers.Take(papers.Count / 2).ToList();
            var heldBack = papers.Skip(papers.Count / 2).ToHashSet();
            var cut = firstAppeared[heldBack.OrderBy(k => firstAppeared[k], StringComparer.Ordinal).First()];
            var candidates = keys.Where(k => firstAppeared.TryGetValue(k, out var d) && string.CompareOrdinal(d, cut) >= 0 && !library.Contains(k)).ToList();

            var random = new Random(name.Length * 31 + papers.Count);
            var librarySet = library.ToHashSet();
            var negatives = new HashSet<long>();
            while (negatives.Count < Math.Min(LikeModel.DefaultNegatives, keys.Length - library.Count))
            {
                var key = keys[random.Next(keys.Length)];
                if (!librarySet.Contains(key))
                {
                    negatives.Add(key);
                }
            }
            float[] Rows(IEnumerable<long> rows) => rows.SelectMany(k => values.AsSpan(rowOf[k] * dimensions, dimensions).ToArray()).ToArray();
            var model = LikeModel.Train(Rows(library), Rows(negatives), dimensions);
            var centroid = new float[dimensions];
            foreach (var key in library)
            {
                TensorPrimitives.Add(centroid, values.AsSpan(rowOf[key] * dimensions, dimensions), centroid);
            }
            double PrecisionAt10(Func<long, float> score) =>
                candidates.OrderByDescending(score).ThenBy(k => k).Take(10).Count(heldBack.Contains) / 10.0;
            var byModel = PrecisionAt10(k => model.Score(values.AsSpan(rowOf[k] * dimensions, dimensions)));
            var byCentroid = PrecisionAt10(k => TensorPrimitives.CosineSimilarity(centroid, values.AsSpan(rowOf[k] * dimensions, dimensions)));
            var chance = (double)heldBack.Count / candidates.Count;
            modelScores.Add(byModel);
            centroidScores.Add(byCentroid);
            chanceScores.Add(chance);
            Console.WriteLine($"{name} | {papers.Count} | {library.Count} | {heldBack.Count} | {candidates.Count:N0} | {byModel:0.0} | {byCentroid:0.0} | {chance:0.0000}");
        }
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            benchmark = "papers-like-these-precision-at-10",
            authors = names,
            embedder,
            model_median = BenchSupport.Median(modelScores),
            model_mean = Math.Round(modelScores.Average(), 3),
            centroid_median = BenchSupport.Median(centroidScores),
            centroid_mean = Math.Round(centroidScores.Average(), 3),
            chance_mean = Math.Round(chanceScores.Average(), 5),
            model_all = modelScores,
            centroid_all = centroidScores,
        }));
    }
}
