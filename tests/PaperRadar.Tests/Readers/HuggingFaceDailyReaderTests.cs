using System.Text;
using System.Text.Json.Nodes;
using PaperRadar.Core.Model;
using PaperRadar.Core.Readers;

namespace PaperRadar.Tests.Readers;

/// <summary>
/// The real Hugging Face daily-papers response in ../shared/data/hf-daily-papers (29 papers featured on 2024-10-25).
/// Broken inputs are that response altered here, since the real one has none.
/// </summary>
public sealed class HuggingFaceDailyReaderTests
{
    private static readonly string Response = SharedData.Path("hf-daily-papers", "2024-10-25.json");

    private static List<ReadOutcome> Read(string text) =>
        new HuggingFaceDailyReader().Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "/data/2024-10-25.json").ToList();

    [Fact]
    public void AllTwentyNineRealEntriesAreReadWithTheirDaysSignals()
    {
        var outcomes = ReaderRuns.ReadFile(new HuggingFaceDailyReader(), Response);

        Assert.All(outcomes, o => Assert.Null(o.Rejection));
        Assert.Equal(29, outcomes.Count);
        Assert.Equal(Enumerable.Range(1, 29).Select(n => (long)n), outcomes.Select(o => o.Record!.Source.Line));
        Assert.All(outcomes, o => Assert.Equal(new DateOnly(2024, 10, 25), o.Record!.Community!.Day));
        var expected = JsonNode.Parse(File.ReadAllText(Response))!.AsArray()
            .Select(e => (Id: (string)e!["paper"]!["id"]!, Upvotes: (int)e["paper"]!["upvotes"]!, Comments: (int)e["numComments"]!));
        Assert.Equal(expected, outcomes.Select(o => (o.Record!.Id.Value, o.Record.Community!.Upvotes, o.Record.Community.Comments)));
    }

    [Fact]
    public void TheFirstRealEntryIsReadFieldByField()
    {
        var paper = ReaderRuns.ReadFile(new HuggingFaceDailyReader(), Response)[0].Record!;

        Assert.Equal(ArxivId.Parse("2410.17243"), paper.Id);
        // The response folds the title over two lines; the record has it on one.
        Assert.Equal("Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss", paper.Title);
        Assert.Equal(9, paper.Authors.Count);
        Assert.Equal("Zesen Cheng", paper.Authors[0].Name);
        Assert.Equal("Lidong Bing", paper.Authors[^1].Name);
        Assert.StartsWith("Contrastive loss is a powerful approach for representation learning, where larger batch", paper.Abstract, StringComparison.Ordinal);
        Assert.Equal(new CommunitySignals(new DateOnly(2024, 10, 25), 64, 3, "Zesen Cheng"), paper.Community);
        Assert.Equal(new DateTimeOffset(2024, 10, 22, 17, 59, 30, TimeSpan.Zero), paper.AsOf);
        Assert.Empty(paper.ListedOn);
        Assert.Equal(HuggingFaceDailyReader.FormatName, paper.Source.Format);
    }

    [Fact]
    public void NewerResponsesOrganisationAndRepositoryAreKept()
    {
        var outcomes = Read("""
            [{"paper": {"id": "2501.00001", "title": "A", "upvotes": 5, "publishedAt": "2025-01-01T00:00:00Z",
              "organization": {"name": "acme", "fullname": "ACME Research"}, "githubRepo": "https://github.com/acme/a-model"},
              "publishedAt": "2025-01-02T08:00:00Z", "numComments": 1}]
            """);

        var community = Assert.Single(outcomes).Record!.Community!;
        Assert.Equal("ACME Research", community.Organisation);
        Assert.Equal("https://github.com/acme/a-model", community.CodeUrl);
    }

    [Theory]
    [InlineData("""{"publishedAt": "2024-10-25T00:00:00Z"}""", "missing object 'paper'")]
    [InlineData("""{"paper": {"title": "T"}, "publishedAt": "2024-10-25T00:00:00Z"}""", "missing field 'paper.id'")]
    [InlineData("""{"paper": {"id": "not-an-id", "title": "T"}, "publishedAt": "2024-10-25T00:00:00Z"}""", "invalid field 'paper.id'")]
    [InlineData("""{"paper": {"id": "2410.17243", "title": "T"}}""", "missing field 'publishedAt'")]
    [InlineData("""{"paper": {"id": "2410.17243", "title": "T", "upvotes": "many"}, "publishedAt": "2024-10-25T00:00:00Z"}""", "field 'upvotes' should be a count")]
    public void ABadEntryIsRejectedWithItsPositionAndTheOthersAreRead(string bad, string reason)
    {
        var good = """{"paper": {"id": "2410.16251", "title": "Good"}, "publishedAt": "2024-10-25T00:00:00Z"}""";

        var outcomes = Read($"[{good}, {bad}, {good}]");

        Assert.Equal(3, outcomes.Count);
        Assert.NotNull(outcomes[0].Record);
        Assert.NotNull(outcomes[2].Record);
        Assert.Equal(2, outcomes[1].Rejection!.Location.Line);
        Assert.Contains(reason, outcomes[1].Rejection!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AResponseCutShortKeepsTheEntriesBeforeTheCutAndSaysWhere()
    {
        var text = File.ReadAllText(Response);

        var outcomes = Read(text[..(text.Length / 2)]);

        Assert.True(outcomes.Count > 5);
        Assert.All(outcomes[..^1], o => Assert.NotNull(o.Record));
        Assert.Contains("the JSON document is damaged", outcomes[^1].Rejection!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFormatIsDetectedFromTheContent()
    {
        Assert.Equal(HuggingFaceDailyReader.FormatName, PaperReaders.Detect(Response, out _));
    }
}
