using System.Text;
using PaperRadar.Core.Model;
using PaperRadar.Core.Readers;

namespace PaperRadar.Tests.Readers;

/// <summary>
/// OpenAlex works responses. No real OpenAlex response is available here: the fixtures in tests/fixtures/openalex
/// were written from OpenAlex's schema documentation (see their README), and the broken inputs are written here.
/// </summary>
public sealed class OpenAlexWorksReaderTests
{
    private static readonly string ListResponse = SharedData.Fixture("openalex", "works-written-from-schema-docs.json");
    private static readonly string SingleWork = SharedData.Fixture("openalex", "work-written-from-schema-docs.json");

    private static List<ReadOutcome> Read(string text) =>
        new OpenAlexWorksReader().Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "/saved/works.json").ToList();

    [Fact]
    public void AListResponseGivesOneRecordPerWorkKeyedByArxivIdWithReferencesAndCounts()
    {
        var outcomes = ReaderRuns.ReadFile(new OpenAlexWorksReader(), ListResponse);

        Assert.All(outcomes, o => Assert.Null(o.Rejection));
        var records = outcomes.Select(o => o.Record!).ToList();
        Assert.Equal(["2410.17243", "2410.16251", "2410.18533"], records.Select(r => r.Id.Value));
        Assert.Equal([1L, 2L, 3L], records.Select(r => r.Source.Line));

        var first = records[0];
        Assert.Equal(["openalex:W9000000002", "openalex:W9000000090", "openalex:W9000000091"], first.References!.Select(r => r.Value));
        Assert.Equal(new CitationCount(57, new DateOnly(2025, 5, 1), "OpenAlex"), first.CitedByCount);
        // The arXiv DOI is an id of the paper, not its DOI (arXiv's own records give the journal DOI there).
        Assert.Null(first.Doi);
        Assert.Equal(["doi:10.48550/arxiv.2410.17243", "openalex:W9000000001"], first.OtherIds!.Select(i => i.Value));
        Assert.Null(first.AsOf);
        Assert.Equal(2024, first.Year);
    }

    [Fact]
    public void APublishedVersionWithAnArxivLocationIsKeyedByTheArxivIdAndKeepsItsJournalDoi()
    {
        var logo = ReaderRuns.ReadFile(new OpenAlexWorksReader(), ListResponse)[2].Record!;

        Assert.Equal("2410.18533", logo.Id.Value);
        Assert.Equal("10.5555/logo.2025.7", logo.Doi);
        Assert.Equal(["doi:10.5555/logo.2025.7", "openalex:W9000000003"], logo.OtherIds!.Select(i => i.Value));
        Assert.Equal(["Zecheng Tang", "Zechen Sun", "Juntao Li", "Qiaoming Zhu", "Min Zhang"], logo.Authors.Select(a => a.Name));
        // An institution's name, else the first raw affiliation string.
        Assert.Equal(["Soochow University", "Soochow University", "Soochow University", null, null], logo.Authors.Select(a => a.Affiliation));
    }

    [Fact]
    public void TheAbstractIsRebuiltFromTheInvertedIndex()
    {
        var record = ReaderRuns.ReadFile(new OpenAlexWorksReader(), ListResponse)[1].Record!;

        Assert.Equal("Large Language Models (LLMs) suffer from hallucinations.", record.Abstract);
        Assert.Equal(["openalex:W9000000090"], record.References!.Select(r => r.Value));
    }

    [Fact]
    public void ASingleWorkAsWorksIdAnswersIsOneRecord()
    {
        var record = Assert.Single(ReaderRuns.ReadFile(new OpenAlexWorksReader(), SingleWork)).Record!;

        Assert.Equal("2410.18693", record.Id.Value);
        Assert.Null(record.References);
        Assert.Equal(2, record.CitedByCount!.Count);
    }

    [Fact]
    public void AWorkWithoutArxivIdOrDoiIsKeyedByItsOpenAlexId()
    {
        var record = Assert.Single(Read("""
            {"id": "https://openalex.org/W123", "title": "Old paper", "publication_year": 1998, "cited_by_count": 3,
             "referenced_works": []}
            """)).Record!;

        Assert.Equal("openalex:W123", record.Id.Value);
        Assert.Empty(record.OtherIds!);
        Assert.Equal(1998, record.Year);
    }

    [Fact]
    public void BrokenWorksAreRejectedWithTheirReasonAndTheOthersRead()
    {
        var outcomes = Read("""
            {"meta": {"count": 4}, "results": [
              {"id": "https://openalex.org/W1", "title": null, "publication_year": 2020},
              {"id": "https://openalex.org/W2", "title": "No year"},
              {"id": "https://openalex.org/W3", "title": "Bad reference", "publication_year": 2020, "referenced_works": ["https://example.org/X"]},
              {"id": "https://openalex.org/W4", "title": "Fine", "publication_year": 2020, "cited_by_count": -1},
              {"id": "https://openalex.org/W5", "title": "Fine", "publication_year": 2020, "cited_by_count": 0}
            ]}
            """);

        Assert.Equal("openalex:W1 has no title", outcomes[0].Rejection!.Reason);
        Assert.Contains("has no publication_year", outcomes[1].Rejection!.Reason, StringComparison.Ordinal);
        Assert.Contains("referenced_works: 'https://example.org/X' is not an OpenAlex work id", outcomes[2].Rejection!.Reason, StringComparison.Ordinal);
        Assert.Contains("cited_by_count' should be a count", outcomes[3].Rejection!.Reason, StringComparison.Ordinal);
        Assert.Equal("openalex:W5", outcomes[4].Record!.Id.Value);
        Assert.Equal([3L, 4L], outcomes.Where(o => o.Rejection is not null).Skip(2).Select(o => o.Rejection!.Location.Line));
    }

    [Theory]
    [InlineData("{\"meta\": {}, \"results\": [", "the JSON document is damaged")]
    [InlineData("[1, 2]", "is a Array, not an OpenAlex list response")]
    [InlineData("{\"meta\": {}, \"results\": {}}", "'results' is a Object")]
    [InlineData("{\"error\": \"Invalid query parameters error.\", \"message\": \"doi is not a valid field\"}", "OpenAlex answered with an error")]
    public void ADocumentThatIsNoWorksResponseIsOneRejectionSayingWhy(string text, string reason)
    {
        var outcome = Assert.Single(Read(text));

        Assert.Contains(reason, outcome.Rejection!.Reason, StringComparison.Ordinal);
        // What a client checks before storing anything of an answer says the same.
        var malformed = OpenAlexWorksReader.Malformed(Encoding.UTF8.GetBytes(text));
        Assert.Contains(reason.StartsWith("the JSON document is damaged", StringComparison.Ordinal) ? "not valid JSON" : reason, malformed,
            StringComparison.Ordinal);
    }

    [Fact]
    public void SavedResponsesAreDetectedAsOpenAlexWorks()
    {
        Assert.Equal(OpenAlexWorksReader.FormatName, PaperReaders.Detect(ListResponse, out _));
        Assert.Equal(OpenAlexWorksReader.FormatName, PaperReaders.Detect(SingleWork, out _));
    }

    [Theory]
    [InlineData("https://openalex.org/W2741809807", "openalex:W2741809807")]
    [InlineData("w2741809807", "openalex:W2741809807")]
    [InlineData("openalex:W2741809807", "openalex:W2741809807")]
    public void OpenAlexIdsAreOneSpelling(string text, string expected)
    {
        var id = text.StartsWith("openalex:", StringComparison.Ordinal) ? PaperId.Parse(text) : PaperId.OpenAlex(text);

        Assert.Equal(expected, id.Value);
        Assert.False(PaperId.TryForeign(PaperId.OpenAlexScheme, "A123", out _, out var error));
        Assert.Contains("not an OpenAlex work id", error, StringComparison.Ordinal);
    }
}
