using System.Text.Json;
using PaperRadar.IntegrationTests.Support;

namespace PaperRadar.IntegrationTests;

/// <summary>`index`, `search` and `related` as a user runs them: the real process on a store made from the sample.</summary>
public sealed class SearchCommandTests : IClassFixture<SearchCommandTests.IndexedStore>
{
    private readonly IndexedStore _store;

    public SearchCommandTests(IndexedStore store) => _store = store;

    public sealed class IndexedStore : IDisposable
    {
        private readonly ScratchDirectory _temp = new();

        public IndexedStore()
        {
            Db = _temp.File("sample.db");
            Check(PaperRadarProcess.Run("import", SharedData.Sample(), "--db", Db));
            Index = Check(PaperRadarProcess.Run("index", "--json", "--db", Db));
            IndexAgain = Check(PaperRadarProcess.Run("index", "--json", "--db", Db));
        }

        public string Db { get; }
        public CliResult Index { get; }
        public CliResult IndexAgain { get; }

        private static CliResult Check(CliResult result) =>
            result.ExitCode == 0 ? result : throw new InvalidOperationException(result.ToString());

        public void Dispose() => _temp.Dispose();
    }

    [Fact]
    public void IndexReportsWhatItDidAndASecondRunRedoesNothing()
    {
        var first = JsonDocument.Parse(_store.Index.Stdout).RootElement;
        var second = JsonDocument.Parse(_store.IndexAgain.Stdout).RootElement;

        Assert.Equal(741, first.GetProperty("keyword_added").GetInt64());
        Assert.Equal(741, first.GetProperty("embedded").GetInt64());
        Assert.True(first.GetProperty("trained").GetBoolean());
        Assert.Equal(0, second.GetProperty("keyword_added").GetInt64());
        Assert.Equal(0, second.GetProperty("embedded").GetInt64());
        Assert.Equal(741, second.GetProperty("vectors_unchanged").GetInt64());
        Assert.Equal(first.GetProperty("embedder").GetString(), second.GetProperty("embedder").GetString());
    }

    [Theory]
    [InlineData("keyword")]
    [InlineData("semantic")]
    [InlineData("hybrid")]
    public void SearchJsonPrintsOneObjectPerResultWithIdTitleScoreAndRank(string mode)
    {
        var result = PaperRadarProcess.Run("search", "diffusion models for video generation", "--mode", mode, "--limit", "5", "--json", "--db", _store.Db);

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(5, lines.Count);
        Assert.Equal(Enumerable.Range(1, 5), lines.Select(l => l.GetProperty("rank").GetInt32()));
        Assert.All(lines, l => Assert.Matches(@"^\d{4}\.\d{5}$", l.GetProperty("id").GetString()));
        Assert.All(lines, l => Assert.False(string.IsNullOrWhiteSpace(l.GetProperty("title").GetString())));
        Assert.All(lines, l => Assert.True(l.GetProperty("score").GetDouble() > 0));
        Assert.All(lines, l => Assert.Equal(mode, l.GetProperty("mode").GetString()));
    }

    [Fact]
    public void AnExactTitleIsTheFirstResult()
    {
        var result = PaperRadarProcess.Run("search", "Advances in polyconvex anisotropic hyperelasticity", "--json", "--db", _store.Db);

        var first = JsonDocument.Parse(result.Stdout.Split('\n')[0]).RootElement;
        Assert.Equal("2605.27011", first.GetProperty("id").GetString());
        Assert.Equal("Advances in polyconvex anisotropic hyperelasticity", first.GetProperty("title").GetString());
    }

    [Fact]
    public void SnippetsInJsonAreHtmlWithTheMatchesMarked()
    {
        var result = PaperRadarProcess.Run("search", "hyperelasticity", "--mode", "keyword", "--json", "--db", _store.Db);

        var first = JsonDocument.Parse(result.Stdout.Split('\n')[0]).RootElement;
        Assert.Contains("<mark>hyperelasticity</mark>", first.GetProperty("title_html").GetString(), StringComparison.Ordinal);
        Assert.Contains("<mark>", first.GetProperty("snippet_html").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void HumanOutputListsTheResultsAndAFilterItCannotReadIsNoted()
    {
        var result = PaperRadarProcess.Run("search", "hyperelasticity year:soon", "--mode", "keyword", "--db", _store.Db);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("year:soon is not a year", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void RelatedJsonListsOtherPapersWithWhyTheyAreRelated()
    {
        var result = PaperRadarProcess.Run("related", "2605.27011", "--limit", "4", "--json", "--db", _store.Db);

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(4, lines.Count);
        Assert.DoesNotContain(lines, l => l.GetProperty("id").GetString() == "2605.27011");
        Assert.All(lines, l => Assert.True(l.TryGetProperty("similarity", out _) && l.TryGetProperty("shares_author", out _)));
    }

    [Theory]
    [InlineData("related", "2101.00001", "no paper 2101.00001")]
    [InlineData("related", "not-an-id", "arXiv id")]
    [InlineData("search", "x", "--limit must be at least 1")]
    public void BadInputIsAClearErrorAndExitCodeOne(string verb, string argument, string expected)
    {
        var result = verb == "search"
            ? PaperRadarProcess.Run(verb, argument, "--limit", "0", "--db", _store.Db)
            : PaperRadarProcess.Run(verb, argument, "--db", _store.Db);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AModelFolderThatDoesNotExistIsAClearError()
    {
        var result = PaperRadarProcess.Run("index", "--model", "/nonexistent/model", "--db", _store.Db);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("/nonexistent/model", result.Stderr, StringComparison.Ordinal);
    }
}
