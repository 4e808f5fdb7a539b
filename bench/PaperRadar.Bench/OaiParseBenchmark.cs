using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Xml;
using PaperRadar.Core.Readers;
using PaperRadar.Storage;

namespace PaperRadar.Bench;

/// <summary>
/// Parsing one 1,000-record arXivRaw ListRecords page, the unit of an OAI-PMH harvest (target: at most 50 ms): the
/// three real recorded pages, each parsed in its own process from memory, as the harvester does with a page it has
/// read whole.
/// </summary>
internal static class OaiParseBenchmark
{
    private static readonly string[] Pages = ["page_2013-05-25_436115_5001.xml", "page_406001.xml", "page_496549_47001.xml"];

    public static int Run(string[] args)
    {
        var runs = 5;
        var iterations = 20;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--runs":
                    runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--iterations":
                    iterations = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
            }
        }
        Console.WriteLine($"machine: {BenchSupport.MachineDescription()}");
        Console.WriteLine($"date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {runs} processes per page, each the median of {iterations} parses after 3 warm-up parses");
        Console.WriteLine();
        var rows = new List<string[]>();
        foreach (var page in Pages)
        {
            var path = Path.Combine(BenchSupport.SharedData(), "arxiv-oai-pmh", "mispy_arxivsync_fullpages", page);
            var results = Enumerable.Range(0, runs)
                .Select(_ => BenchSupport.RunChild<ChildResult>(["child-oai-parse", path, iterations.ToString(CultureInfo.InvariantCulture)]))
                .ToList();
            var parse = BenchSupport.Median(results.Select(r => r.ParseMs));
            var prepare = BenchSupport.Median(results.Select(r => r.ParseAndPrepareMs));
            var cold = BenchSupport.Median(results.Select(r => r.FirstParseMs));
            var baseline = BenchSupport.Median(results.Select(r => r.BaselineMs));
            rows.Add([page, results[0].Records.ToString(CultureInfo.InvariantCulture), (results[0].Bytes / 1048576.0).ToString("F2", CultureInfo.InvariantCulture),
                parse.ToString("F1", CultureInfo.InvariantCulture), string.Join(", ", results.Select(r => r.ParseMs.ToString("F1", CultureInfo.InvariantCulture))),
                prepare.ToString("F1", CultureInfo.InvariantCulture), cold.ToString("F1", CultureInfo.InvariantCulture),
                baseline.ToString("F1", CultureInfo.InvariantCulture), (parse / baseline).ToString("F1", CultureInfo.InvariantCulture)]);
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                benchmark = "oai-parse",
                page,
                records = results[0].Records,
                runs,
                iterations,
                parse_ms_median = Math.Round(parse, 2),
                parse_ms_all = results.Select(r => Math.Round(r.ParseMs, 2)),
                parse_and_prepare_ms_median = Math.Round(prepare, 2),
                first_parse_ms_median = Math.Round(cold, 2),
                baseline_xml_read_ms_median = Math.Round(baseline, 2),
            }));
        }
        Console.WriteLine();
        string[] header = ["page", "records", "MB", "parse ms", "all runs", "parse+prepare ms", "first parse ms", "baseline ms", "parse/baseline"];
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        Console.WriteLine(string.Join(" | ", header.Select((h, i) => h.PadRight(widths[i]))));
        Console.WriteLine(string.Join("-|-", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            Console.WriteLine(string.Join(" | ", row.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))));
        }
        return 0;
    }

    /// <summary>
    /// In this process: the page from memory, parsed (records mapped), parsed and prepared for the store (the JSON,
    /// hash and compression the harvester computes before writing), and the baseline.
    /// </summary>
    public static int Child(string path, int iterations)
    {
        var bytes = File.ReadAllBytes(path);
        var watch = Stopwatch.StartNew();
        var records = Parse(bytes, prepare: false);
        var first = watch.Elapsed.TotalMilliseconds;
        for (var i = 0; i < 3; i++)
        {
            Parse(bytes, prepare: true);
            Baseline(bytes);
        }
        double Time(Action action)
        {
            var times = new List<double>();
            for (var i = 0; i < iterations; i++)
            {
                var clock = Stopwatch.StartNew();
                action();
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
            return BenchSupport.Median(times);
        }
        var parse = Time(() => Parse(bytes, prepare: false));
        var prepare = Time(() => Parse(bytes, prepare: true));
        var baseline = Time(() => Baseline(bytes));
        Console.WriteLine(JsonSerializer.Serialize(new ChildResult(records, bytes.Length, parse, prepare, first, baseline)));
        return 0;
    }

    private static int Parse(byte[] bytes, bool prepare)
    {
        var response = new OaiPmhResponse();
        var records = 0;
        foreach (var outcome in new OaiPmhReader().Read(new MemoryStream(bytes, writable: false), "page.xml", response))
        {
            if (outcome.Record is { } record)
            {
                records++;
                if (prepare)
                {
                    PreparedRecord.From(record);
                }
            }
        }
        return response.Complete ? records : throw new InvalidDataException($"the page did not parse: {response.Damage}");
    }

    private static long Baseline(byte[] bytes)
    {
        using var xml = XmlReader.Create(new MemoryStream(bytes, writable: false),
            new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true });
        long nodes = 0;
        while (xml.Read())
        {
            nodes++;
        }
        return nodes;
    }

    private sealed record ChildResult(int Records, long Bytes, double ParseMs, double ParseAndPrepareMs, double FirstParseMs, double BaselineMs);
}
