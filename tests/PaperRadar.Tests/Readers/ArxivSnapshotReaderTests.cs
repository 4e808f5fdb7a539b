using System.Text.Json.Nodes;
using PaperRadar.Core.Model;
using PaperRadar.Core.Readers;

namespace PaperRadar.Tests.Readers;

/// <summary>
/// The arXiv metadata snapshot, on the real first 200 records in ../shared/data/arxiv-snapshot. Broken inputs are
/// real records altered here, since the real file has none.
/// </summary>
public sealed class ArxivSnapshotReaderTests
{
    private static readonly string Head = SharedData.Path("arxiv-snapshot", "arxiv-metadata-oai-snapshot.head.jsonl");

    private static List<ReadOutcome> ReadHead() => ReaderRuns.ReadFile(new ArxivSnapshotReader(), Head);

    private static string[] HeadLines() => File.ReadAllLines(Head);

    [Fact]
    public void AllTwoHundredRealRecordsAreRead()
    {
        var outcomes = ReadHead();

        Assert.All(outcomes, o => Assert.Null(o.Rejection));
        Assert.Equal(200, outcomes.Count);
        Assert.Equal(200, outcomes.Select(o => o.Record!.Id).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 200).Select(n => (long)n), outcomes.Select(o => o.Record!.Source.Line));
        Assert.All(outcomes, o => Assert.NotEmpty(o.Record!.Versions));
        Assert.All(outcomes, o => Assert.NotEmpty(o.Record!.Authors));
    }

    [Fact]
    public void FirstRealRecordIsReadFieldByField()
    {
        var paper = ReadHead()[0].Record!;

        Assert.Equal(ArxivId.Parse("0704.0001"), paper.Id);
        Assert.Equal(2, paper.Version);
        Assert.Equal("Calculation of prompt diphoton production cross sections at Tevatron and LHC energies", paper.Title);
        // From authors_parsed ([last, first, suffix]); arXiv writes "C. -P." there for the "C.-P." of the paper.
        Assert.Equal(["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan"], paper.Authors.Select(a => a.Name));
        Assert.All(paper.Authors, a => Assert.Null(a.Affiliation));
        Assert.Equal(
            [
                new PaperVersion(1, new DateTimeOffset(2007, 4, 2, 19, 18, 42, TimeSpan.Zero)),
                new PaperVersion(2, new DateTimeOffset(2007, 7, 24, 20, 10, 27, TimeSpan.Zero)),
            ],
            paper.Versions);
        Assert.Equal(new DateTimeOffset(2007, 7, 24, 20, 10, 27, TimeSpan.Zero), paper.AsOf);
        Assert.Equal("10.1103/PhysRevD.76.013009", paper.Doi);
        Assert.Equal("Phys.Rev.D76:013009,2007", paper.JournalRef);
        Assert.Equal("ANL-HEP-PR-07-12", paper.ReportNo);
        Assert.Equal("37 pages, 15 figures; published version", paper.Comments);
        Assert.Equal(["hep-ph"], paper.Categories);
        Assert.Null(paper.License);
        Assert.Equal("Pavel Nadolsky", paper.Submitter);
        Assert.StartsWith("A fully differential calculation in perturbative quantum chromodynamics is presented for",
            paper.Abstract, StringComparison.Ordinal);
        Assert.EndsWith("the signal can be obtained with judicious selection of events.", paper.Abstract, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', paper.Abstract!);
        Assert.DoesNotContain("  ", paper.Abstract!, StringComparison.Ordinal);
        Assert.Empty(paper.ListedOn);
        Assert.Equal(new SourceLocation(Head, 1, "arxiv-snapshot"), paper.Source);
    }

    [Fact]
    public void CategoriesKeepThePrimaryFirstAndLicenseIsRead()
    {
        var paper = ReadHead()[1].Record!;

        Assert.Equal("0704.0002", paper.Id.Value);
        Assert.Equal(["math.CO", "cs.CG"], paper.Categories);
        Assert.Equal("http://arxiv.org/licenses/nonexclusive-distrib/1.0/", paper.License);
        Assert.Equal(["Ileana Streinu", "Louis Theran"], paper.Authors.Select(a => a.Name));
    }

    [Fact]
    public void AffiliationsFromAuthorsParsedAreWhitespaceCollapsed()
    {
        // 0704.0163: arXiv folded "Institut für Theoretische und\n  Angewandte Physik" inside authors_parsed.
        var paper = ReadHead().Select(o => o.Record!).Single(r => r.Id.Value == "0704.0163");

        Assert.Equal(["Peter Brommer", "Franz Gähler"], paper.Authors.Select(a => a.Name));
        Assert.All(paper.Authors, a => Assert.Equal(
            "Institut für Theoretische und Angewandte Physik, Universität Stuttgart", a.Affiliation));
    }

    [Fact]
    public void NumberedAffiliationLabelsAreResolvedToTheirTexts()
    {
        // 0704.0025: authors_parsed gives the labels "1 and 2" / "1 and 3"; the authors line defines them.
        var paper = ReadHead().Select(o => o.Record!).Single(r => r.Id.Value == "0704.0025");

        Assert.Equal(["A. S. Mishchenko", "N. Nagaosa"], paper.Authors.Select(a => a.Name));
        Assert.All(paper.Authors, a =>
        {
            Assert.NotNull(a.Affiliation);
            Assert.StartsWith("CREST, Japan Science and Technology Agency", a.Affiliation, StringComparison.Ordinal);
            Assert.DoesNotContain(" and 2", a.Affiliation, StringComparison.Ordinal);
        });
        Assert.Contains("Kurchatov", paper.Authors[0].Affiliation, StringComparison.Ordinal);
    }

    [Fact]
    public void FreeTextAuthorsAreTheFallbackAndTheirTexAccentsAreDecoded()
    {
        // Depends on TexText.Decode (\'a → á); authors_parsed removed from the real record to force the fallback.
        var node = JsonNode.Parse(HeadLines()[0])!;
        node.AsObject().Remove("authors_parsed");

        var record = Assert.Single(ReaderRuns.ReadLines(new ArxivSnapshotReader(), "snapshot.jsonl", node.ToJsonString())).Record;

        Assert.NotNull(record);
        Assert.Equal(["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan"], record.Authors.Select(a => a.Name));
    }

    [Fact]
    public void WithoutVersionsTheUpdateDateIsTheAsOfDate()
    {
        var node = JsonNode.Parse(HeadLines()[0])!;
        node.AsObject().Remove("versions");

        var record = Assert.Single(ReaderRuns.ReadLines(new ArxivSnapshotReader(), "snapshot.jsonl", node.ToJsonString())).Record!;

        Assert.Null(record.Version);
        Assert.Empty(record.Versions);
        Assert.Equal(new DateTimeOffset(2008, 11, 26, 0, 0, 0, TimeSpan.Zero), record.AsOf);
    }

    [Theory]
    [InlineData("bad JSON", "invalid JSON")]
    [InlineData("JSON array", "expected a JSON object, found Array")]
    [InlineData("missing id", "missing field 'id'")]
    [InlineData("short new-style id", "invalid field 'id': '2401.999' has a 3-digit number")]
    [InlineData("old-style id with month 13", "invalid field 'id': 'hep-th/9913001' has month 13")]
    [InlineData("missing title", "missing field 'title'")]
    [InlineData("free-text authors as a number", "field 'authors' should be a string, found Number")]
    [InlineData("categories as an array", "field 'categories' should be a string, found Array")]
    [InlineData("version without its label", "field 'versions' has an entry without a version like 'v1'")]
    [InlineData("version with a bad date", "field 'versions' has v1 with an unreadable date 'yesterday'")]
    public void BrokenRecordIsRejectedWithItsLineAndReasonAndTheOthersAreRead(string broken, string reason)
    {
        var lines = HeadLines().Take(3).ToArray();
        lines[1] = Break(JsonNode.Parse(lines[1])!, broken);

        var outcomes = ReaderRuns.ReadLines(new ArxivSnapshotReader(), "snapshot.jsonl", lines);

        ReaderRuns.AssertRejectedBetweenAcceptedRecords(outcomes, rejectedLine: 2, reason, expectedIds: ["0704.0001", "0704.0003"]);
    }

    private static string Break(JsonNode node, string how)
    {
        switch (how)
        {
            case "bad JSON":
                return node.ToJsonString()[..40];
            case "JSON array":
                return new JsonArray(node.DeepClone()).ToJsonString();
            case "missing id":
                node.AsObject().Remove("id");
                break;
            case "short new-style id":
                node["id"] = "2401.999";
                break;
            case "old-style id with month 13":
                node["id"] = "hep-th/9913001";
                break;
            case "missing title":
                node.AsObject().Remove("title");
                break;
            case "free-text authors as a number":
                node.AsObject().Remove("authors_parsed");
                node["authors"] = 42;
                break;
            case "categories as an array":
                node["categories"] = new JsonArray("math.CO", "cs.CG");
                break;
            case "version without its label":
                node["versions"] = new JsonArray(new JsonObject { ["created"] = "Mon, 2 Apr 2007 19:18:42 GMT" });
                break;
            case "version with a bad date":
                node["versions"] = new JsonArray(new JsonObject { ["version"] = "v1", ["created"] = "yesterday" });
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(how), how, "no such breakage");
        }
        return node.ToJsonString();
    }
}
