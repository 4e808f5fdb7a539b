using System.Text.Json;
using PaperRadar.Core.Export;
using PaperRadar.Core.Model;
using PaperRadar.Core.Readers;
using PaperRadar.Tests.Readers;

namespace PaperRadar.Tests.Export;

/// <summary>The JSON form of a paper, on a real snapshot record merged with a real daily-style record.</summary>
public sealed class PaperJsonWriterTests
{
    private static readonly string[] AllFields =
    [
        "id", "title", "authors", "abstract", "primary_category", "categories", "comments", "comment_facts",
        "journal_ref", "doi", "report_no", "license", "submitter", "msc_class", "acm_class", "year", "first_appeared",
        "latest_version", "versions", "listed_on", "abs_url", "pdf_url", "other_ids", "code_url", "community", "cited_by_count", "deleted_at_source", "sources", "field_sources",
        "novelty", "impact", "scores",
    ];

    private static Paper RealSnapshotPaper()
    {
        var path = SharedData.Path("arxiv-snapshot", "arxiv-metadata-oai-snapshot.head.jsonl");
        var record = ReaderRuns.ReadFile(new ArxivSnapshotReader(), path)[0].Record!;
        return PaperMerger.Merge([record]);
    }

    [Fact]
    public void OutputParsesAndHasEveryFieldInOrder()
    {
        var json = PaperJsonWriter.ToJson(RealSnapshotPaper());

        using var document = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        Assert.Equal(AllFields, document.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void IndentedOutputHoldsTheSameJson()
    {
        var paper = RealSnapshotPaper();

        using var compact = JsonDocument.Parse(PaperJsonWriter.ToJson(paper));
        using var indented = JsonDocument.Parse(PaperJsonWriter.ToJson(paper, indented: true));

        Assert.Contains('\n', PaperJsonWriter.ToJson(paper, indented: true));
        Assert.True(JsonElement.DeepEquals(compact.RootElement, indented.RootElement));
    }

    [Fact]
    public void UnknownFieldsAreWrittenAsNull()
    {
        var paper = new Paper { Id = ArxivId.Parse("hep-th/9709111"), Title = "Bare", FirstAppeared = new DateOnly(1997, 9, 1) };

        using var document = JsonDocument.Parse(PaperJsonWriter.ToJson(paper));
        var root = document.RootElement;

        Assert.Equal(AllFields, root.EnumerateObject().Select(p => p.Name));
        foreach (var field in new[]
                 {
                     "abstract", "primary_category", "comments", "journal_ref", "doi", "report_no", "license",
                     "submitter", "msc_class", "acm_class", "latest_version", "code_url", "community", "cited_by_count", "deleted_at_source",
                     "novelty", "impact", "scores",
                 })
        {
            Assert.True(root.GetProperty(field).ValueKind == JsonValueKind.Null, $"'{field}' should be null");
        }
        foreach (var fact in new[] { "pages", "figures", "tables", "venue", "status" })
        {
            Assert.Equal(JsonValueKind.Null, root.GetProperty("comment_facts").GetProperty(fact).ValueKind);
        }
        foreach (var list in new[] { "authors", "categories", "versions", "listed_on", "other_ids", "sources" })
        {
            Assert.Equal(0, root.GetProperty(list).GetArrayLength());
        }
        Assert.Empty(root.GetProperty("field_sources").EnumerateObject());
        Assert.Equal("hep-th/9709111", root.GetProperty("id").GetString());
        Assert.Equal("https://arxiv.org/abs/hep-th/9709111", root.GetProperty("abs_url").GetString());
        Assert.Equal("https://arxiv.org/pdf/hep-th/9709111", root.GetProperty("pdf_url").GetString());
        Assert.Equal(1997, root.GetProperty("year").GetInt32());
        Assert.Equal("1997-09-01", root.GetProperty("first_appeared").GetString());
    }

    [Fact]
    public void RealPaperRoundTripsAuthorsVersionsAndScalars()
    {
        var paper = RealSnapshotPaper();

        using var document = JsonDocument.Parse(PaperJsonWriter.ToJson(paper));
        var root = document.RootElement;

        Assert.Equal("0704.0001", root.GetProperty("id").GetString());
        Assert.Equal(paper.Title, root.GetProperty("title").GetString());
        Assert.Equal(paper.Abstract, root.GetProperty("abstract").GetString());
        Assert.Equal(
            paper.Authors,
            root.GetProperty("authors").EnumerateArray()
                .Select(a => new AuthorName(a.GetProperty("name").GetString()!, a.GetProperty("affiliation").GetString())));
        Assert.Equal(
            paper.Versions,
            root.GetProperty("versions").EnumerateArray().Select(v => new PaperVersion(
                v.GetProperty("version").GetInt32(),
                DateTimeOffset.Parse(v.GetProperty("submitted").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                v.GetProperty("size").GetString())));
        Assert.Equal("2007-04-02T19:18:42Z", root.GetProperty("versions")[0].GetProperty("submitted").GetString());
        Assert.Equal(2, root.GetProperty("latest_version").GetInt32());
        Assert.Equal(2007, root.GetProperty("year").GetInt32());
        Assert.Equal("hep-ph", root.GetProperty("primary_category").GetString());
        Assert.Equal("10.1103/PhysRevD.76.013009", root.GetProperty("doi").GetString());
        Assert.Equal("Phys.Rev.D76:013009,2007", root.GetProperty("journal_ref").GetString());
        Assert.Equal("ANL-HEP-PR-07-12", root.GetProperty("report_no").GetString());
    }

    [Fact]
    public void ListingDaysSourcesAndFieldSourcesRoundTrip()
    {
        var daily = SharedData.Path("arxiv-daily", "2025-03-18.jsonl.gz");
        var record = ReaderRuns.ReadFile(new ArxivDailyReader(), daily)[1].Record!;
        var relisted = record with
        {
            ListedOn = [new DateOnly(2025, 3, 20)],
            Source = new SourceLocation("2025-03-20.jsonl.gz", 17, "arxiv-daily"),
            AsOf = new DateTimeOffset(2025, 3, 20, 0, 0, 0, TimeSpan.Zero),
        };
        var paper = PaperMerger.Merge([record, relisted]);

        using var document = JsonDocument.Parse(PaperJsonWriter.ToJson(paper));
        var root = document.RootElement;

        Assert.Equal(["2025-03-18", "2025-03-20"], root.GetProperty("listed_on").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(paper.Sources, root.GetProperty("sources").EnumerateArray().Select(ReadSource));
        var fieldSources = root.GetProperty("field_sources").EnumerateObject().ToDictionary(p => p.Name, p => ReadSource(p.Value));
        Assert.Equal(paper.FieldSources.OrderBy(p => p.Key, StringComparer.Ordinal),
            fieldSources.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(new SourceLocation("2025-03-20.jsonl.gz", 17, "arxiv-daily"), fieldSources["title"]);
    }

    [Fact]
    public void TextNeedingJsonEscapesSurvives()
    {
        const string title = "Quotes \" backslash \\ TeX $\\alpha$ and a tab\t, ü, 😀, </script>";
        var paper = new Paper { Id = ArxivId.Parse("2503.11742"), Title = title, FirstAppeared = new DateOnly(2025, 3, 1) };

        using var document = JsonDocument.Parse(PaperJsonWriter.ToJson(paper));

        Assert.Equal(title, document.RootElement.GetProperty("title").GetString());
    }

    private static SourceLocation ReadSource(JsonElement source) => new(
        source.GetProperty("file").GetString()!,
        source.GetProperty("line").GetInt64(),
        source.GetProperty("format").GetString()!);
}
