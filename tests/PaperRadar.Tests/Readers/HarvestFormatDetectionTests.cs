using System.Text;
using PaperRadar.Core.Readers;
using PaperRadar.Tests.IO;

namespace PaperRadar.Tests.Readers;

/// <summary>
/// <see cref="PaperReaders.Detect"/> on the harvest formats' real files in ../shared/data (the oai_dc JSON lines, the
/// OAI-PMH recordings, the arXiv API feeds), beside <see cref="FormatDetectionTests"/>. A foreign Atom feed, odd JSON
/// arrays and cut files are generated.
/// </summary>
public sealed class HarvestFormatDetectionTests
{
    [Fact]
    public void EveryOaiDcDayFileWithRecordsIsDetectedAndTheEmptyDaysAreNot()
    {
        var files = Directory.GetFiles(SharedData.Path("arxiv-oai-dc-2012", "2012"), "*.json.gz");

        var detected = files.Select(f => (File: f, Format: PaperReaders.Detect(f, out var reason), Reason: reason)).ToList();

        Assert.Equal(366, files.Length);
        Assert.Equal(293, detected.Count(d => d.Format == ArxivOaiDcJsonLinesReader.FormatName));
        // 73 days are empty files (gzip of nothing).
        Assert.All(detected.Where(d => d.Format is null), d => Assert.Equal("the file is empty", d.Reason));
        Assert.Equal(73, detected.Count(d => d.Format is null));
    }

    [Theory]
    [InlineData("mispy_arxivsync_fullpages", "page_496549_47001.xml")]
    [InlineData("mispy_arxivsync_fullpages", "page_406001.xml")]
    [InlineData("mikesaelim_arXivOAIHarvester", "GetRecordResponse.xml")]
    [InlineData("mikesaelim_arXivOAIHarvester", "ListRecordsResponse.xml")]
    [InlineData("mikesaelim_arXivOAIHarvester", "ErrorResponseBadResumptionToken.xml")]
    [InlineData("mikesaelim_arXivOAIHarvester", "ErrorResponseNoRecordsMatch.xml")]
    [InlineData("mikesaelim_arXivOAIHarvester", "ErrorResponseBadVerb.xml")]   // no XML declaration
    [InlineData("AtomikLabs_aws-iac", "test_arxiv_data.xml")]                  // no XML declaration
    [InlineData("litpuvn_arxiv-oai-harvester", "ListRecords.xml")]
    public void OaiPmhResponsesOfRecordsOrOfErrorsAreDetected(string folder, string file)
    {
        var format = PaperReaders.Detect(SharedData.Path("arxiv-oai-pmh", folder, file), out var reason);

        Assert.Equal(OaiPmhReader.FormatName, format);
        Assert.Equal("", reason);
    }

    [Theory]
    [InlineData("oaipmh-identify---should-identify-arxiv.0.200.xml", "Identify")]
    [InlineData("oaipmh-listsets---should-list-arxiv-sets.0.200.xml", "ListSets")]
    [InlineData("oaipmh-listidentifiers---should-list-identifiers-from-arxiv.0.200.xml", "ListIdentifiers")]
    [InlineData("oaipmh-listmetadataformats---should-list-metadata-formats-for-arxiv.0.200.xml", "ListMetadataFormats")]
    public void OaiPmhResponsesThatCannotHoldPapersAreNotDetectedAndTheReasonNamesTheVerb(string file, string verb)
    {
        var format = PaperReaders.Detect(SharedData.Path("arxiv-oai-pmh", "paperhive_oai-pmh_nock", "xml", file), out var reason);

        Assert.Null(format);
        Assert.Equal($"an OAI-PMH {verb} response, which holds no paper records (ListRecords and GetRecord do)", reason);
    }

    [Fact]
    public void TheRecorded503HtmlPageIsNotDetected()
    {
        var format = PaperReaders.Detect(SharedData.Path("arxiv-oai-pmh", "paperhive_oai-pmh_nock", "xml",
            "oaipmh-listrecords---should-list-identifiers-from-arxiv.0.503.html"), out var reason);

        Assert.Null(format);
        Assert.NotEqual("", reason);
    }

    [Fact]
    public void EveryArxivApiFeedWithEntriesIsDetectedInBothSerializers()
    {
        var files = Directory.GetFiles(SharedData.Path("arxiv-api-atom"), "*.xml", SearchOption.AllDirectories);

        var detected = files.Select(f => (File: Path.GetFileName(f), Format: PaperReaders.Detect(f, out var reason), Reason: reason)).ToList();

        Assert.Equal(25, files.Length);
        Assert.Equal(23, detected.Count(d => d.Format == ArxivAtomReader.FormatName));
        // The two feeds that found nothing hold no papers.
        Assert.Equal(["id_0000.0000_s0_m100_8b51d9633a68.xml", "id_0808.05394_s0_m100_7b0c7d0a7cdd.xml"],
            detected.Where(d => d.Format is null).Select(d => d.File).Order(StringComparer.Ordinal));
        Assert.All(detected.Where(d => d.Format is null),
            d => Assert.Equal("an arXiv API feed with no entries (nothing matched its query)", d.Reason));
    }

    [Fact]
    public void AnAtomFeedFromElsewhereIsNotDetected()
    {
        // Generated: a blog's Atom feed.
        using var scratch = new ScratchDirectory();
        var path = scratch.Write("blog.xml", Encoding.UTF8.GetBytes("""
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>A blog</title><id>urn:uuid:60a76c80</id>
            <entry><title>A post</title><id>urn:uuid:1225c695</id><updated>2003-12-13T18:30:02Z</updated></entry></feed>
            """));

        Assert.Null(PaperReaders.Detect(path, out var reason));
        Assert.Equal("an Atom feed, but not one of the arXiv API", reason);
    }

    [Fact]
    public void XmlOfAnotherKindIsNotDetectedAndTheReasonNamesItsRoot()
    {
        using var scratch = new ScratchDirectory();
        var path = scratch.Write("pom.xml", "<project><modelVersion>4.0.0</modelVersion></project>\n"u8.ToArray());

        Assert.Null(PaperReaders.Detect(path, out var reason));
        Assert.StartsWith("XML with root <project>", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ACutGzipOfAnOaiPmhPageIsStillDetectedFromWhatCouldBeRead()
    {
        // Generated: the real arXivRaw page, gzip-compressed, then cut to a third.
        using var scratch = new ScratchDirectory();
        var gzip = GzipFixtures.Compress(File.ReadAllBytes(SharedData.Path("arxiv-oai-pmh", "mispy_arxivsync_fullpages", "page_496549_47001.xml")));
        var path = scratch.Write("page.xml.gz", gzip[..(gzip.Length / 3)]);

        Assert.Equal(OaiPmhReader.FormatName, PaperReaders.Detect(path, out var reason));
        Assert.Equal("", reason);
    }

    [Fact]
    public void JsonLinesOfIdAndAnObjectWithoutDublinCoreFieldsAreNotDetected()
    {
        using var scratch = new ScratchDirectory();
        var path = scratch.Write("pairs.jsonl", "[\"1201.0001\", {\"score\": 3}]\n"u8.ToArray());

        Assert.Null(PaperReaders.Detect(path, out var reason));
        Assert.Contains("no Dublin Core fields", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TheHuggingFaceResponseIsStillDetectedBesideTheOaiDcArrays()
    {
        Assert.Equal(HuggingFaceDailyReader.FormatName,
            PaperReaders.Detect(SharedData.Path("hf-daily-papers", "2024-10-25.json"), out _));
    }

    [Theory]
    [InlineData("arxiv-oai-dc-jsonl", typeof(ArxivOaiDcJsonLinesReader))]
    [InlineData("OAI-PMH", typeof(OaiPmhReader))]
    [InlineData("arxiv-atom", typeof(ArxivAtomReader))]
    public void TheNewFormatsAreCreatedByName(string format, Type reader)
    {
        Assert.IsType(reader, PaperReaders.Create(format));
        Assert.Contains(format, PaperReaders.Formats, StringComparer.OrdinalIgnoreCase);
    }
}
