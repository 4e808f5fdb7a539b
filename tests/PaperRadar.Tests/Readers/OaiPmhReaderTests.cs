using System.Text;
using PaperRadar.Core.IO;
using PaperRadar.Core.Model;
using PaperRadar.Core.Readers;
using PaperRadar.Tests.IO;

namespace PaperRadar.Tests.Readers;

/// <summary>
/// OAI-PMH responses, on the real recordings in ../shared/data/arxiv-oai-pmh: three full 1,000-record pages (one
/// arXivRaw, two in the arXiv format, whatever that folder's README says), GetRecord and trimmed ListRecords in
/// arXivRaw and arXiv, an oai_dc page, a pretty-printed page, and arXiv's exact error responses. Deleted records,
/// damage and compact XML are generated from real pages here, since no real recording has them.
/// </summary>
public sealed class OaiPmhReaderTests
{
    private static string Recorded(params string[] parts) => SharedData.Path(["arxiv-oai-pmh", .. parts]);

    private static readonly string ArxivRawPage = Recorded("mispy_arxivsync_fullpages", "page_496549_47001.xml");
    private static readonly string ArxivPage = Recorded("mispy_arxivsync_fullpages", "page_406001.xml");
    private static readonly string TrimmedArxivRawList = Recorded("mikesaelim_arXivOAIHarvester", "ListRecordsResponse.xml");

    private static (List<ReadOutcome> Outcomes, OaiPmhResponse Response) ReadFile(string path)
    {
        var response = new OaiPmhResponse();
        using var stream = SourceFile.Open(path);
        return (new OaiPmhReader().Read(stream, path, response).ToList(), response);
    }

    private static (List<ReadOutcome> Outcomes, OaiPmhResponse Response) ReadText(string text, string path = "/harvest/page.xml")
    {
        var response = new OaiPmhResponse();
        return (new OaiPmhReader().Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), path, response).ToList(), response);
    }

    private static PaperRecord Record(List<ReadOutcome> outcomes, string id) =>
        outcomes.Select(o => o.Record).Single(r => r?.Id.Value == id)!;

    [Fact]
    public void AFullArxivRawPageYieldsItsThousandRecordsWithTheirVersionHistoriesAndItsResumptionToken()
    {
        var (outcomes, response) = ReadFile(ArxivRawPage);

        Assert.All(outcomes, o => Assert.True(o.Rejection is null, o.Rejection?.ToString()));
        Assert.Equal(1_000, outcomes.Count);
        Assert.Equal(1_000, outcomes.Select(o => o.Record!.Id).Distinct().Count());
        Assert.Equal("0801.3673", outcomes[0].Record!.Id.Value);
        Assert.Equal(6, outcomes[0].Record!.Source.Line);
        Assert.Equal(23_584, outcomes[^1].Record!.Source.Line);
        Assert.Equal("0801.4672", outcomes[^1].Record!.Id.Value);
        // 640 papers have one version, 360 more (up to 8).
        Assert.Equal(640, outcomes.Count(o => o.Record!.Versions.Count == 1));
        Assert.All(outcomes, o => Assert.Equal(o.Record!.Versions.Count, o.Record.Version));

        Assert.Equal("ListRecords", response.Verb);
        Assert.Equal("arXivRaw", response.MetadataFormat);
        Assert.Equal(new OaiPmhResumptionToken("496549|47001", 46_000, 907_096, null), response.ResumptionToken);
        Assert.False(response.ResumptionToken!.EndsList);
        Assert.Equal("496549|46001", response.Request["resumptionToken"]);
        Assert.Equal("http://export.arxiv.org/oai2", response.BaseUrl);
        Assert.Equal(new DateTimeOffset(2014, 1, 16, 0, 0, 0, TimeSpan.Zero), response.ResponseDate!.Value.Date);
        Assert.Equal(new DateTimeOffset(2014, 1, 15, 0, 0, 0, TimeSpan.Zero), response.LatestDatestamp);
        Assert.Equal(1_000, response.Records);
        Assert.Empty(response.Deleted);
        Assert.Empty(response.Errors);
        Assert.True(response.Complete);
    }

    [Fact]
    public void AnArxivRawRecordKeepsEveryVersionWithItsDateAndSize()
    {
        var paper = Record(ReadFile(ArxivRawPage).Outcomes, "0801.4174");

        Assert.Equal(8, paper.Version);
        Assert.Equal(Enumerable.Range(1, 8), paper.Versions.Select(v => v.Number));
        Assert.Equal(new PaperVersion(1, new DateTimeOffset(2008, 1, 28, 12, 56, 45, TimeSpan.Zero), "15kb"), paper.Versions[0]);
        Assert.Equal(new PaperVersion(8, new DateTimeOffset(2009, 5, 8, 3, 12, 34, TimeSpan.Zero), "16kb"), paper.Versions[^1]);
        Assert.Equal(paper.Versions[^1].Submitted, paper.AsOf);
    }

    [Fact]
    public void ArxivRawGetRecordIsReadFieldByField()
    {
        var path = Recorded("mikesaelim_arXivOAIHarvester", "GetRecordResponse.xml");
        var (outcomes, response) = ReadFile(path);

        var paper = Assert.Single(outcomes).Record!;
        Assert.Equal(ArxivId.Parse("1302.2146"), paper.Id);
        Assert.Equal("The Same-Sign Dilepton Signature of RPV/MFV SUSY", paper.Title);
        Assert.Equal(["Joshua Berger", "Maxim Perelstein", "Michael Saelim", "Philip Tanedo"], paper.Authors.Select(a => a.Name));
        Assert.Equal("Michael Saelim", paper.Submitter);
        Assert.Equal(["hep-ph", "hep-ex"], paper.Categories);
        Assert.Equal("18 pages, 6 figures; v2: References added", paper.Comments);
        Assert.Equal("http://arxiv.org/licenses/nonexclusive-distrib/1.0/", paper.License);
        Assert.Equal(
            [
                new PaperVersion(1, new DateTimeOffset(2013, 2, 8, 21, 0, 1, TimeSpan.Zero), "853kb"),
                new PaperVersion(2, new DateTimeOffset(2013, 4, 2, 1, 50, 8, TimeSpan.Zero), "849kb"),
            ],
            paper.Versions);
        Assert.Equal(2, paper.Version);
        Assert.StartsWith("The lack of observation of superpartners at the Large Hadron Collider so far has led",
            paper.Abstract, StringComparison.Ordinal);
        Assert.EndsWith("can be probed at the 14 TeV LHC with a 100 fb^-1 data set.", paper.Abstract, StringComparison.Ordinal);
        Assert.Equal(new SourceLocation(path, 6, "oai-pmh"), paper.Source);
        Assert.Equal("GetRecord", response.Verb);
        Assert.Null(response.ResumptionToken);
        Assert.Equal("oai:arXiv.org:1302.2146", response.Request["identifier"]);
    }

    [Fact]
    public void ArxivRawJournalReferencesMscClassesAndSeveralDoisAreKept()
    {
        var outcomes = ReadFile(TrimmedArxivRawList).Outcomes;

        Assert.Equal(6, outcomes.Count);
        Assert.Equal([6L, 32L, 53L, 80L, 96L, 117L], outcomes.Select(o => o.Record!.Source.Line));
        var richard = Record(outcomes, "0704.0716");
        Assert.Equal(["math-ph", "math.MP"], richard.Categories);
        Assert.Equal("05A15, 05A16", richard.MscClass);
        Assert.Equal("Polygons, polyominoes and polycubes, 247-299, Lecture Notes in Phys., 775, Springer, Dordrecht, 2009",
            richard.JournalRef);
        Assert.Equal("54 pages, 2 figures; v2 updated and slightly expanded; v3 changes in some proofs; v4 slightly expanded",
            richard.Comments);
        Assert.Equal(4, richard.Version);
        var shetty = Record(outcomes, "0704.0471");
        Assert.Equal("10.1103/PhysRevC.76.024606 10.1103/PhysRevC.76.039902", shetty.Doi);
        Assert.Equal(["D.V. Shetty", "S.J. Yennello", "G.A. Souliotis"], shetty.Authors.Select(a => a.Name));
        Assert.Contains("an extremely \" stiff \" and \" soft \" form", shetty.Abstract, StringComparison.Ordinal);
    }

    [Fact]
    public void AFullPageInTheArxivFormatIsReadWithStructuredAuthorsAndAffiliations()
    {
        var (outcomes, response) = ReadFile(ArxivPage);

        Assert.All(outcomes, o => Assert.True(o.Rejection is null, o.Rejection?.ToString()));
        Assert.Equal(1_000, outcomes.Count);
        Assert.Equal("arXiv", response.MetadataFormat);
        Assert.Equal(new OaiPmhResumptionToken("436115|406001", 405_000, 846_926, null), response.ResumptionToken);
        // 198 papers have an <updated> day: revised, with the latest version's number not given.
        Assert.Equal(198, outcomes.Count(o => o.Record!.Version is null));
        Assert.Equal(802, outcomes.Count(o => o.Record!.Version == 1));

        var first = outcomes[0].Record!;
        Assert.Equal("1302.0649", first.Id.Value);
        Assert.Equal("Correlation effects in the electronic structure of the Ni-based superconducting KNi2S2", first.Title);
        Assert.Equal(["Feng Lu", "Wei-Hua Wang", "Xinjian Xie", "Fu-Chun Zhang"], first.Authors.Select(a => a.Name));
        Assert.Equal(["cond-mat.supr-con"], first.Categories);
        Assert.Equal([new PaperVersion(1, new DateTimeOffset(2013, 2, 4, 0, 0, 0, TimeSpan.Zero))], first.Versions);
        Assert.Equal("http://creativecommons.org/licenses/by/3.0/", first.License);

        Assert.Contains(Record(outcomes, "1302.0657").Authors,
            a => a.Name.EndsWith("Bahoura", StringComparison.Ordinal) && a.Affiliation == "UMSIHP");
        Assert.Contains(Record(outcomes, "1302.0749").Authors, a => a.Name.EndsWith("Heath Jr", StringComparison.Ordinal));
    }

    [Fact]
    public void ArxivFormatGetRecordHasAffiliationsJournalReferenceAndDoi()
    {
        var paper = Assert.Single(ReadFile(Recorded("paperhive_oai-pmh_nock", "xml", "oaipmh-getrecord---should-get-a-record.0.200.xml")).Outcomes).Record!;

        Assert.Equal("1412.8544", paper.Id.Value);
        Assert.Equal([new AuthorName("Sander Uijlen", "Radboud Universiteit"), new AuthorName("Bas Westerbaan", "Radboud Universiteit")],
            paper.Authors);
        Assert.Equal("EPTCS 172, 2014, pp. 154-164", paper.JournalRef);
        Assert.Equal("10.4204/EPTCS.172.11", paper.Doi);
        Assert.Equal("In Proceedings QPL 2014, arXiv:1412.8102", paper.Comments);
        Assert.Equal(1, paper.Version);
        Assert.Equal(new DateTimeOffset(2014, 12, 29, 0, 0, 0, TimeSpan.Zero), paper.AsOf);
        // The abstract's indented line starts its second paragraph.
        Assert.Equal(2, paper.Abstract!.Split("\n\n").Length);
        Assert.StartsWith("Continuing their effort, we prove a restriction", paper.Abstract.Split("\n\n")[1], StringComparison.Ordinal);
    }

    [Fact]
    public void OaiDcRecordsAreReadAsTheOaiDcJsonLinesAre()
    {
        var (outcomes, response) = ReadFile(Recorded("AtomikLabs_aws-iac", "test_arxiv_data.xml"));

        Assert.Equal(5, outcomes.Count);
        Assert.Equal(["1303.2033", "2401.14034", "2401.14036", "2401.14038", "2401.14040"], outcomes.Select(o => o.Record!.Id.Value));
        Assert.Equal([5L, 27L, 50L, 72L, 91L], outcomes.Select(o => o.Record!.Source.Line));
        Assert.Equal("dc", response.MetadataFormat);
        Assert.Equal("cs", response.Request["set"]);
        Assert.Equal(new OaiPmhResumptionToken("6960524|1001", 0, 1_162, null), response.ResumptionToken);

        var revised = outcomes[0].Record!;
        Assert.Equal("Extended Fourier analysis of signals", revised.Title);
        Assert.Equal(["Vilnis Liepins"], revised.Authors.Select(a => a.Name));
        // "Computer Science - Information Theory" is cs.IT (math.IT, its alias, is not listed).
        Assert.Equal(["cs.DS", "cs.IT", "math.NA"], revised.Categories);
        Assert.Equal("32 pages, 9 figures", revised.Comments);
        Assert.Null(revised.Version);
        Assert.Equal([new PaperVersion(1, new DateTimeOffset(2013, 3, 8, 0, 0, 0, TimeSpan.Zero))], revised.Versions);
        Assert.Equal(new DateTimeOffset(2024, 1, 23, 0, 0, 0, TimeSpan.Zero), revised.AsOf);
        Assert.Equal(["Chuankun Li", "Shuai Li", "Yanbo Gao", "Ping Chen", "Jian Li", "Wanqing Li"],
            outcomes[1].Record!.Authors.Select(a => a.Name));
        Assert.Equal(["cs.CV"], outcomes[1].Record!.Categories);
    }

    [Fact]
    public void APrettyPrintedPageLosesTheIndentationItsPrinterAddedToTheText()
    {
        var (outcomes, response) = ReadFile(Recorded("litpuvn_arxiv-oai-harvester", "ListRecords.xml"));

        Assert.All(outcomes, o => Assert.True(o.Rejection is null, o.Rejection?.ToString()));
        Assert.Equal(387, outcomes.Count);
        Assert.Equal(new OaiPmhResumptionToken("1403493|1001", 0, 1_440, null), response.ResumptionToken);
        var diaby = outcomes[0].Record!;
        Assert.Equal("0803.4354", diaby.Id.Value);
        Assert.Equal("A O(n^8) X O(n^7) Linear Programming Model of the Traveling Salesman Problem", diaby.Title);
        Assert.Equal("G.1.6; G.2.1; G.2.2", diaby.AcmClass);
        Assert.Equal(6, diaby.Version);
        Assert.All(outcomes, o => Assert.DoesNotContain("  ", o.Record!.Abstract ?? "", StringComparison.Ordinal));
        // arXiv's versions v1..v15 are listed v1, v10, v11, …, v2: a record keeps them in order.
        var many = Record(outcomes, "1501.00288");
        Assert.Equal(Enumerable.Range(1, 15), many.Versions.Select(v => v.Number));
        Assert.Equal(new DateTimeOffset(2016, 10, 19, 1, 8, 40, TimeSpan.Zero), many.AsOf);

        var single = Assert.Single(ReadFile(Recorded("litpuvn_arxiv-oai-harvester", "GetRecord.xml")).Outcomes).Record!;
        Assert.Equal(["Carl Lagoze", "Herbert Van de Sompel", "Michael L. Nelson", "Simeon Warner", "Robert Sanderson", "Pete Johnston"],
            single.Authors.Select(a => a.Name));
        Assert.Equal("Object Re-Use & Exchange: A Resource-Centric Approach", single.Title);
        Assert.DoesNotContain("\n\n", single.Abstract!, StringComparison.Ordinal);
        Assert.StartsWith("The OAI Object Reuse and Exchange (OAI-ORE) framework recasts the repository-centric notion",
            single.Abstract, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ErrorResponseBadResumptionToken.xml", "badResumptionToken", "The resumptionToken supplied is illegal for this repository", 5)]
    [InlineData("ErrorResponseNoRecordsMatch.xml", "noRecordsMatch", "Set argument doesn't match any sets. The setSpec was 'moo'", 5)]
    [InlineData("ErrorResponseIdDoesNotExist.xml", "idDoesNotExist", "Identifier 'oai:arXiv.org:0813.2274' has correct form but does not correspond to an item in this repository", 5)]
    [InlineData("ErrorResponseBadArgument.xml", "badArgument", "Verb 'ListRecords', illegal argument 'identifier'.", 5)]
    [InlineData("ErrorResponseBadVerb.xml", "badVerb", "Bad verb. Verb 'wah' not implemented.", 4)]
    public void EachRecordedOaiErrorIsOneRejectionNamingItsCodeAndIsReported(string file, string code, string message, long line)
    {
        var path = Recorded("mikesaelim_arXivOAIHarvester", file);

        var (outcomes, response) = ReadFile(path);

        var rejection = Assert.Single(outcomes).Rejection!;
        Assert.Equal(new SourceLocation(path, line, "oai-pmh"), rejection.Location);
        Assert.Equal($"the OAI-PMH response is the error '{code}', not records: {message}", rejection.Reason);
        Assert.Equal([new OaiPmhError(code, message, line)], response.Errors);
        Assert.Equal(code == "noRecordsMatch", response.Errors[0].MeansNothingNew);
        Assert.Null(response.Verb);
        Assert.Equal(0, response.Records);
        Assert.True(response.Complete);
    }

    [Fact]
    public void ADeletedRecordYieldsADeletionOfItsPaperAndIsListedWithItsDatestamp()
    {
        // Generated: the real trimmed page with its second record turned into a deleted one, as arXiv writes them
        // (a header with status="deleted" and no metadata).
        var text = File.ReadAllText(TrimmedArxivRawList);
        var at = text.IndexOf("oai:arXiv.org:0704.0716", StringComparison.Ordinal);
        var header = text.LastIndexOf("<header>", at, StringComparison.Ordinal);
        var metadata = text.IndexOf("<metadata>", at, StringComparison.Ordinal);
        var metadataEnd = text.IndexOf("</metadata>", metadata, StringComparison.Ordinal) + "</metadata>".Length;
        text = text[..header] + "<header status=\"deleted\">" + text[(header + "<header>".Length)..metadata] + text[metadataEnd..];

        var (outcomes, response) = ReadText(text);

        Assert.All(outcomes, o => Assert.Null(o.Rejection));
        Assert.Equal(["0704.0471", "0704.0874", "0704.1109", "0704.1114", "0704.1586"],
            outcomes.Where(o => o.Deletion is null).Select(o => o.Record!.Id.Value));
        var deletion = Assert.Single(outcomes, o => o.Deletion is not null).Deletion!;
        Assert.Equal(ArxivId.Parse("0704.0716"), deletion.Id);
        Assert.Equal(new DateOnly(2014, 12, 22), deletion.Deletion.Day);
        Assert.Equal(32, deletion.Location.Line);
        Assert.Equal(deletion.Location.ToString(), deletion.Deletion.Source);
        var deleted = Assert.Single(response.Deleted);
        Assert.Equal(new OaiPmhDeletedRecord("oai:arXiv.org:0704.0716", ArxivId.Parse("0704.0716"),
            new DateTimeOffset(2014, 12, 22, 0, 0, 0, TimeSpan.Zero), 32), deleted);
        Assert.Equal(5, response.Records);
        Assert.True(response.Complete);
    }

    [Fact]
    public void ATruncatedPageYieldsTheRecordsBeforeTheCutThenOneRejectionThatSaysWhere()
    {
        // Generated: the real arXivRaw page cut in the middle of a record.
        var text = File.ReadAllText(ArxivRawPage);
        var cut = text[..(text.Length / 2)];

        var (outcomes, response) = ReadText(cut);

        var records = outcomes.TakeWhile(o => o.Record is not null).ToList();
        Assert.InRange(records.Count, 400, 600);
        Assert.Equal(records.Count + 1, outcomes.Count);
        var rejection = outcomes[^1].Rejection!;
        Assert.Contains("the XML is damaged", rejection.Reason, StringComparison.Ordinal);
        Assert.Contains("the records before it were read", rejection.Reason, StringComparison.Ordinal);
        Assert.Equal(cut.Count(c => c == '\n') + 1, rejection.Location.Line);
        Assert.False(response.Complete);
        Assert.NotNull(response.Damage);
        Assert.Null(response.ResumptionToken);
    }

    [Fact]
    public void ARecordWithoutAnIdIsRejectedAtItsLineAndTheOthersAreRead()
    {
        // Generated: the real trimmed page with the id of its third record removed, from the header and the metadata.
        var text = File.ReadAllText(TrimmedArxivRawList)
            .Replace(" <identifier>oai:arXiv.org:0704.0874</identifier>\n", "", StringComparison.Ordinal)
            .Replace("<id>0704.0874</id>", "", StringComparison.Ordinal);

        var (outcomes, _) = ReadText(text);

        Assert.Equal(6, outcomes.Count);
        var rejection = outcomes[2].Rejection!;
        Assert.Equal(53, rejection.Location.Line);
        Assert.Equal("the record has no arXiv id (no <id> in its metadata and no <identifier> in its header)", rejection.Reason);
        Assert.Equal(5, outcomes.Count(o => o.Record is not null));
    }

    [Fact]
    public void ARecordWithBrokenFieldsIsRejectedWithItsIdAndWhatIsWrong()
    {
        // Generated from the real GetRecord: an unreadable version date, then no title.
        var real = File.ReadAllText(Recorded("mikesaelim_arXivOAIHarvester", "GetRecordResponse.xml"));

        var badDate = ReadText(real.Replace("Tue, 2 Apr 2013 01:50:08 GMT", "sometime in April", StringComparison.Ordinal)).Outcomes;
        var noTitle = ReadText(real.Replace("<title>The Same-Sign Dilepton Signature of RPV/MFV SUSY</title>", "",
            StringComparison.Ordinal)).Outcomes;

        Assert.Equal("1302.2146: the date of v2 is unreadable: 'sometime in April'", Assert.Single(badDate).Rejection!.Reason);
        Assert.Equal("1302.2146 has no title", Assert.Single(noTitle).Rejection!.Reason);
    }

    [Fact]
    public void CompactXmlWithEveryRecordOnOneLineGivesEachRecordALineOfItsOwn()
    {
        // Generated: the real trimmed page without its line breaks, as a server may send it.
        var text = string.Concat(File.ReadAllLines(TrimmedArxivRawList).Select(l => l + " "));

        var outcomes = ReadText(text).Outcomes;

        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], outcomes.Select(o => o.Record!.Source.Line));
    }

    [Fact]
    public void AGzipCompressedPageIsReadLikeThePlainOne()
    {
        using var scratch = new ScratchDirectory();
        var path = scratch.Write("page.xml.gz", GzipFixtures.Compress(File.ReadAllBytes(TrimmedArxivRawList)));

        var (outcomes, response) = ReadFile(path);

        Assert.Equal(6, outcomes.Count(o => o.Record is not null));
        Assert.Equal("726959|1001", response.ResumptionToken!.Token);
    }

    [Theory]
    [InlineData("oaipmh-identify---should-identify-arxiv.0.200.xml", "Identify")]
    [InlineData("oaipmh-listsets---should-list-arxiv-sets.0.200.xml", "ListSets")]
    [InlineData("oaipmh-listidentifiers---should-list-identifiers-from-arxiv.0.200.xml", "ListIdentifiers")]
    [InlineData("oaipmh-listmetadataformats---should-list-metadata-formats-for-arxiv.0.200.xml", "ListMetadataFormats")]
    public void AResponseOfAnotherVerbIsOneRejectionSayingItHoldsNoPaperRecords(string file, string verb)
    {
        var (outcomes, response) = ReadFile(Recorded("paperhive_oai-pmh_nock", "xml", file));

        var rejection = Assert.Single(outcomes).Rejection!;
        Assert.Equal($"an OAI-PMH {verb} response holds no paper records (only ListRecords and GetRecord responses do)",
            rejection.Reason);
        Assert.Equal(verb, response.Verb);
        Assert.True(response.Complete);
    }

    [Fact]
    public void TheLastPageOfAListHasAnEmptyTokenThatEndsTheList()
    {
        // Real, though not arXiv's: a repository's final ListIdentifiers page carries <resumptionToken ... />.
        var text = File.ReadAllText(Recorded("paperhive_oai-pmh_nock", "xml",
            "oaipmh-listidentifiers---should-list-identifiers-with-resumption-token-from-gulbenkian.1.200.xml"))
            .Replace("<ListIdentifiers>", "<ListRecords>", StringComparison.Ordinal)
            .Replace("</ListIdentifiers>", "</ListRecords>", StringComparison.Ordinal);

        var response = ReadText(text).Response;

        Assert.Equal(new OaiPmhResumptionToken("", 1, 154, null), response.ResumptionToken);
        Assert.True(response.ResumptionToken!.EndsList);
    }

    [Fact]
    public void AFileThatIsNotAnOaiPmhResponseIsOneRejection()
    {
        var atom = SharedData.Path("arxiv-api-atom", "arxiv.py_fixtures_2016", "id_list=1111.2011v2.xml");

        var (outcomes, response) = ReadFile(atom);

        var rejection = Assert.Single(outcomes).Rejection!;
        Assert.Equal(2, rejection.Location.Line);
        Assert.Contains("not <OAI-PMH>", rejection.Reason, StringComparison.Ordinal);
        Assert.False(response.Complete);
    }

    [Fact]
    public void AnEmptyFileIsOneRejectionNotACrash()
    {
        var outcomes = ReadText("").Outcomes;

        Assert.Contains("the file is not an XML document", Assert.Single(outcomes).Rejection!.Reason, StringComparison.Ordinal);
    }
}
