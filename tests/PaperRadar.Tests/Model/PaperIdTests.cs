using PaperRadar.Core.Model;

namespace PaperRadar.Tests.Model;

public sealed class PaperIdTests
{
    [Theory]
    [InlineData("2410.17243", "2410.17243", "arxiv")]
    [InlineData("arXiv:2410.17243v2", "2410.17243", "arxiv")]
    [InlineData("hep-th/9709111", "hep-th/9709111", "arxiv")]
    [InlineData("acl:P02-1040", "acl:P02-1040", "acl")]
    [InlineData("ACL:P02-1040", "acl:P02-1040", "acl")]
    [InlineData("acl:2020.acl-main.1", "acl:2020.acl-main.1", "acl")]
    [InlineData("s2:77490025", "s2:77490025", "s2")]
    [InlineData("doi:10.18653/V1/D19-1001", "doi:10.18653/v1/d19-1001", "doi")]
    [InlineData("doi:https://doi.org/10.1016/J.X", "doi:10.1016/j.x", "doi")]
    public void IdsOfEverySchemeParseToTheirCanonicalForm(string text, string expected, string scheme)
    {
        var id = PaperId.Parse(text);

        Assert.Equal(expected, id.Value);
        Assert.Equal(scheme, id.Scheme);
        Assert.Equal(scheme == "arxiv", id.Arxiv is not null);
    }

    [Theory]
    [InlineData("acl:", "the acl id is empty")]
    [InlineData("acl:P02 1040", "contains spaces")]
    [InlineData("doi:11.1/x", "is not a DOI")]
    [InlineData("s2:abc", "is not a Semantic Scholar corpus id")]
    [InlineData("pmid:123", "is neither an arXiv id nor one of")]
    [InlineData("2410.1724", "has a 4-digit number")]
    public void ABadIdSaysWhatIsWrong(string text, string reason)
    {
        Assert.False(PaperId.TryParse(text, out _, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnArxivIdIsThePaperIdOfItsPaperWrittenBare()
    {
        PaperId id = ArxivId.Parse("2410.17243v3");

        Assert.Equal(PaperId.Parse("2410.17243"), id);
        Assert.Equal("2410.17243", id.LocalId);
        Assert.Equal(ArxivId.Parse("2410.17243"), id.Arxiv);
    }
}
