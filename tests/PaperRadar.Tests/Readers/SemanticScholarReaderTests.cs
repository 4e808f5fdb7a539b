using System.Text;
using PaperRadar.Core.Model;
using PaperRadar.Core.Readers;

namespace PaperRadar.Tests.Readers;

/// <summary>The 1,000 real S2ORC metadata records in ../shared/data/s2orc-sample; broken lines are generated here.</summary>
public sealed class SemanticScholarReaderTests
{
    private static readonly string Sample = SharedData.Path("s2orc-sample", "metadata-sample.jsonl");

    [Fact]
    public void EveryRecordIsReadExceptTheTwelveWithNeitherAYearNorAnArxivId()
    {
        var outcomes = ReaderRuns.ReadFile(new SemanticScholarReader(), Sample);

        Assert.Equal(1_000, outcomes.Count);
        var rejections = outcomes.Where(o => o.Rejection is not null).Select(o => o.Rejection!).ToList();
        Assert.Equal(12, rejections.Count);
        Assert.All(rejections, r => Assert.EndsWith("has no year, so it cannot be placed in time", r.Reason, StringComparison.Ordinal));
        var records = outcomes.Where(o => o.Record is not null).Select(o => o.Record!).ToList();
        Assert.Equal(36, records.Count(r => r.Id.Arxiv is not null));
        Assert.Equal(records.Count - 36, records.Count(r => r.Id.Scheme == PaperId.SemanticScholarScheme));
        // Every record is linked by its corpus id, unless that is already its id.
        Assert.All(records.Where(r => r.Id.Arxiv is not null), r => Assert.Contains(r.OtherIds!, o => o.Scheme == PaperId.SemanticScholarScheme));
        Assert.Equal(5_903, records.Sum(r => (r.References?.Count ?? 0) + (r.CitedBy?.Count ?? 0)));
    }

    [Fact]
    public void AnArxivPaperIsStoredUnderItsArxivIdWithItsCitationsBothWays()
    {
        var record = ReaderRuns.ReadFile(new SemanticScholarReader(), Sample)[220].Record!;

        Assert.Equal("1501.07418", record.Id.Value);
        Assert.Equal(221, record.Source.Line);
        Assert.Equal("Distributionally Robust Counterpart in Markov Decision Processes", record.Title);
        Assert.Equal(["Pengqian Yu", "Huan Xu"], record.Authors.Select(a => a.Name));
        Assert.Equal(2016, record.Year);
        Assert.Equal("IEEE Transactions on Automatic Control", record.Venue);
        Assert.Equal(["s2:18980380", "doi:10.1109/tac.2015.2495174"], record.OtherIds!.Select(i => i.Value));
        Assert.Equal(21, record.References!.Count);
        Assert.Equal("s2:7229756", record.References[0].Value);
        Assert.Equal(18, record.CitedBy!.Count);
    }

    [Fact]
    public void ABadIdOrAuthorListIsRejectedWithWhatIsWrong()
    {
        var text = """
            {"paper_id": "12", "title": "Fine", "year": 2001, "authors": [{"first": "Ada", "middle": ["B."], "last": "Lovelace", "suffix": "Jr."}]}
            {"paper_id": "x1", "title": "Bad id", "year": 2001}
            {"paper_id": "13", "title": "Bad arXiv id", "year": 2001, "arxiv_id": "1501.0741"}
            {"paper_id": "14", "title": "Bad authors", "year": 2001, "authors": "Ada Lovelace"}
            """;
        var outcomes = new SemanticScholarReader().Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "/data/generated.jsonl").ToList();

        Assert.Equal(["Ada B. Lovelace Jr."], outcomes[0].Record!.Authors.Select(a => a.Name));
        Assert.Equal("s2:12", outcomes[0].Record!.Id.Value);
        Assert.Contains("is not a Semantic Scholar corpus id", outcomes[1].Rejection!.Reason, StringComparison.Ordinal);
        Assert.StartsWith("arxiv_id:", outcomes[2].Rejection!.Reason, StringComparison.Ordinal);
        Assert.Contains("'authors' should be an array", outcomes[3].Rejection!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSampleIsDetectedAsS2orcMetadata() =>
        Assert.Equal(SemanticScholarReader.FormatName, PaperReaders.Detect(Sample, out _));
}
