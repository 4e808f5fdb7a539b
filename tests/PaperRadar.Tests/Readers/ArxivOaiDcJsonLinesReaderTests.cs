using System.Text.Json;
using PaperRadar.Core.Model;
using PaperRadar.Core.Readers;

namespace PaperRadar.Tests.Readers;

/// <summary>
/// arXiv's oai_dc records as JSON lines, on the real 2012 corpus in ../shared/data/arxiv-oai-dc-2012 (366 day files,
/// 59,462 records; the counts per file are its records_per_file.json). Broken lines are generated here around real
/// ones, since the real files have none.
/// </summary>
public sealed class ArxivOaiDcJsonLinesReaderTests
{
    private static string Day(string day) => SharedData.Path("arxiv-oai-dc-2012", "2012", $"{day}.json.gz");

    private static List<ReadOutcome> ReadDay(string day) => ReaderRuns.ReadFile(new ArxivOaiDcJsonLinesReader(), Day(day));

    private static PaperRecord Record(string day, string id) =>
        ReadDay(day).Select(o => o.Record).Single(r => r?.Id.Value == id)!;

    [Fact]
    public void EveryDayFileYieldsTheRecordsItsCountSaysAndEveryRecordIsAccepted()
    {
        var expected = JsonSerializer.Deserialize<Dictionary<string, int>>(
            File.ReadAllText(SharedData.Path("arxiv-oai-dc-2012", "records_per_file.json")))!;
        var ids = new HashSet<ArxivId>();
        var withoutCategory = 0;

        foreach (var (file, count) in expected)
        {
            var outcomes = ReaderRuns.ReadFile(new ArxivOaiDcJsonLinesReader(), SharedData.Path("arxiv-oai-dc-2012", "2012", file));

            Assert.True(count == outcomes.Count, $"{file}: {outcomes.Count} records read, {count} expected");
            Assert.All(outcomes, o => Assert.True(o.Rejection is null, o.Rejection?.ToString()));
            Assert.Equal(Enumerable.Range(1, count).Select(n => (long)n), outcomes.Select(o => o.Record!.Source.Line));
            ids.UnionWith(outcomes.Select(o => o.Record!.Id.Arxiv!.Value));
            withoutCategory += outcomes.Count(o => o.Record!.Categories.Count == 0);
        }

        Assert.Equal(366, expected.Count);
        Assert.Equal(59_462, expected.Values.Sum());
        Assert.Equal(59_462, ids.Count);
        Assert.Equal(3_112, ids.Count(id => id.IsOldStyle));
        // Every subject that names a category is one this reader knows.
        Assert.Equal(0, withoutCategory);
    }

    [Fact]
    public void FirstRecordOfTheThirdOfJanuaryIsReadFieldByField()
    {
        var paper = ReadDay("2012-01-03")[0].Record!;

        Assert.Equal(ArxivId.Parse("1103.5109"), paper.Id);
        Assert.Equal("Constraints from Unrealistic Vacua in the Next-to-Minimal Supersymmetric Standard Model", paper.Title);
        // arXiv's creators are "Keyname, Forenames"; records name authors forenames first, as every format does.
        Assert.Equal(["Yoshimi Kanehata", "Tatsuo Kobayashi", "Yasufumi Konishi", "Osamu Seto", "Takashi Shimomura"],
            paper.Authors.Select(a => a.Name));
        Assert.All(paper.Authors, a => Assert.Null(a.Affiliation));
        Assert.Equal(["hep-ph"], paper.Categories);
        Assert.Equal("Prog. Theor. Phys. 126 (2011), 1051-1076", paper.JournalRef);
        Assert.Equal("10.1143/PTP.126.1051", paper.Doi);
        Assert.Equal("25 pages, 4 figures", paper.Comments);
        Assert.StartsWith("We study constraints to avoid deep unrealistic minima in the next-to-minimal supersymmetric",
            paper.Abstract, StringComparison.Ordinal);
        Assert.EndsWith("especially large \\lambda, is ruled out by our constraints.", paper.Abstract, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', paper.Abstract!);
        // One date: the paper has one version, submitted that day.
        Assert.Equal(1, paper.Version);
        Assert.Equal([new PaperVersion(1, new DateTimeOffset(2011, 3, 26, 0, 0, 0, TimeSpan.Zero))], paper.Versions);
        Assert.Equal(new DateTimeOffset(2011, 3, 26, 0, 0, 0, TimeSpan.Zero), paper.AsOf);
        Assert.Null(paper.MscClass);
        Assert.Null(paper.AcmClass);
        Assert.Empty(paper.ListedOn);
        Assert.Equal(new SourceLocation(Day("2012-01-03"), 1, "arxiv-oai-dc-jsonl"), paper.Source);
    }

    [Fact]
    public void ARevisedPaperKeepsItsFirstVersionsDayAndIsAsOfItsLatestVersionsDay()
    {
        // 1105.0242 has the dates 2011-05-02 and 2011-12-13: v1, and its latest version, whose number oai_dc omits.
        var paper = Record("2012-01-03", "1105.0242");

        Assert.Null(paper.Version);
        Assert.Equal([new PaperVersion(1, new DateTimeOffset(2011, 5, 2, 0, 0, 0, TimeSpan.Zero))], paper.Versions);
        Assert.Equal(new DateTimeOffset(2011, 12, 13, 0, 0, 0, TimeSpan.Zero), paper.AsOf);
        Assert.Equal(["nucl-th", "nucl-ex", "physics.soc-ph"], paper.Categories);
        Assert.Equal(["T. Matsui"], paper.Authors.Select(a => a.Name));
        Assert.StartsWith("12 pages, 6 figures. Updated version of the article with the same title uploaded on this arXiv",
            paper.Comments, StringComparison.Ordinal);
    }

    [Fact]
    public void SubjectNamesBecomeCategoryCodesAndMscAndAcmClassesGoToTheirOwnFields()
    {
        // 1007.1324's subjects: two category names, its MSC line and three ACM classes, one subject each.
        var paper = Record("2012-01-04", "1007.1324");

        Assert.Equal(["cs.LO", "math.LO"], paper.Categories);
        Assert.Equal("03B47, 03B70, 68Q10, 68T27, 68T15", paper.MscClass);
        Assert.Equal("F.1.1; F.1.2; F.1.3", paper.AcmClass);
        Assert.Equal("Separating the basic logics of the basic recurrences", paper.Title);
    }

    [Fact]
    public void OldStyleIdsAreReadWithEveryDoiAndTheJournalReference()
    {
        var paper = Record("2012-01-17", "math/0405303");

        Assert.True(paper.Id.Arxiv!.Value.IsOldStyle);
        Assert.Equal(["math.AG", "hep-th", "math.DG"], paper.Categories);
        Assert.Equal("14J32, 14J81, 53D05", paper.MscClass);
        Assert.Equal("10.1016/j.geomphys.2005.03.004 10.1016/j.geomphys.2005.04.020", paper.Doi);
        Assert.Equal("J.Geom.Phys. 56 (2006) 533-558, J.Geom.Phys. 56 (2006) 1096--1115", paper.JournalRef);
        Assert.Equal(["Oren Ben-Bassat"], paper.Authors.Select(a => a.Name));
        Assert.Null(paper.Version);
        Assert.Equal(new DateTimeOffset(2004, 12, 28, 0, 0, 0, TimeSpan.Zero), paper.AsOf);
    }

    [Fact]
    public void RepeatedDoisAreKeptOnceAndTheSemicolonArxivLeftOnOneIsDropped()
    {
        Assert.Equal("10.5120/5056-7374", Record("2012-03-02", "1203.0231").Doi);
        Assert.Equal("10.1016/j.jalgebra.2007.08.023 10.1016/j.jalgebra.2007.11.028", Record("2012-01-27", "math/0607529").Doi);
    }

    [Fact]
    public void NamesWithASuffixAreTurnedAroundAndTexAccentsAreDecoded()
    {
        // "Heath, Jr., Robert W." is Keyname, Suffix, Forenames.
        Assert.Equal(["Caleb K. Lo", "Robert W. Heath Jr.", "Sriram Vishwanath"],
            Record("2012-08-27", "0704.0802").Authors.Select(a => a.Name));
        Assert.Equal("Erdélyi-Kober Fractional Diffusion", Record("2012-01-04", "1112.0890").Title);
        // Already Unicode in the data: "Böhm, Gabriella".
        Assert.Equal(["Gabriella Böhm", "Tomasz Brzezinski"], Record("2012-01-27", "math/0607529").Authors.Select(a => a.Name));
    }

    [Fact]
    public void DamagedLinesAreRejectedWithTheirLineAndReasonAndTheOtherLinesAreRead()
    {
        // Generated failure cases between real lines of 2012-01-03.
        var real = RealLines("2012-01-03.json.gz");
        var outcomes = ReaderRuns.ReadLines(new ArxivOaiDcJsonLinesReader(), "/data/2012-01-03.json",
            real[0],                                                           // 1
            real[1][..(real[1].Length / 2)],                                   // 2: cut short
            """["", {"title": ["No id"], "identifier": [], "creator": []}]""", // 3: no id, no abs URL
            """{"id": "1103.5109", "title": ["An object"]}""",                 // 4: an object, not [id, {...}]
            """["1201.0001"]""",                                               // 5: no fields
            """["1201.0002", {"title": ["x"], "date": ["2 Jan 2012"]}]""",     // 6: a date of another form
            """["1201.0003", {"creator": ["Nobody, A."]}]""",                  // 7: no title
            real[2]);                                                          // 8

        Assert.Equal(8, outcomes.Count);
        Assert.Equal(["1103.5109", "1107.0837"], new[] { outcomes[0], outcomes[7] }.Select(o => o.Record!.Id.Value));
        Assert.Equal([1L, 8L], new[] { outcomes[0], outcomes[7] }.Select(o => o.Record!.Source.Line));
        var rejections = outcomes.Skip(1).Take(6).Select(o => o.Rejection!).ToList();
        Assert.Equal([2L, 3L, 4L, 5L, 6L, 7L], rejections.Select(r => r.Location.Line));
        Assert.All(rejections, r => Assert.Equal("/data/2012-01-03.json", r.Location.File));
        Assert.Contains("invalid JSON", rejections[0].Reason, StringComparison.Ordinal);
        Assert.Contains("has no arXiv id", rejections[1].Reason, StringComparison.Ordinal);
        Assert.Contains("expected a JSON array, found Object", rejections[2].Reason, StringComparison.Ordinal);
        Assert.Contains("expected [\"<arXiv id>\", {Dublin Core fields}]", rejections[3].Reason, StringComparison.Ordinal);
        Assert.Contains("1201.0002: the date '2 Jan 2012' is not a day", rejections[4].Reason, StringComparison.Ordinal);
        Assert.Contains("1201.0003 has no title", rejections[5].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyDayFileYieldsNothing()
    {
        Assert.Empty(ReadDay("2012-01-01"));
    }

    private static string[] RealLines(string name) =>
        RealDaily.Lines(SharedData.Path("arxiv-oai-dc-2012", "2012", name));
}
