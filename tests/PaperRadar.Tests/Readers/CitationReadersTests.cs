using System.Text;
using PaperRadar.Core.Model;
using PaperRadar.Core.Readers;

namespace PaperRadar.Tests.Readers;

/// <summary>
/// The citation networks in ../shared/data: the ACL Anthology Network (18,041 papers' metadata and 94,973 citation
/// edges) and SNAP's hep-ph network (a 201,300-edge part of it). Damaged inputs are generated here, since the real
/// files have none.
/// </summary>
public sealed class CitationReadersTests
{
    private static readonly string AanMetadata = SharedData.Path("acl-anthology-network", "acl-metadata.txt");
    private static readonly string AanCitations = SharedData.Path("acl-anthology-network", "acl.txt");
    private static readonly string HepPhCitations = SharedData.Path("citations", "cit-HepPh.subset-from-CSE310Project3.txt");

    [Fact]
    public void EveryPaperOfTheAclAnthologyNetworkIsReadWithItsYearAndVenue()
    {
        var outcomes = ReaderRuns.ReadFile(new AclAnthologyNetworkReader(), AanMetadata);

        Assert.All(outcomes, o => Assert.Null(o.Rejection));
        Assert.Equal(18_041, outcomes.Count);
        var records = outcomes.Select(o => o.Record!).ToList();
        Assert.Equal(18_041, records.Select(r => r.Id).Distinct().Count());
        Assert.All(records, r => Assert.Equal(PaperId.AclScheme, r.Id.Scheme));
        Assert.Equal(1965, records.Min(r => r.Year));
        Assert.Equal(2011, records.Max(r => r.Year));

        var first = records[0];
        Assert.Equal("acl:D10-1001", first.Id.Value);
        Assert.Equal(1, first.Source.Line);
        Assert.Equal("On Dual Decomposition and Linear Programming Relaxations for Natural Language Processing", first.Title);
        Assert.Equal(["Alexander M. Rush", "David Sontag", "Michael John Collins", "Tommi Jaakkola"], first.Authors.Select(a => a.Name));
        Assert.Equal("EMNLP", first.Venue);
        Assert.Equal(2010, first.Year);
    }

    [Fact]
    public void TitlesInWindows1252AndAccentsAsHtmlEntitiesAreDecoded()
    {
        var records = ReaderRuns.ReadFile(new AclAnthologyNetworkReader(), AanMetadata).Select(o => o.Record!)
            .ToDictionary(r => r.Id.Value);

        // Line 10173 holds the bytes 0x93 ("“") that are not UTF-8.
        Assert.Equal("Annotating “tense?in a Tense-less Language", records["acl:L08-1021"].Title);
        Assert.Contains(records.Values, r => r.Authors.Any(a => a.Name == "Hal Daumé III"));
        Assert.Contains(records.Values, r => r.Authors.Any(a => a.Name == "Fabien Cromierès"));
        Assert.DoesNotContain(records.Values, r => r.Authors.Any(a => a.Name.Contains('&', StringComparison.Ordinal) && a.Name.Contains(';', StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("Rush, Alexander M.; Sontag, David", new[] { "Alexander M. Rush", "David Sontag" })]
    [InlineData("Gispert, Adri&agrave;; de; Pino, Juan", new[] { "Adrià de Gispert", "Juan Pino" })]
    [InlineData("&Oacute;; S&eacute;aghdha, Diarmuid; Korhonen, Anna", new[] { "Diarmuid Ó Séaghdha", "Anna Korhonen" })]
    [InlineData("Lin, Thomas; Mausam; Etzioni, Oren", new[] { "Thomas Lin", "Mausam", "Oren Etzioni" })]
    [InlineData("Smith, John; s", new[] { "John Smith" })]
    public void AuthorListsAreSplitIntoNamesWithTheirPartsRejoined(string text, string[] expected) =>
        Assert.Equal(expected, AclAnthologyNetworkReader.Authors(text).Select(a => a.Name));

    [Fact]
    public void ARecordWithoutAYearOrWithABrokenLineIsRejectedWithItsLine()
    {
        var text = "id = {P02-1040}\ntitle = {BLEU}\n\nid = {P02-1041}\ntitle = {Other}\nyear = {2002}\nthis is not a field\n\nid = {P02-1042}\ntitle = {Fine}\nyear = {2002}\n";
        var outcomes = new AclAnthologyNetworkReader().Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "/data/aan.txt").ToList();

        Assert.Equal(3, outcomes.Count);
        Assert.Equal(1, outcomes[0].Rejection!.Location.Line);
        Assert.Contains("acl:P02-1040 has no year", outcomes[0].Rejection!.Reason, StringComparison.Ordinal);
        Assert.Equal(4, outcomes[1].Rejection!.Location.Line);
        Assert.Contains("line 7 is not 'key = {value}'", outcomes[1].Rejection!.Reason, StringComparison.Ordinal);
        Assert.Equal("acl:P02-1042", outcomes[2].Record!.Id.Value);
    }

    [Fact]
    public void EveryCitationOfTheAclAnthologyNetworkIsReadAndThePennTreebankHas847()
    {
        var outcomes = ReaderRuns.ReadFile(new CitationEdgeListReader(), AanCitations);

        Assert.All(outcomes, o => Assert.Null(o.Rejection));
        Assert.Equal(94_973, outcomes.Count);
        var first = outcomes[0].Citation!;
        Assert.Equal(("acl:C08-3004", "acl:A00-1002", 1L), (first.Citing.Value, first.Cited.Value, first.Source.Line));
        Assert.Equal(847, outcomes.Where(o => o.Citation!.Cited.Value == "acl:J93-2004").Select(o => o.Citation!.Citing).Distinct().Count());
        Assert.Equal(729, outcomes.Where(o => o.Citation!.Cited.Value == "acl:P02-1040").Select(o => o.Citation!.Citing).Distinct().Count());
        // Ids with a letter suffix (parts of one anthology entry) are ids too.
        Assert.Contains(outcomes, o => o.Citation!.Citing.Value == "acl:J79-1032f");
    }

    [Fact]
    public void SnapsBareNumbersAreArxivIdsOfTheArchiveTheFileNames()
    {
        var outcomes = ReaderRuns.ReadFile(new CitationEdgeListReader(), HepPhCitations);

        Assert.All(outcomes, o => Assert.Null(o.Rejection));
        Assert.Equal(201_300, outcomes.Count);
        Assert.Equal(("hep-ph/9907233", "hep-ph/9301253"), (outcomes[0].Citation!.Citing.Value, outcomes[0].Citation!.Cited.Value));
        Assert.All(outcomes, o => Assert.NotNull(o.Citation!.Cited.Arxiv));
    }

    [Fact]
    public void BareNumbersInAFileThatNamesNoNetworkAndLinesThatAreNotPairsAreRejectedWithTheReason()
    {
        var text = "# generated: a SNAP-style list under a name that says nothing\n9907233\t9301253\nP02-1040 , J93-2004\nonly-one-id\nP02-1040 , not an id\n";
        var outcomes = new CitationEdgeListReader().Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "/data/edges.txt").ToList();

        Assert.Equal(4, outcomes.Count);
        Assert.Contains("name the network in the file name", outcomes[0].Rejection!.Reason, StringComparison.Ordinal);
        Assert.Equal(2, outcomes[0].Rejection!.Location.Line);
        Assert.Equal("acl:J93-2004", outcomes[1].Citation!.Cited.Value);
        Assert.Contains("not a 'citing cited' pair", outcomes[2].Rejection!.Reason, StringComparison.Ordinal);
        Assert.StartsWith("the cited paper:", outcomes[3].Rejection!.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("acl-anthology-network/acl-metadata.txt", "aan-metadata")]
    [InlineData("acl-anthology-network/acl.txt", "citation-edges")]
    [InlineData("citations/cit-HepPh.subset-from-CSE310Project3.txt", "citation-edges")]
    [InlineData("citations/cit-HepPh-years.from-CSE310Project3.txt", null)]
    [InlineData("citations/cit-HepTh-dates.txt", null)]
    public void CitationNetworkFilesAreDetectedAndTablesOfDatesAreNot(string path, string? format)
    {
        var detected = PaperReaders.Detect(SharedData.Path(path.Split('/')), out var reason);

        Assert.Equal(format, detected);
        if (format is null)
        {
            Assert.Contains("dates or years, not citations", reason, StringComparison.Ordinal);
        }
    }
}
