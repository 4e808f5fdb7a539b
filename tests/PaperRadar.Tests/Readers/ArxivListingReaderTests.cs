using System.Text;
using PaperRadar.Core.IO;
using PaperRadar.Core.Model;
using PaperRadar.Core.Readers;

namespace PaperRadar.Tests.Readers;

/// <summary>
/// arXiv listings in ../shared/data/arxiv-listings: the 220 astro-ph files (monthly listings 1992–2023 and the
/// per-day new/pastweek mailings of March 2023) and the math/q-fin mailings. Field values below were read off the
/// files by eye. Broken records are real ones altered here, since the real files hold none.
/// </summary>
public sealed class ArxivListingReaderTests
{
    private static readonly string AstroPh = SharedData.Path("arxiv-listings", "astro-ph", "listings");

    [Fact]
    public void AllAstroPhListingsReadWithEveryRecordAtItsIdLine()
    {
        var files = Directory.GetFiles(AstroPh, "*.gz");
        var accepted = 0;
        var ids = new HashSet<ArxivId>();
        var rejections = new List<Rejection>();
        var paperOrArxivLines = 0;
        var distinctPaperOrArxivLines = new HashSet<string>(StringComparer.Ordinal);
        var oldCrossListingLines = 0;

        foreach (var file in files)
        {
            var lines = RawLines(file);
            foreach (var outcome in Read(file))
            {
                if (outcome.Record is not { } record)
                {
                    rejections.Add(outcome.Rejection!);
                    continue;
                }
                accepted++;
                ids.Add(record.Id.Arxiv!.Value);
                var idLine = lines[(int)record.Source.Line - 1];
                Assert.True(idLine.StartsWith("Paper", StringComparison.Ordinal) ||
                            idLine.StartsWith("arXiv:", StringComparison.Ordinal), $"{record.Source}: {idLine}");
                Assert.Contains(record.Id.Value[(record.Id.Value.IndexOf('/', StringComparison.Ordinal) + 1)..], idLine,
                    StringComparison.Ordinal);
            }
            foreach (var line in lines)
            {
                if (line.StartsWith("Paper:", StringComparison.Ordinal) || line.StartsWith("arXiv:", StringComparison.Ordinal))
                {
                    paperOrArxivLines++;
                    distinctPaperOrArxivLines.Add(line.TrimEnd());
                }
                else if (line.StartsWith("Paper (*cross-listing*):", StringComparison.Ordinal))
                {
                    oldCrossListingLines++;
                }
            }
        }

        Assert.Equal(220, files.Length);
        Assert.Empty(rejections);
        Assert.Equal(144_272, accepted);
        Assert.Equal(143_283, ids.Count);
        // The data README's 140,167 records (139,265 distinct ids) count the lines that start with "Paper:" or
        // "arXiv:": they miss the 4,105 old-style cross-listings ("Paper (*cross-listing*): gr-qc/9912003"), which
        // are records like any other, and count "arXiv:X (*cross-listing*)" as an id apart from "arXiv:X".
        Assert.Equal(140_167, paperOrArxivLines);
        Assert.Equal(139_265, distinctPaperOrArxivLines.Count);
        Assert.Equal(4_105, oldCrossListingLines);
        Assert.Equal(accepted, paperOrArxivLines + oldCrossListingLines);
    }

    [Fact]
    public void RevisedRecordHasEveryVersionAndIsAsOfTheLatest()
    {
        var record = Record("0001.gz", "astro-ph/0001003");

        Assert.Equal(39, record.Source.Line);
        Assert.Equal(ArxivListingReader.FormatName, record.Source.Format);
        Assert.Equal("Dark Halo and Disk Galaxy Scaling Laws in Hierarchical Universes", record.Title);
        Assert.Equal(
            [new AuthorName("Julio F. Navarro", "University of Victoria"), new AuthorName("Matthias Steinmetz", "University of Arizona")],
            record.Authors);
        Assert.Equal("Matthias Steinmetz", record.Submitter);
        Assert.Equal(["astro-ph"], record.Categories);
        Assert.Equal("submitted to The Astrophysical Journal", record.Comments);
        Assert.Equal(
            [new PaperVersion(1, Utc(2000, 1, 2, 1, 9, 29), "193kb"), new PaperVersion(2, Utc(2000, 1, 4, 21, 59, 55), "193kb")],
            record.Versions);
        Assert.Equal(2, record.Version);
        Assert.Equal(Utc(2000, 1, 4, 21, 59, 55), record.AsOf);
        Assert.Empty(record.ListedOn);   // a monthly listing has no listing day
        Assert.Null(record.Abstract);
    }

    [Fact]
    public void FoldedTitleAndCommentsAreUnfolded()
    {
        var record = Record("0001.gz", "astro-ph/0001004");

        Assert.Equal("Theory of the Interaction of Planetary Nebulae with the Interstellar Medium", record.Title);
        Assert.Equal(
            "To appear in ``Asymmetrical Planetary Nebulae II: from Origins to Microstructures, '' ASP Conference " +
            "Series, Vol. 199, 2000; J.H. Kastner, N. Soker & S.A. Rappaport, eds",
            record.Comments);
        Assert.Equal([new AuthorName("Ruth Dgani")], record.Authors);
        Assert.Equal(52, record.Source.Line);
    }

    [Fact]
    public void NewStyleRecordHasJournalRefDoiAndLicense()
    {
        var record = Record("1301.gz", "1301.0010");

        Assert.Equal(3, record.Source.Line);
        Assert.Equal("The intergalactic Newtonian gravitational field and the shell theorem", record.Title);
        Assert.Equal("Zaninetti Lorenzo", record.Submitter);
        Assert.Equal([new AuthorName("L. Zaninetti")], record.Authors);
        Assert.Equal(["astro-ph.CO"], record.Categories);
        Assert.Equal("18 pages 11 figures. arXiv admin note: text overlap with arXiv:1212.6838", record.Comments);
        Assert.Equal("Serbian Astronomical Journal (2012)185, 17-23", record.JournalRef);
        Assert.Equal("10.2298/SAJ1285017Z", record.Doi);
        Assert.Equal("http://arxiv.org/licenses/nonexclusive-distrib/1.0/", record.License);
        Assert.Equal([new PaperVersion(1, Utc(2012, 12, 31, 15, 34, 28), "246kb")], record.Versions);
        Assert.Equal(1, record.Version);
    }

    [Fact]
    public void OldCrossListingKeepsItsPrimaryCategoryFirst()
    {
        var record = Record("9912.gz", "cond-mat/9912110");

        Assert.Equal(7672, record.Source.Line);
        Assert.Equal("Singularities and the distribution of density in the Burgers/adhesion model", record.Title);
        Assert.Equal(["cond-mat.stat-mech", "astro-ph", "chao-dyn", "nlin.CD"], record.Categories);
        Assert.Equal(
            [new AuthorName("U. Frisch"), new AuthorName("J. Bec"), new AuthorName("B. Villone")], record.Authors);
        Assert.Equal("Physica D vol.152-153 pp. 620-635 (2001)", record.JournalRef);
        Assert.Equal("Uriel Frisch", record.Submitter);
        Assert.Equal(2, record.Version);
        Assert.Equal(Utc(2000, 9, 26, 14, 43, 36), record.AsOf);
    }

    [Fact]
    public void UnnumberedRevisionOf1992IsTheNextVersion()
    {
        var record = Record("9204.gz", "astro-ph/9204003");

        Assert.Equal(
            [new PaperVersion(1, Utc(1992, 4, 29, 16, 36, 30), "7kb"), new PaperVersion(2, Utc(1992, 4, 30, 20, 39, 38))],
            record.Versions);
        Assert.Equal(2, record.Version);
        Assert.Equal("The Ptolemaic Gamma-Ray Burst Universe", record.Title);
        Assert.Equal("10 pages (Replaced to provide omitted line.)", record.Comments);
    }

    [Fact]
    public void CollaborationListWithUndefinedLabelsHasNoAffiliations()
    {
        var record = Record("1409.gz", "1409.5594");

        Assert.Equal("The major upgrade of the MAGIC telescopes, Part II: A performance study using observations " +
                     "of the Crab Nebula", record.Title);
        Assert.Equal(3, record.Version);
        Assert.Equal(Utc(2015, 2, 20, 9, 2, 0), record.AsOf);
        Assert.Equal(new AuthorName("MAGIC Collaboration"), record.Authors[0]);
        Assert.Equal(new AuthorName("J. Aleksic"), record.Authors[1]);
        // "(a)", "(b)": the definitions were cut off with "et al. (118 additional authors not shown)".
        Assert.All(record.Authors, author => Assert.Null(author.Affiliation));
        Assert.Equal(new AuthorName("L. Font"), record.Authors[^1]);
    }

    [Fact]
    public void DailyMailingGivesTheListingDayAndTheAbstract()
    {
        var record = Record("new.gz", "2303.00763");

        Assert.Equal(14, record.Source.Line);
        Assert.Equal([new DateOnly(2023, 3, 3)], record.ListedOn);   // the mailing's "Date: Fri,  3 Mar 23 01:29:12 GMT"
        Assert.Equal("Census of Gaseous Satellites around Local Spiral Galaxies", record.Title);
        Assert.Equal([new AuthorName("Jingyao Zhu"), new AuthorName("Mary E Putman")], record.Authors);
        Assert.Null(record.Submitter);   // mailings carry no From: line
        Assert.Equal("18 pages, 13 figures, accepted by MNRAS", record.Comments);
        Assert.Equal([new PaperVersion(1, Utc(2023, 3, 1, 19, 0, 2), "3197kb")], record.Versions);
        Assert.Equal(Utc(2023, 3, 1, 19, 0, 2), record.AsOf);
        Assert.NotNull(record.Abstract);
        Assert.StartsWith("We present a search for gas-containing dwarf galaxies as satellite systems around nearby spiral " +
                          "galaxies using 21 cm neutral hydrogen", record.Abstract);
        Assert.EndsWith("such as ram pressure stripping by the host halo, is likely at play.", record.Abstract);
        Assert.DoesNotContain("https://arxiv.org/abs", record.Abstract, StringComparison.Ordinal);
    }

    [Fact]
    public void ReplacementHasItsDateButNoVersionNumber()
    {
        var record = Record("new.gz", "2104.03145");

        Assert.Equal(1817, record.Source.Line);
        Assert.Equal("Isotropic X-ray bound on Primordial Black Hole Dark Matter", record.Title);
        Assert.Null(record.Version);
        Assert.Empty(record.Versions);
        Assert.Equal(Utc(2023, 3, 2, 11, 0, 13), record.AsOf);
        Assert.Equal("LAPTH-014/21", record.ReportNo);
        Assert.Equal("Phys. Rev. D 103, 103025 (2021)", record.JournalRef);
        Assert.Equal("10.1103/PhysRevD.103.103025", record.Doi);
        Assert.Equal("10 pages, 14 figures Clarification added and a software output interpretation mistake " +
                     "corrected; only minor changes to the results", record.Comments);
        Assert.Null(record.Abstract);
        Assert.Equal([new DateOnly(2023, 3, 3)], record.ListedOn);
    }

    [Fact]
    public void PastWeekMailingListsEachRecordOnTheDayAboveIt()
    {
        var records = Read(Path.Combine(AstroPh, "pastweek.gz")).Select(o => o.Record!).ToList();

        var friday = records.Single(r => r.Id.Value == "2303.01496");
        Assert.Equal([new DateOnly(2023, 3, 3)], friday.ListedOn);
        Assert.Equal(7, friday.Source.Line);
        var thursday = records.Single(r => r.Id.Value == "2303.00751");
        Assert.Equal([new DateOnly(2023, 3, 2)], thursday.ListedOn);
        Assert.Equal(836, thursday.Source.Line);
        Assert.Equal("All comments are welcome. Submitted to ApJ. (16 pages, 10 figures, 2 tables)", thursday.Comments);
        Assert.Equal(320, records.Count);
        Assert.Equal(
            [new DateOnly(2023, 2, 27), new DateOnly(2023, 2, 28), new DateOnly(2023, 3, 1), new DateOnly(2023, 3, 2), new DateOnly(2023, 3, 3)],
            records.Select(r => r.ListedOn.Single()).Distinct().Order());
    }

    [Fact]
    public void LatinOneFromLineLosesOnlyTheSubmitter()
    {
        var record = Record("0803.gz", "0803.2235");

        Assert.Null(record.Submitter);
        Assert.Equal("On the distribution of stellar masses in gamma-ray burst host galaxies", record.Title);
        Assert.Equal(3, record.Version);
        Assert.Equal(8, record.Authors.Count);
        Assert.Equal(new AuthorName("D. Malesani", "Dark Cosmology Centre (NBI) Copenhagen"), record.Authors[3]);
    }

    [Fact]
    public void MathMailingCrossListingHasItsAbstractAndDay()
    {
        var outcomes = Read(SharedData.Path("arxiv-listings", "math", "listings", "new.AG.gz"));

        Assert.All(outcomes, o => Assert.NotNull(o.Record));
        var fake = outcomes[0].Record!;
        Assert.Equal("2306.77777", fake.Id.Value);
        Assert.Equal(18, fake.Source.Line);
        Assert.Equal(["math.GR", "math.DS", "math.AG"], fake.Categories);
        Assert.Equal([new DateOnly(2023, 6, 9)], fake.ListedOn);
        Assert.StartsWith("Fake test paper theoretically about: In this paper we exhibit", fake.Abstract);
        Assert.EndsWith("uniqueness theorem for sofic approximations.", fake.Abstract);
        var replaced = outcomes[1].Record!;
        Assert.Equal("2204.88888", replaced.Id.Value);
        Assert.Equal(Utc(2023, 6, 8, 8, 3, 26), replaced.AsOf);
        Assert.Equal(2, outcomes.Count);
    }

    [Fact]
    public void WrongWeekdayAndMissingFinalNewlineAreTolerated()
    {
        // "Thu, 7 Mar 2021" was a Sunday; the file ends in "\\----" without a newline.
        var outcomes = Read(SharedData.Path("arxiv-listings", "math", "listings", "2103.gz"));

        var record = Assert.Single(outcomes).Record!;
        Assert.Equal("2103.88888", record.Id.Value);
        Assert.Equal("The Peculiar Balmer Line Profiles of Made Up Papers", record.Title);
        Assert.Equal([new PaperVersion(1, Utc(2021, 3, 7, 17, 29, 20), "23kb")], record.Versions);
        Assert.Equal("28 pages + tables and figures available upon request, Latex, No preprint number", record.Comments);
    }

    [Fact]
    public void InvalidIdIsRejectedAtItsLineAndTheRestIsRead()
    {
        var lines = FirstRecordsOf0001();
        Assert.Equal("Paper: astro-ph/0001002", lines[25]);
        lines[25] = "Paper: astro-ph/0001x02";

        var outcomes = ReadText(lines);

        Assert.Equal(["astro-ph/0001001", null, "astro-ph/0001003", "astro-ph/0001004"], outcomes.Select(o => o.Record?.Id.Value));
        var rejection = outcomes[1].Rejection!;
        Assert.Equal(26, rejection.Location.Line);
        Assert.Contains("invalid arXiv id", rejection.Reason, StringComparison.Ordinal);
        Assert.Contains("0001x02", rejection.Reason, StringComparison.Ordinal);
        Assert.Equal([11L, 39L, 52L], new[] { outcomes[0], outcomes[2], outcomes[3] }.Select(o => o.Record!.Source.Line));
    }

    [Fact]
    public void RecordWithoutTitleIsRejectedAtItsIdLine()
    {
        var lines = FirstRecordsOf0001();
        Assert.StartsWith("Title: On the inverse Compton", lines[29], StringComparison.Ordinal);
        lines.RemoveAt(29);

        var outcomes = ReadText(lines);

        Assert.Equal(["astro-ph/0001001", null, "astro-ph/0001003", "astro-ph/0001004"], outcomes.Select(o => o.Record?.Id.Value));
        Assert.Equal(26, outcomes[1].Rejection!.Location.Line);
        Assert.Equal("astro-ph/0001002 has no title", outcomes[1].Rejection!.Reason);
        Assert.Equal(38, outcomes[2].Record!.Source.Line);
    }

    [Fact]
    public void RecordWithoutIdLineIsRejectedAtItsFirstField()
    {
        var lines = FirstRecordsOf0001();
        lines.RemoveAt(25);

        var outcomes = ReadText(lines);

        Assert.Equal(["astro-ph/0001001", null, "astro-ph/0001003", "astro-ph/0001004"], outcomes.Select(o => o.Record?.Id.Value));
        var rejection = outcomes[1].Rejection!;
        Assert.Equal(26, rejection.Location.Line);
        Assert.Contains("no arXiv id", rejection.Reason, StringComparison.Ordinal);
        Assert.StartsWith("From: Renxin Xu", rejection.Excerpt, StringComparison.Ordinal);
    }

    [Fact]
    public void UnreadableTitleLineRejectsTheRecordAndSaysWhy()
    {
        var lines = FirstRecordsOf0001();
        var bytes = new List<byte>();
        for (var i = 0; i < lines.Count; i++)
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(lines[i]));
            if (i == 29)
            {
                bytes.Add(0xE9);   // a Latin-1 é
            }
            bytes.Add((byte)'\n');
        }

        var outcomes = new ArxivListingReader().Read(new MemoryStream([.. bytes]), "0001-damaged").ToList();

        Assert.Equal(["astro-ph/0001001", null, "astro-ph/0001003", "astro-ph/0001004"], outcomes.Select(o => o.Record?.Id.Value));
        Assert.Equal(26, outcomes[1].Rejection!.Location.Line);
        Assert.Contains("has no title; line 30 could not be read (invalid UTF-8", outcomes[1].Rejection!.Reason,
            StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedGzipEndsWithARejectionAfterTheIntactRecords()
    {
        var path = Path.Combine(AstroPh, "0001.gz");
        var bytes = File.ReadAllBytes(path);
        var cut = Path.Combine(Path.GetTempPath(), $"paperradar-cut-{Guid.NewGuid():N}.gz");
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        try
        {
            var outcomes = Read(cut);

            Assert.True(outcomes.Count > 100);
            Assert.All(outcomes[..^1], o => Assert.NotNull(o.Record));
            var last = outcomes[^1].Rejection;
            Assert.NotNull(last);
            Assert.Equal(cut, last.Location.File);
        }
        finally
        {
            File.Delete(cut);
        }
    }

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute, int second) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    private static List<ReadOutcome> Read(string path)
    {
        using var stream = SourceFile.Open(path);
        return new ArxivListingReader().Read(stream, path).ToList();
    }

    private static List<ReadOutcome> ReadText(List<string> lines) =>
        new ArxivListingReader().Read(new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n")), "0001-altered")
            .ToList();

    private static PaperRecord Record(string file, string id) =>
        Read(Path.Combine(AstroPh, file)).Select(o => o.Record).Single(r => r?.Id.Value == id)!;

    private static List<string> RawLines(string path)
    {
        using var stream = SourceFile.Open(path);
        return new LineReader().ReadLines(stream).Select(l => l.Text ?? "").ToList();
    }

    /// <summary>The preamble and first four records of the real January 2000 listing (lines 1–64).</summary>
    private static List<string> FirstRecordsOf0001()
    {
        var lines = RawLines(Path.Combine(AstroPh, "0001.gz"));
        var end = lines.IndexOf("Paper: astro-ph/0001005") - 1;
        return lines[..end];
    }
}
