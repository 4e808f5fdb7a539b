using System.Text;
using System.Text.RegularExpressions;
using PaperRadar.Core.IO;
using PaperRadar.Core.Model;
using PaperRadar.Core.Readers;

namespace PaperRadar.Tests.Readers;

/// <summary>
/// arXiv API feeds, on the real recordings in ../shared/data/arxiv-api-atom: the current serializer (2026: a paging
/// series, id lookups, an empty feed, an error feed) and the old one (2016). Damaged feeds are generated from real
/// ones here, since no recording has damage.
/// </summary>
public sealed class ArxivAtomReaderTests
{
    private static string Current(string name) => SharedData.Path("arxiv-api-atom", "arxiv.py_fixtures_2026", "xml", name);

    private static string Old(string name) => SharedData.Path("arxiv-api-atom", "arxiv.py_fixtures_2016", name);

    private static readonly string HundredEntries = Current("q_testing_s0_m100_cfe7536492ca.xml");

    private static (List<ReadOutcome> Outcomes, ArxivAtomFeed Feed) ReadFile(string path)
    {
        var feed = new ArxivAtomFeed();
        using var stream = SourceFile.Open(path);
        return (new ArxivAtomReader().Read(stream, path, feed).ToList(), feed);
    }

    private static (List<ReadOutcome> Outcomes, ArxivAtomFeed Feed) ReadText(string text)
    {
        var feed = new ArxivAtomFeed();
        return (new ArxivAtomReader().Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "/api/feed.xml", feed).ToList(), feed);
    }

    [Fact]
    public void TheHundredEntryPageIsReadWithItsPagingAndTheCountsItsReadmeGives()
    {
        var (outcomes, feed) = ReadFile(HundredEntries);

        Assert.All(outcomes, o => Assert.True(o.Rejection is null, o.Rejection?.ToString()));
        Assert.Equal(100, outcomes.Count);
        var records = outcomes.Select(o => o.Record!).ToList();
        Assert.Equal(100, records.Select(r => r.Id).Distinct().Count());
        Assert.Equal(97, records.Count(r => r.Comments is not null));
        Assert.Equal(18, records.Count(r => r.JournalRef is not null));
        Assert.Equal(32, records.Count(r => r.Doi is not null));
        Assert.Equal(36, records.Count(r => r.Version > 1));
        Assert.Equal(10, records[0].Source.Line);
        Assert.Equal(35, records[1].Source.Line);
        Assert.Equal((214_881L, 0L, 100L), (feed.TotalResults, feed.StartIndex, feed.ItemsPerPage));
        Assert.Equal(100, feed.Entries);
        Assert.Empty(feed.Errors);
        Assert.True(feed.Complete);
    }

    [Fact]
    public void TheFirstEntryOfTheCurrentSerializerIsReadFieldByField()
    {
        var paper = ReadFile(HundredEntries).Outcomes[0].Record!;

        Assert.Equal(ArxivId.Parse("2202.12139"), paper.Id);
        Assert.Equal(1, paper.Version);
        Assert.Equal("Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques", paper.Title);
        Assert.Equal(["Mohit Kumar Ahuja", "Arnaud Gotlieb", "Helge Spieker"], paper.Authors.Select(a => a.Name));
        Assert.Equal(["cs.SE", "cs.LG"], paper.Categories);
        Assert.Equal("Artificial Intelligence in Software Testing 2022 workshop @ ICST 2022", paper.Comments);
        Assert.StartsWith("Artificial Intelligence in Software Testing @ 2022 IEEE International Conference", paper.JournalRef,
            StringComparison.Ordinal);
        Assert.Equal("10.1109/ICSTW55395.2022.00035", paper.Doi);
        Assert.StartsWith("Deep Learning (DL) has revolutionized the capabilities of vision-based systems (VBS)", paper.Abstract,
            StringComparison.Ordinal);
        var published = new DateTimeOffset(2022, 2, 24, 15, 5, 19, TimeSpan.Zero);
        Assert.Equal([new PaperVersion(1, published)], paper.Versions);
        Assert.Equal(published, paper.AsOf);
        Assert.Equal(new SourceLocation(HundredEntries, 10, "arxiv-atom"), paper.Source);
    }

    [Fact]
    public void ALaterVersionHasV1FromPublishedAndItsOwnFromUpdated()
    {
        var paper = ReadFile(HundredEntries).Outcomes.Select(o => o.Record!).Single(r => r.Id.Value == "2005.14124");

        Assert.Equal(2, paper.Version);
        Assert.Equal(
            [
                new PaperVersion(1, new DateTimeOffset(2020, 5, 28, 16, 19, 50, TimeSpan.Zero)),
                new PaperVersion(2, new DateTimeOffset(2020, 7, 16, 8, 15, 48, TimeSpan.Zero)),
            ],
            paper.Versions);
        Assert.Equal(["cs.SE", "cs.CR", "cs.LG"], paper.Categories);
    }

    [Fact]
    public void AnOldStyleIdLookupHasAffiliationsAndAJournalReference()
    {
        var paper = Assert.Single(ReadFile(Current("id_astro-ph_0601001_s0_m100_3150dca9dc76.xml")).Outcomes).Record!;

        Assert.Equal("astro-ph/0601001", paper.Id.Value);
        Assert.Equal(1, paper.Version);
        Assert.Equal(
            [
                new AuthorName("Andrew Gould", "Ohio State"), new AuthorName("Susan Dorsher", "Ohio State"),
                new AuthorName("B. Scott Gaudi", "CfA"), new AuthorName("Andrzej Udalski", "Warsaw University Observatory"),
            ],
            paper.Authors);
        Assert.Equal("ActaAstron.56:1-50,2006", paper.JournalRef);
        Assert.Equal(["astro-ph"], paper.Categories);
        Assert.Contains("V_max<17.5", paper.Abstract, StringComparison.Ordinal);
        Assert.StartsWith("62 pages including 16 figures and 9 tables.", paper.Comments, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePrimaryCategoryComesFirst()
    {
        var paper = Assert.Single(ReadFile(Current("id_quant-ph_0201082v1_s0_m100_86989fe779ef.xml")).Outcomes).Record!;

        Assert.Equal("quant-ph/0201082", paper.Id.Value);
        Assert.Equal(["quant-ph", "cs.PL"], paper.Categories);
        Assert.Equal("32 pages", paper.Comments);
    }

    [Fact]
    public void TheOldSerializerIsReadToo()
    {
        var path = Old("id_list=1111.2011v2.xml");
        var (outcomes, feed) = ReadFile(path);

        var paper = Assert.Single(outcomes).Record!;
        Assert.Equal("1111.2011", paper.Id.Value);
        Assert.Equal(2, paper.Version);
        Assert.Equal("Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit", paper.Title);
        Assert.Equal(["James M. Murray", "Adrian Del Maestro", "Zlatko Tesanovic"], paper.Authors.Select(a => a.Name));
        Assert.Equal(["cond-mat.str-el", "cond-mat.stat-mech"], paper.Categories);
        Assert.Equal("10.1103/PhysRevB.85.115117", paper.Doi);
        Assert.Equal("Phys. Rev. B 85, 115117 (2012)", paper.JournalRef);
        Assert.Equal("8 pages, 3 figures. Published version", paper.Comments);
        Assert.Equal(
            [
                new PaperVersion(1, new DateTimeOffset(2011, 11, 8, 18, 48, 36, TimeSpan.Zero)),
                new PaperVersion(2, new DateTimeOffset(2012, 4, 2, 12, 38, 54, TimeSpan.Zero)),
            ],
            paper.Versions);
        // The old serializer hard-wraps the summary; the record has one paragraph.
        Assert.DoesNotContain('\n', paper.Abstract!);
        Assert.StartsWith("Theoretical description of anisotropic systems, such as layered superconductors", paper.Abstract,
            StringComparison.Ordinal);
        Assert.Equal(10, paper.Source.Line);
        Assert.Equal((1L, 0L, 10L), (feed.TotalResults, feed.StartIndex, feed.ItemsPerPage));
        Assert.Equal(new DateTimeOffset(2016, 10, 9, 4, 0, 0, TimeSpan.Zero), feed.Updated);
    }

    [Theory]
    [InlineData("search_query=au_del_maestro.xml", 10, 31)]
    [InlineData("search_query=au_del_maestro_ANDNOT__28ti_checkerboard_OR_ti_Pyrochlore_29.xml", 10, 24)]
    [InlineData("search_query=au_del_maestro_AND_ti__quantum_criticality_.xml", 2, 2)]
    [InlineData("search_query=au_del_maestro_AND_ti_checkerboard.xml", 1, 1)]
    public void EveryOldSerializerSearchIsReadWholeWithTheAuthorItAskedFor(string file, int entries, long total)
    {
        var (outcomes, feed) = ReadFile(Old(file));

        Assert.Equal(entries, outcomes.Count);
        // As each paper names him: "Adrian Del Maestro" or "A. Del Maestro".
        Assert.All(outcomes, o => Assert.Contains(o.Record!.Authors, a => a.Name.EndsWith(" Del Maestro", StringComparison.Ordinal)));
        Assert.All(outcomes, o => Assert.DoesNotContain('\n', o.Record!.Title));
        Assert.Equal(total, feed.TotalResults);
    }

    [Theory]
    [InlineData("q_testing_s0_m10_bc5a6c384fe9.xml", 0)]
    [InlineData("q_testing_s5_m10_c0e94a259d4a.xml", 5)]
    [InlineData("q_testing_s10_m10_34e56e15aaac.xml", 10)]
    [InlineData("q_testing_s20_m10_348a237fecab.xml", 20)]
    [InlineData("q_testing_s30_m10_f2e39f0143dc.xml", 30)]
    [InlineData("q_testing_s40_m10_96dd32eb854c.xml", 40)]
    [InlineData("q_testing_s50_m10_7f488ab8598c.xml", 50)]
    [InlineData("q_testing_s0_m15_80c242b59d59.xml", 0)]
    [InlineData("q_testing_s5_m15_bbcf6b23085b.xml", 5)]
    [InlineData("q_testing_s9_m15_0b78d4b4d476.xml", 9)]
    public void EachPageOfThePagingSeriesIsTheSliceOfTheHundredEntryPageItsStartSays(string file, int start)
    {
        var hundred = ReadFile(HundredEntries).Outcomes.Select(o => o.Record!.Id.Value).ToList();

        var (outcomes, feed) = ReadFile(Current(file));

        Assert.Equal(start, feed.StartIndex);
        Assert.Equal(hundred.Skip(start).Take(outcomes.Count), outcomes.Select(o => o.Record!.Id.Value));
        Assert.Equal(feed.ItemsPerPage, outcomes.Count);
    }

    [Fact]
    public void AnErrorFeedIsOneRejectionWithArxivsMessage()
    {
        var path = Current("id_abc_s0_m100_b79c8dcf6bc3.xml");

        var (outcomes, feed) = ReadFile(path);

        var rejection = Assert.Single(outcomes).Rejection!;
        Assert.Equal(new SourceLocation(path, 9, "arxiv-atom"), rejection.Location);
        Assert.Equal("the arXiv API answered with an error, not a paper: incorrect id format for abc " +
            "(https://arxiv.org/api/errors#incorrect_id_format_for_abc)", rejection.Reason);
        Assert.Equal([new ArxivAtomError("incorrect id format for abc", "https://arxiv.org/api/errors#incorrect_id_format_for_abc", 9)],
            feed.Errors);
    }

    [Theory]
    [InlineData("id_0000.0000_s0_m100_8b51d9633a68.xml")]
    [InlineData("id_0808.05394_s0_m100_7b0c7d0a7cdd.xml")]
    public void AnEmptyFeedYieldsNothingAndSaysNothingMatched(string file)
    {
        var (outcomes, feed) = ReadFile(Current(file));

        Assert.Empty(outcomes);
        Assert.Equal(0, feed.TotalResults);
        Assert.True(feed.Complete);
    }

    [Fact]
    public void ATruncatedFeedYieldsTheEntriesBeforeTheCutThenOneRejection()
    {
        // Generated: the real hundred-entry page cut in the middle.
        var text = File.ReadAllText(HundredEntries);

        var (outcomes, feed) = ReadText(text[..(text.Length / 2)]);

        var entries = outcomes.TakeWhile(o => o.Record is not null).Count();
        Assert.InRange(entries, 40, 60);
        Assert.Equal(entries + 1, outcomes.Count);
        Assert.Contains("the XML is damaged", outcomes[^1].Rejection!.Reason, StringComparison.Ordinal);
        Assert.False(feed.Complete);
    }

    [Fact]
    public void AnEntryWithoutAnIdOrWithABadOneIsRejectedAndTheOthersAreRead()
    {
        // Generated: the real two-entry old-serializer search with the first entry's id removed, and its second
        // entry's id made invalid.
        var text = File.ReadAllText(Old("search_query=au_del_maestro_AND_ti__quantum_criticality_.xml"));
        var ids = Regex.Matches(text, "<id>http://arxiv.org/abs/[^<]*</id>").Select(m => m.Value).ToList();
        var broken = text.Replace(ids[0], "", StringComparison.Ordinal).Replace(ids[1], "<id>http://arxiv.org/abs/1111.20</id>", StringComparison.Ordinal);

        var outcomes = ReadText(broken + "\n").Outcomes;

        Assert.Equal(2, outcomes.Count);
        Assert.Equal("the entry has no <id>, so no arXiv id", outcomes[0].Rejection!.Reason);
        Assert.Contains("invalid arXiv id", outcomes[1].Rejection!.Reason, StringComparison.Ordinal);
        Assert.True(outcomes[0].Rejection!.Location.Line < outcomes[1].Rejection!.Location.Line);
    }

    [Fact]
    public void AFileThatIsNotAnAtomFeedIsOneRejection()
    {
        var outcomes = ReadFile(SharedData.Path("arxiv-oai-pmh", "mikesaelim_arXivOAIHarvester", "GetRecordResponse.xml")).Outcomes;

        Assert.Contains("not an Atom <feed>", Assert.Single(outcomes).Rejection!.Reason, StringComparison.Ordinal);
    }
}
