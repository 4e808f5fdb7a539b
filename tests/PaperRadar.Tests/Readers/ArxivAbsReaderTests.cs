using System.Text;
using PaperRadar.Core.IO;
using PaperRadar.Core.Model;
using PaperRadar.Core.Readers;
using PaperRadar.Core.Text;

namespace PaperRadar.Tests.Readers;

/// <summary>
/// arXiv's per-paper .abs files in ../shared/data/arxiv-abs: current versions under ftp/, superseded ones under orig/.
/// Field values below were read off the files by eye.
/// </summary>
public sealed class ArxivAbsReaderTests
{
    private static readonly string AbsRoot = SharedData.Path("arxiv-abs");

    [Fact]
    public void EveryAbsFileIsReadAsTheRecordItsNameSays()
    {
        var files = Directory.GetFiles(AbsRoot, "*.abs", SearchOption.AllDirectories);
        var accepted = new List<PaperRecord>();
        var rejections = new List<Rejection>();
        var misnamed = new List<string>();

        foreach (var file in files)
        {
            var outcomes = Read(file);
            Assert.Single(outcomes);
            if (outcomes[0].Record is not { } record)
            {
                rejections.Add(outcomes[0].Rejection!);
                continue;
            }
            accepted.Add(record);
            var (id, version) = IdFromPath(file);
            if (id != record.Id.Value)
            {
                misnamed.Add($"{id} holds {record.Id}");
            }
            if (version is not null)
            {
                Assert.Equal(version, record.Version);   // orig/<id>vN.abs describes version N
            }
            Assert.Equal(3, record.Source.Line);   // the arXiv: line, after the rule and the \\
            Assert.NotNull(record.Abstract);
            Assert.NotEmpty(record.Versions);
            Assert.Empty(record.ListedOn);
        }

        Assert.Equal(1_192, files.Length);
        Assert.Equal(1_191, accepted.Count);
        // The one file that is not a record: math-ph/0509037.abs is empty in the data.
        var empty = Assert.Single(rejections);
        Assert.EndsWith(Path.Combine("math-ph", "papers", "0509", "0509037.abs"), empty.Location.File, StringComparison.Ordinal);
        Assert.Contains("holds no record", empty.Reason, StringComparison.Ordinal);
        Assert.Equal(1_130, accepted.Select(r => r.Id).Distinct().Count());
        // A quirk of the data: the file named cs/0006007 holds the record of cs/0006008 (the reader trusts the content).
        Assert.Equal(["cs/0006007 holds cs/0006008"], misnamed);
        // The deliberate fakes are well-formed records.
        Assert.Contains(accepted, r => r.Id.Value == "1208.9998" && r.Title == "Fake paper to test no source condition");
        Assert.Contains(accepted, r => r.Id.Value == "1208.9999" && r.Title == "Fake paper to test unavailable condition");
    }

    [Fact]
    public void OldStyleIdWithThreeVersionsIsReadFieldByField()
    {
        var record = ReadOne("ftp", "hep-th", "papers", "9709", "9709111.abs");

        Assert.Equal("hep-th/9709111", record.Id.Value);
        Assert.Equal(3, record.Source.Line);
        Assert.Equal(ArxivAbsReader.FormatName, record.Source.Format);
        Assert.Equal("On the effective interactions of a light gravitino with matter fermions", record.Title);
        Assert.Equal(
            [
                new AuthorName("Andrea Brignole", "CERN-TH"),
                new AuthorName("Ferruccio Feruglio", "Padua Univ."),
                new AuthorName("Fabio Zwirner", "INFN-Padua"),
            ],
            record.Authors);
        Assert.Null(record.Submitter);   // "From: <noname@example.org>" names nobody
        Assert.Equal(["hep-th", "hep-ph"], record.Categories);
        Assert.Equal("12 pages, 1 figure, plain LaTeX. An important proof added in section 5. Final version to be " +
                     "published in JHEP", record.Comments);
        Assert.Equal("CERN-TH/97-244, DFPD~97/TH/35", record.ReportNo);
        Assert.Equal("JHEP 9711:001,1997", record.JournalRef);
        Assert.Equal("10.1088/1126-6708/1997/11/001", record.Doi);
        Assert.Equal(
            [
                new PaperVersion(1, Utc(1997, 9, 16, 14, 44, 58), "11kb"),
                new PaperVersion(2, Utc(1997, 9, 23, 17, 34, 41), "11kb"),
                new PaperVersion(3, Utc(1997, 11, 3, 19, 27, 30), "14kb"),
            ],
            record.Versions);
        Assert.Equal(3, record.Version);
        Assert.Equal(Utc(1997, 11, 3, 19, 27, 30), record.AsOf);
        Assert.StartsWith("If the gravitino is light and all the other supersymmetric particles are heavy, we can consider",
            record.Abstract);
        Assert.EndsWith("on their possible phenomenological implications.", record.Abstract);
        Assert.Contains("there are no other independent couplings of this type", record.Abstract, StringComparison.Ordinal);
    }

    [Fact]
    public void SupersededVersionFromOrigIsAnOlderRecordOfTheSamePaper()
    {
        var record = ReadOne("orig", "hep-th", "papers", "9709", "9709111v1.abs");

        Assert.Equal("hep-th/9709111", record.Id.Value);
        Assert.Equal(1, record.Version);
        Assert.Equal([new PaperVersion(1, Utc(1997, 9, 16, 14, 44, 58), "11kb")], record.Versions);
        Assert.Equal("8 pages, 1 figure, plain Latex", record.Comments);
        Assert.Empty(record.Categories);   // v1's .abs has no Categories line
        Assert.Null(record.JournalRef);
        Assert.EndsWith("on the interpretation of our results and on their possible phenomenological implications.",
            record.Abstract);
    }

    [Fact]
    public void AcmClassAndSubmitterWithoutFirstName()
    {
        var record = ReadOne("ftp", "cs", "papers", "0011", "0011004.abs");

        Assert.Equal("cs/0011004", record.Id.Value);
        Assert.Equal("C.2.0", record.AcmClass);
        Assert.Equal("Mueller-Quade", record.Submitter);
        Assert.Equal([new AuthorName("J. Mueller-Quade"), new AuthorName("H. Imai")], record.Authors);
        Assert.Equal(["cs.CR"], record.Categories);
        Assert.Equal("6 pages, some things clearified, especially that a broadcast channel is not necessary", record.Comments);
        Assert.Equal(2, record.Version);
        Assert.EndsWith("inspired by a quantum protocol: the anonymous quantum channel.", record.Abstract);
    }

    [Fact]
    public void LatinOneJournalRefLineLosesOnlyThatField()
    {
        var record = ReadOne("ftp", "arxiv", "papers", "1607", "1607.08199.abs");

        Assert.Null(record.JournalRef);   // "Journal-ref: \xC9pijournal de G\xE9om\xE9trie ..." is not UTF-8
        Assert.Equal("Bridgeland Stability Conditions on Fano Threefolds", record.Title);
        Assert.Equal("http://creativecommons.org/licenses/by-sa/4.0/", record.License);
        Assert.Equal("14F05 (Primary), 14J30, 18E30 (Secondary)", record.MscClass);
        Assert.Equal(5, record.Version);
        Assert.Equal(Utc(2017, 4, 5, 18, 19, 17), record.AsOf);
        Assert.Equal([1, 2, 3, 4, 5], record.Versions.Select(v => v.Number));
        Assert.Equal("24 pages, 1 figure. Fifth version: Official version of the journal", record.Comments);
    }

    [Fact]
    public void TexLineBreakInsideTheAbstractDoesNotEndIt()
    {
        var record = ReadOne("ftp", "arxiv", "papers", "2004", "2004.02153.abs");

        Assert.Equal("When do Keller-Segel systems with heterogeneous logistic sources admit generalized solutions?",
            record.Title);
        Assert.Equal("35K55 (primary), 35D99, 35Q92, 92C17 (secondary)", record.MscClass);
        Assert.StartsWith("We construct global generalized solutions to the chemotaxis system", record.Abstract);
        Assert.Contains("Here, inter alia, the selections", record.Abstract, StringComparison.Ordinal);
        Assert.EndsWith("to exclude the possibility of collapse into a persistent Dirac distribution.", record.Abstract);
    }

    [Fact]
    public void CollaborationWithNineHundredSixtyEightAuthorsIsSplitCompletely()
    {
        var record = ReadOne("ftp", "arxiv", "papers", "2103", "2103.11058.abs");

        Assert.Equal(969, record.Authors.Count);
        Assert.Equal(new AuthorName("LHCb collaboration"), record.Authors[0]);
        Assert.Equal(new AuthorName("R. Aaij"), record.Authors[1]);
        Assert.Equal(new AuthorName(TexText.Decode(@"C. Abell\'an Beteta")), record.Authors[2]);
        Assert.Equal(new AuthorName("G. Zunica"), record.Authors[^1]);
        Assert.Equal("LHCb-PAPER-2021-001, CERN-EP-2021-036", record.ReportNo);
        Assert.Equal("http://creativecommons.org/licenses/by/4.0/", record.License);
    }

    [Fact]
    public void AbsFileWithoutIdLineIsRejected()
    {
        var text = File.ReadAllText(Path.Combine(AbsRoot, "ftp", "cs", "papers", "0011", "0011004.abs"))
            .Replace("arXiv:cs/0011004\n", "", StringComparison.Ordinal);

        var outcomes = new ArxivAbsReader().Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "0011004-no-id.abs").ToList();

        var rejection = Assert.Single(outcomes).Rejection!;
        Assert.Equal(3, rejection.Location.Line);   // its From: line, where the record starts
        Assert.Contains("no arXiv id", rejection.Reason, StringComparison.Ordinal);
    }

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute, int second) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    private static List<ReadOutcome> Read(string path)
    {
        using var stream = SourceFile.Open(path);
        return new ArxivAbsReader().Read(stream, path).ToList();
    }

    private static PaperRecord ReadOne(params string[] parts)
    {
        var outcome = Assert.Single(Read(Path.Combine([AbsRoot, .. parts])));
        Assert.Null(outcome.Rejection);
        return outcome.Record!;
    }

    /// <summary>ftp/hep-th/papers/9709/9709111.abs is hep-th/9709111; orig/.../9709111v2.abs is its version 2.</summary>
    private static (string Id, int? Version) IdFromPath(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        int? version = null;
        var v = name.LastIndexOf('v');
        if (v > 0)
        {
            version = int.Parse(name[(v + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            name = name[..v];
        }
        var archive = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(path))))!;
        return (archive == "arxiv" ? name : archive + "/" + name, version);
    }
}
