using PaperRadar.Core.Authors;

namespace PaperRadar.Tests.Authors;

/// <summary>S2AND's own example data (../shared/data/disambiguation/s2and-dummy) and broken copies of it.</summary>
public sealed class S2andDatasetTests
{
    private static string Dummy(string file) => SharedData.Path("disambiguation", "s2and-dummy", file);

    [Fact]
    public void ReadsSignaturesGoldAndPapers()
    {
        var data = S2andDataset.Read(Dummy("signatures.json"), Dummy("clusters.json"), Dummy("papers.json"));
        Assert.Equal(9, data.Signatures.Count);
        Assert.Equal(5, data.GoldClusterOfSignature.Count);
        var first = data.Signatures.Single(s => s.Id == "0");
        Assert.Equal(new PersonName("abdul", "sattar", ""), first.Name);
        Assert.Equal(["Bridgewater State University"], first.Affiliations);
        Assert.Equal(["Torben Lorenzen", "Abdul Sattar"], first.CoAuthors);
        Assert.Equal(2006, first.Year);
        Assert.Equal(["ACM SIGCSE Bull."], first.Venues);
        Assert.Equal("ORCID:1", first.KnownIdentifier);
        Assert.All(data.SignaturesWithoutIdentifiers(), s => Assert.Null(s.KnownIdentifier));
    }

    [Fact]
    public void ReadsTheQianDevData()
    {
        var folder = SharedData.Path("disambiguation", "s2and-qian-dev");
        var data = S2andDataset.Read(Path.Combine(folder, "signatures.json"), Path.Combine(folder, "clusters.json"));
        Assert.Equal(3274, data.Signatures.Count);
        Assert.Equal(567, data.GoldClusterOfSignature.Values.Distinct().Count());
    }

    [Fact]
    public void InvalidJsonIsReportedWithFileAndLine()
    {
        using var scratch = new ScratchDirectory();
        var broken = scratch.Write("signatures.json", "{\n  \"0\": {\"paper_id\": 1,\n  oops\n}"u8.ToArray());
        var error = Assert.Throws<S2andFormatException>(() => S2andDataset.Read(broken, Dummy("clusters.json")));
        Assert.Equal(broken, error.File);
        Assert.Equal("line 3, byte 3", error.Where);
        Assert.StartsWith("not valid JSON", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AGoldClusterNamingAnUnknownSignatureIsReported()
    {
        using var scratch = new ScratchDirectory();
        var clusters = scratch.Write("clusters.json", """{"1": {"cluster_id": "1", "signature_ids": ["0", "42"]}}"""u8.ToArray());
        var error = Assert.Throws<S2andFormatException>(() => S2andDataset.Read(Dummy("signatures.json"), clusters));
        Assert.Equal($"{clusters}: cluster \"1\": signature \"42\" is not in the signatures file", error.Message);
    }

    [Fact]
    public void AMissingFileSaysWhichOne()
    {
        var error = Assert.Throws<IOException>(() => S2andDataset.Read("/nonexistent/signatures.json", Dummy("clusters.json")));
        Assert.Contains("/nonexistent/signatures.json", error.Message, StringComparison.Ordinal);
    }
}
