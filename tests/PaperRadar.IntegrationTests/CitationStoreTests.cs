using PaperRadar.Core.Model;
using PaperRadar.Storage;
using PaperRadar.Storage.Import;

namespace PaperRadar.IntegrationTests;

/// <summary>
/// Citations in a real SQLite store: the ACL Anthology Network imported whole, edges kept when their other end is
/// missing and linked when it arrives, records linked through the DOIs they share. The small files are generated
/// (and say so); the network is the real one.
/// </summary>
public sealed class CitationStoreTests : IDisposable
{
    private readonly ScratchDirectory _temp = new();

    private string Db => _temp.File("store.db");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void TheAclNetworkImportsWithThePennTreebankAndBleuAsItsMostCitedPapers()
    {
        using var store = PaperStore.Open(Db);
        var report = new Importer(store).Import([SharedData.Path("acl-anthology-network")]);

        Assert.Equal(18_041 + 94_973, report.New);
        Assert.Equal(0, report.Rejected);
        // The co-author network is not a file of papers or citations: the papers' author lists hold the same edges.
        Assert.True(report.Files.Single(f => f.Path.EndsWith("AAN-author-collaboration-network.txt", StringComparison.Ordinal)).Skipped);
        Assert.Equal(18_041, store.CountPapers());
        Assert.Equal(94_973, store.CountCitations());

        var counts = store.CitationCounts();
        var top = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(2).ToList();
        Assert.Equal([new("acl:J93-2004", 847), new KeyValuePair<string, int>("acl:P02-1040", 729)], top);
        Assert.Equal(847, store.CitedBy(PaperId.Acl("J93-2004")).Count);
        var bleu = store.GetPaper(PaperId.Acl("P02-1040"))!;
        Assert.Equal("Bleu: A Method For Automatic Evaluation Of Machine Translation", bleu.Title);
        Assert.Equal(2002, bleu.Year);
        Assert.Equal("Annual Meeting Of The Association For Computational Linguistics", bleu.CommentFacts.Venue);
        // Och's MERT paper cites six papers in the network (`awk -F' , ' '$1=="P03-1021"' acl.txt | sort -u`).
        Assert.Equal(6, store.ReferencesOf(PaperId.Acl("P03-1021")).Count);
        Assert.Contains("acl:P02-1038", store.ReferencesOf(PaperId.Acl("P03-1021")));

        // Importing the same files again changes nothing.
        var again = new Importer(store).Import([SharedData.Path("acl-anthology-network")]);
        Assert.Equal(18_041 + 94_973, again.Unchanged);
        Assert.Equal(94_973, store.CountCitations());
    }

    [Fact]
    public void ACitationOfAPaperNotInTheStoreIsKeptAndLinksUpWhenThePaperArrivesUnderAnotherId()
    {
        // Generated: an edge list citing a DOI, and later an arXiv paper whose record carries that DOI.
        var edges = _temp.File("edges-generated.txt");
        File.WriteAllLines(edges, ["P02-1040 , doi:10.1000/Linked.1", "J93-2004 , doi:10.1000/linked.1", "P02-1040 , J93-2004"]);
        using var store = PaperStore.Open(Db);
        new Importer(store).Import([edges]);

        Assert.Equal(2, store.CitationCounts()["doi:10.1000/linked.1"]);
        Assert.Equal(0, store.CountPapers());

        var paper = _temp.File("paper-generated.jsonl");
        File.WriteAllText(paper, """
            {"id": "2410.17243", "title": "A paper that arrives later", "authors": "Ada Lovelace", "abstract": "Text.", "categories": "cs.CL", "doi": "10.1000/LINKED.1", "versions": [{"version": "v1", "created": "Tue, 22 Oct 2024 17:59:59 GMT"}], "update_date": "2024-10-23", "submitter": "Ada Lovelace"}

            """);
        var report = new Importer(store).Import([paper]);
        Assert.Equal(1, report.New);

        var linked = store.GetPaper(PaperId.Parse("2410.17243"))!;
        Assert.Equal([PaperId.Doi("10.1000/linked.1")], linked.OtherIds);
        Assert.Equal(["acl:J93-2004", "acl:P02-1040"], store.CitedBy(linked.Id));
        var counts = store.CitationCounts();
        Assert.Equal(2, counts["2410.17243"]);
        Assert.False(counts.ContainsKey("doi:10.1000/linked.1"));
        Assert.Equal(1, counts["acl:J93-2004"]);
    }

    [Fact]
    public void AnEditedEdgeListReplacesTheEdgesItNoLongerHolds()
    {
        var edges = _temp.File("cit-HepTh-generated.txt");
        File.WriteAllLines(edges, ["# generated", "9201001\t9201002", "9201001\t9201003", "9201002\t9201003"]);
        using var store = PaperStore.Open(Db);
        new Importer(store).Import([edges]);
        Assert.Equal(2, store.CitationCounts()["hep-th/9201003"]);

        File.WriteAllLines(edges, ["# generated, edited", "9201001\t9201002", "9201002\t9201004"]);
        var report = new Importer(store).Import([edges]);

        // Edges are keyed by their line, like records: line 2 is as it was, line 3 holds another edge, line 4 is gone.
        Assert.Equal((1L, 1L, 0L, 1L), (report.Files[0].Unchanged, report.Files[0].Updated, report.Files[0].New, report.Files[0].Removed));
        Assert.Equal(2, store.CountCitations());
        Assert.Equal(["hep-th/9201001"], store.CitedBy(PaperId.Parse("hep-th/9201002")));
        Assert.Equal(["hep-th/9201004"], store.ReferencesOf(PaperId.Parse("hep-th/9201002")));
        Assert.False(store.CitationCounts().ContainsKey("hep-th/9201003"));
    }

    [Fact]
    public void TheAnthologysOwnRecordsResolveTheNetworksCitationsAndMergeWithItsPapers()
    {
        using var store = PaperStore.Open(Db);
        new Importer(store).Import([
            SharedData.Path("acl-anthology-xml"),
            SharedData.Path("acl-anthology-network", "acl.txt"),
        ]);

        // Both ends of 93,941 of the network's 94,973 edges are papers of the release. The other 1,032 name 162 ids the
        // release has no paper for (SemEval 2007's W07-20xx, parts of J79 issues like J79-1032f, frontmatter such as
        // E89-1000). The data's README says 93,945 by a count of its own; this is what the ids resolve to.
        Assert.Equal(55_839, store.CountPapers());
        Assert.Equal(93_941, store.CountResolvedCitations());

        new Importer(store).Import([SharedData.Path("acl-anthology-network", "acl-metadata.txt")]);
        // 17,826 of the network's 18,041 papers are in the release and merge with them.
        Assert.Equal(55_839 + 18_041 - 17_826, store.CountPapers());
        // Ten edges name papers neither source holds; they stay stored and count for the papers they do name.
        Assert.Equal(94_963, store.CountResolvedCitations());
        var bleu = store.GetPaper(PaperId.Acl("P02-1040"))!;
        // The Anthology's cased title wins over the network's title-cased copy; both sources are kept.
        Assert.Equal("Bleu: a Method for Automatic Evaluation of Machine Translation", bleu.Title);
        Assert.Equal(["aan-metadata", "acl-anthology-xml"], bleu.Sources.Select(s => s.Format).Order(StringComparer.Ordinal));
    }
}
