using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;
using PaperRadar.Core.Search;
using PaperRadar.Core.Text;
using PaperRadar.Storage;
using PaperRadar.Storage.Import;
using PaperRadar.Storage.Search;

namespace PaperRadar.IntegrationTests;

/// <summary>
/// The keyword search's shortcuts (ranking only the few papers that have a query's rarest words, not requiring words
/// found in more than half the papers, walking the newest papers for a date-sorted common word) give the answers of
/// one plain FTS5 query over the same index. The store holds the sample and arXiv's three busiest days in
/// ../shared/data/arxiv-daily (about 3,200 real papers), so common words match more than a thousand papers.
/// </summary>
public sealed partial class KeywordSearchPlanTests : IClassFixture<KeywordSearchPlanTests.IndexedDays>
{
    private readonly IndexedDays _days;

    public KeywordSearchPlanTests(IndexedDays days) => _days = days;

    public sealed class IndexedDays : IDisposable
    {
        private readonly ScratchDirectory _temp = new();

        public IndexedDays()
        {
            Path = _temp.File("days.db");
            Store = PaperStore.Open(Path);
            new Importer(Store).Import([
                SharedData.Sample(),
                .. new[] { "2026-05-19", "2026-04-21", "2026-05-26" }.Select(day => SharedData.Path("arxiv-daily", day + ".jsonl.gz")),
            ]);
            Index = new KeywordIndex(Store);
            Index.Refresh();
            Oracle = new SqliteConnection($"Data Source={Path};Mode=ReadOnly;Pooling=False");
            Oracle.Open();
            Papers = Oracle.ExecuteScalar<long>("SELECT count(*) FROM paper_text");
        }

        public string Path { get; }
        public PaperStore Store { get; }
        public KeywordIndex Index { get; }

        /// <summary>A connection of the test's own to the same file, asking FTS5 directly.</summary>
        public SqliteConnection Oracle { get; }

        public long Papers { get; }

        public long PapersWith(string word) =>
            Oracle.ExecuteScalar<long>("SELECT count(*) FROM paper_text WHERE paper_text MATCH @match", new { match = Quoted(word) });

        public void Dispose()
        {
            Oracle.Dispose();
            Store.Dispose();
            _temp.Dispose();
        }
    }

    private static string Quoted(string word) => "\"" + word + "\"";

    /// <summary>
    /// The oracle's reading of a query: every word but function words and words in more than half the papers
    /// (all of them when nothing else is left), each required, ranked by FTS5's BM25 with the index's weights.
    /// </summary>
    private List<(string Id, double Score)> OracleAllWords(string query)
    {
        var words = query.Split(' ').ToList();
        var content = words.Where(w => !EnglishStopWords.Contains(w)).ToList();
        var required = content.Count > 0 ? content : words;
        var specific = required.Where(w => _days.PapersWith(w) <= _days.Papers / 2).ToList();
        var match = string.Join(" AND ", (specific.Count > 0 ? specific : required).Select(Quoted));
        return _days.Oracle.Query<(string Id, double Rank)>(
                "SELECT p.id, t.rank FROM paper_text t JOIN papers p ON p.rowid = t.rowid WHERE paper_text MATCH @match ORDER BY t.rank, t.rowid",
                new { match })
            .Select(r => (r.Id, -r.Rank))
            .ToList();
    }

    /// <summary>Text as plain lower-case words, so that the query parser and the oracle read the same words.</summary>
    private static string Words(string text) =>
        string.Join(' ', WordRegex().Matches(text.ToLowerInvariant()).Select(m => m.Value));

    private List<string> Titles(int count) => _days.Oracle
        .Query<string>("SELECT title FROM papers ORDER BY id LIMIT @count", new { count = count * 7 })
        .Where((_, i) => i % 7 == 0)
        .ToList();

    [Fact]
    public void TitleQueriesRankTheirAllWordsMatchesAsOneFts5QueryWould()
    {
        var checkedQueries = 0;
        foreach (var title in Titles(60))
        {
            // A title less its last word: several words, of which the rarest pick out one or a few papers.
            var words = Words(title).Split(' ');
            if (words.Length < 4)
            {
                continue;
            }
            var query = string.Join(' ', words[..^1]);
            var expected = OracleAllWords(query).Take(10).ToList();
            var found = _days.Index.Search(SearchQuery.Parse(query), 10).Where(h => h.MatchedAllWords).ToList();

            Assert.True(expected.SequenceEqual(found.Select(h => (h.Id, h.Score)), SameRanking.Instance),
                $"{query}: expected {string.Join(", ", expected)}, found {string.Join(", ", found.Select(h => (h.Id, h.Score)))}");
            checkedQueries++;
        }
        Assert.True(checkedQueries >= 40, $"only {checkedQueries} titles had four words or more");
    }

    [Fact]
    public void ASentenceFromAnAbstractFindsItsPaperFirstAmongThoseWithAllItsWords()
    {
        var abstracts = _days.Oracle.Query<(string Id, string Abstract)>(
            "SELECT id, abstract FROM papers WHERE abstract IS NOT NULL ORDER BY id DESC LIMIT 30").ToList();
        foreach (var (id, text) in abstracts)
        {
            var sentence = Words(text.Split(". ")[0]);
            var expected = OracleAllWords(sentence);
            var found = _days.Index.Search(SearchQuery.Parse(sentence), 10).ToList();

            Assert.Contains(id, expected.Select(e => e.Id));
            Assert.Equal(expected.Take(10).Select(e => e.Id), found.Where(h => h.MatchedAllWords).Select(h => h.Id));
        }
    }

    [Fact]
    public void AWordInMoreThanHalfThePapersIsNotRequired()
    {
        Assert.True(_days.PapersWith("model") > _days.Papers / 2, "the corpus should have \"model\" in most papers");
        var withTransformer = _days.PapersWith("transformer");
        var withBoth = _days.Oracle.ExecuteScalar<long>(
            "SELECT count(*) FROM paper_text WHERE paper_text MATCH '\"transformer\" AND \"model\"'");
        Assert.True(withTransformer > withBoth, "some papers should say transformer without model");

        var found = _days.Index.Search(SearchQuery.Parse("transformer model"), 10_000);

        Assert.Equal(withTransformer, found.Count);
        Assert.Equal(withTransformer, _days.Index.Count(SearchQuery.Parse("transformer model")));
        // A query of nothing but such words still requires them.
        Assert.Equal(_days.PapersWith("model"), _days.Index.Count(SearchQuery.Parse("model")));
    }

    [Theory]
    [InlineData("model")]
    [InlineData("learning")]
    [InlineData("transformer")]
    [InlineData("quantum")]
    public void SortedByDateTheNewestMatchingPapersComeFirstInListingOrder(string word)
    {
        var expected = _days.Oracle.Query<string>(
            "SELECT p.id FROM paper_text t JOIN papers p ON p.rowid = t.rowid WHERE paper_text MATCH @match " +
            "ORDER BY p.first_appeared DESC, p.id DESC LIMIT 60",
            new { match = Quoted(word) }).ToList();
        Assert.NotEmpty(expected);

        var found = _days.Index.Search(SearchQuery.Parse(word + " sort:date"), 50, offset: 10);

        Assert.Equal(expected.Skip(10), found.Select(h => h.Id));
    }

    [Fact]
    public void CountsKeptBetweenQueriesFollowAnotherConnectionsChanges()
    {
        using var temp = new ScratchDirectory();
        var path = temp.File("shared.db");
        using var reader = PaperStore.Open(path);
        new Importer(reader).Import([SharedData.Sample()]);
        var readerIndex = new KeywordIndex(reader);
        readerIndex.Refresh();
        const string Query = "scaling laws skills agent systems";
        var before = readerIndex.Search(SearchQuery.Parse(Query), 10);

        // Another connection (another process's `index`, say) adds a day of papers and indexes them.
        using (var writer = PaperStore.Open(path))
        {
            new Importer(writer).Import([SharedData.Path("arxiv-daily", "2026-05-19.jsonl.gz")]);
            new KeywordIndex(writer).Refresh();
        }
        var after = readerIndex.Search(SearchQuery.Parse(Query), 10);

        using var oracle = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        var expected = oracle.Query<(string Id, double Rank)>(
                "SELECT p.id, t.rank FROM paper_text t JOIN papers p ON p.rowid = t.rowid " +
                "WHERE paper_text MATCH '\"scaling\" AND \"laws\" AND \"skills\" AND \"agent\" AND \"systems\"' ORDER BY t.rank LIMIT 10")
            .Select(r => (r.Id, -r.Rank))
            .ToList();
        Assert.DoesNotContain(before, h => h.MatchedAllWords);
        Assert.Contains(expected, e => e.Id == "2605.16508");
        Assert.True(expected.SequenceEqual(after.Where(h => h.MatchedAllWords).Select(h => (h.Id, h.Score)), SameRanking.Instance),
            $"expected {string.Join(", ", expected)}, found {string.Join(", ", after.Select(h => (h.Id, h.Score)))}");
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordRegex();
}
/// <summary>The same paper with the same BM25 score, to rounding.</summary>
file sealed class SameRanking : IEqualityComparer<(string Id, double Score)>
{
    public static readonly SameRanking Instance = new();

    public bool Equals((string Id, double Score) a, (string Id, double Score) b) => a.Id == b.Id && Math.Abs(a.Score - b.Score) < 1e-9;

    public int GetHashCode((string Id, double Score) hit) => hit.Id.GetHashCode(StringComparison.Ordinal);
}
