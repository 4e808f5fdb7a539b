using System.Diagnostics;
using PaperRadar.Core.Authors;
using PaperRadar.Storage;
using PaperRadar.Storage.Authors;
using PaperRadar.Storage.Import;

namespace PaperRadar.Bench;

/// <summary>
/// The h-index check on the ACL Anthology Network (docs/disambiguation.md): the network imported into a fresh store,
/// its most cited papers, and the top people by h-index after disambiguating every author entry, next to what grouping
/// by the written name alone gives.
/// </summary>
internal static class AclHIndexBenchmark
{
    public static int Run()
    {
        var folder = Path.Combine(Path.GetTempPath(), "paperradar-bench-acl-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            using var store = PaperStore.Open(Path.Combine(folder, "acl.db"));
            var watch = Stopwatch.StartNew();
            new Importer(store).Import([Path.Combine(BenchSupport.SharedData(), "acl-anthology-network")]);
            Console.WriteLine($"imported {store.CountPapers():N0} papers and {store.CountCitations():N0} citations in {watch.Elapsed.TotalSeconds:0.0} s");
            var citations = store.CitationCounts();
            var papers = store.AllPapers().ToList();
            var byId = papers.ToDictionary(p => p.Id.Value, StringComparer.Ordinal);
            var titles = papers.ToDictionary(p => p.Id.Value, p => p.Title, StringComparer.Ordinal);

            Console.WriteLine();
            Console.WriteLine("most cited papers (in-network citations)");
            foreach (var (id, count) in citations.Where(c => titles.ContainsKey(c.Key)).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(10))
            {
                Console.WriteLine($"  {count,5}  {id,-14} {titles[id]}");
            }

            var signatures = papers.SelectMany(p => Enumerable.Range(0, p.Authors.Count).Select(i => AuthorProfiles.Signature(p, i))).ToList();
            watch.Restart();
            var result = AuthorDisambiguator.Disambiguate(signatures);
            var seconds = watch.Elapsed.TotalSeconds;
            var bySignature = signatures.ToDictionary(s => s.Id, StringComparer.Ordinal);
            string WrittenName(AuthorSignature s) => byId[s.PaperId].Authors[s.Position].Name;
            var people = result.Clusters.Select(c =>
            {
                var ids = c.Signatures.Select(s => bySignature[s.SignatureId].PaperId).Distinct(StringComparer.Ordinal).ToList();
                return (Name: WrittenName(bySignature[c.Signatures[0].SignatureId]), c.Id,
                    Metrics: AuthorMetrics.Compute(ids.Select(id => citations.GetValueOrDefault(id))));
            }).ToList();
            Console.WriteLine();
            Console.WriteLine($"disambiguated {signatures.Count:N0} author entries into {people.Count:N0} people in {seconds:0.0} s");
            Print("top people by h-index (disambiguated)", people.Select(p => (p.Name, p.Metrics)));

            var byWrittenName = signatures.GroupBy(WrittenName, StringComparer.Ordinal)
                .Select(g => (Name: g.Key, Metrics: AuthorMetrics.Compute(g.Select(s => s.PaperId).Distinct(StringComparer.Ordinal)
                    .Select(id => citations.GetValueOrDefault(id)))));
            Print("top by h-index when the written name is the person (baseline)", byWrittenName);
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Print(string title, IEnumerable<(string Name, AuthorMetrics Metrics)> people)
    {
        Console.WriteLine();
        Console.WriteLine(title);
        Console.WriteLine("     h  i10  papers  citations  name");
        foreach (var (name, m) in people.OrderByDescending(p => p.Metrics.HIndex).ThenByDescending(p => p.Metrics.Citations)
                     .ThenBy(p => p.Name, StringComparer.Ordinal).Take(10))
        {
            Console.WriteLine($"  {m.HIndex,4} {m.I10Index,4} {m.Papers,7} {m.Citations,10}  {name}");
        }
    }
}
