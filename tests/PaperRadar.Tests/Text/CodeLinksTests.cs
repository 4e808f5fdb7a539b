using PaperRadar.Core.Readers;
using PaperRadar.Core.Text;
using PaperRadar.Tests.Readers;

namespace PaperRadar.Tests.Text;

public class CodeLinksTests
{
    [Theory]
    [InlineData("Code is available at https://github.com/dongguanting/Tool-Star.", "https://github.com/dongguanting/Tool-Star")]
    [InlineData("code is available at\nhttps://github.com/Kuangxd/Neural-KMDS-Net/tree/main.", "https://github.com/Kuangxd/Neural-KMDS-Net")]
    [InlineData("available in our \\href{https://github.com/HanxunH/XTransferBench}{GitHub}", "https://github.com/HanxunH/XTransferBench")]
    [InlineData("Code: github.com/yasNing/Long-otimes-Short/.", "https://github.com/yasNing/Long-otimes-Short")]
    [InlineData("see https://GitLab.com/group/tool.git for the code", "https://gitlab.com/group/tool")]
    [InlineData("Models at https://huggingface.co/org/model", null)]
    [InlineData("Project page: https://org.github.io/project", null)]
    [InlineData("https://github.com/topics/llm lists related work", null)]
    [InlineData("no links here", null)]
    public void FindsTheRepositoryNamedInText(string text, string? expected) =>
        Assert.Equal(expected, CodeLinks.Find(text));

    [Fact]
    public void CommentsAreSearchedBeforeTheAbstract() =>
        Assert.Equal("https://github.com/a/from-comments",
            CodeLinks.Find(null, "Code: https://github.com/a/from-comments", "We build on https://github.com/b/other"));

    [Fact]
    public void RealDailyPapersLinkTheirCodeAtAPlausibleRate()
    {
        var file = SharedData.Path("arxiv-daily", "2025-03-18.jsonl.gz");
        var records = ReaderRuns.ReadFile(new ArxivDailyReader(), file).Select(o => o.Record!).ToList();
        var linked = records.Count(r => CodeLinks.Find(r.Comments, r.Abstract) is not null);
        // About a quarter of ML papers point at a repository (17,072 of 108,525 daily rows mention github.com).
        Assert.InRange((double)linked / records.Count, 0.08, 0.40);
        Assert.All(records.Select(r => CodeLinks.Find(r.Comments, r.Abstract)).OfType<string>(),
            link => Assert.Matches("^https://(github\\.com|gitlab\\.com|bitbucket\\.org|codeberg\\.org)/[^/]+/[^/]+$", link));
    }
}
