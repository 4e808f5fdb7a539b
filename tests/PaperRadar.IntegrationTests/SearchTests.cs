using FsCheck;
using FsCheck.Fluent;
using PaperRadar.Core.Model;
using PaperRadar.Search;
using PaperRadar.Search.Indexing;
using PaperRadar.Storage;
using PaperRadar.Storage.Import;
using PaperRadar.Storage.Search;

namespace PaperRadar.IntegrationTests;

/// <summary>
/// Keyword, semantic and hybrid search and related papers on a real SQLite store holding the repository's sample
/// (741 real papers), indexed as `paperradar index` does. Expected answers come from the sample's JSON itself.
/// </summary>
public sealed class SearchTests : IClassFixture<SearchTests.IndexedSample>
{
    private readonly IndexedSample _sample;

    public SearchTests(IndexedSample sample) => _sample = sample;

    public sealed class IndexedSample : IDisposable
    {
        private readonly ScratchDirectory _temp = new();

        public IndexedSample()
        {
            Store = PaperStore.Open(_temp.File("search.db"));
            new Importer(Store).Import([SharedData.Sample()]);
            Report = SearchIndexer.Run(Store, new IndexOptions());
            Engine = new SearchEngine(Store);
            Papers = Store.AllPapers().ToDictionary(p => p.Id.Value);
        }

        public PaperStore Store { get; }
        public IndexReport Report { get; }
        public SearchEngine Engine { get; }
        public Dictionary<string, Paper> Papers { get; }

        public void Dispose()
        {
            Store.Dispose();
            _temp.Dispose();
        }
    }

    private List<Paper> Run(string query, SearchMode mode = SearchMode.Keyword, int limit = 1000) =>
        _sample.Engine.Search(query, mode, limit).Results.Select(r => _sample.Papers[r.Id]).ToList();

    [Fact]
    public void IndexingTheSampleGivesEveryPaperAWordEntryAndAVector()
    {
        Assert.Equal(741, _sample.Report.Keyword.Added);
        Assert.Equal(741, _sample.Report.Embedded);
        Assert.True(_sample.Report.Trained);
        Assert.StartsWith("lsa-", _sample.Report.Embedder, StringComparison.Ordinal);
        Assert.Null(_sample.Engine.SemanticUnavailable);
    }

    [Theory]
    [InlineData(SearchMode.Keyword)]
    [InlineData(SearchMode.Hybrid)]
    public void APapersExactTitleFindsItFirst(SearchMode mode)
    {
        foreach (var paper in _sample.Papers.Values.OrderBy(p => p.Id.Value, StringComparer.Ordinal).Take(40))
        {
            var first = _sample.Engine.Search(paper.Title, mode, 1).Results.Single();
            Assert.True(paper.Id.Value == first.Id, $"{mode} '{paper.Title}' found {first.Id} '{first.Title}'");
        }
    }

    [Fact]
    public void APhraseMatchesOnlyItsWordsInOrder()
    {
        var results = Run("\"polyconvex anisotropic hyperelasticity\"");

        Assert.Equal("2605.27011", Assert.Single(results).Id.Value);
        Assert.Empty(Run("\"hyperelasticity anisotropic polyconvex\""));
    }

    [Fact]
    public void ExcludedWordsAppearInNoResult()
    {
        var withImages = Run("diffusion");
        var results = Run("diffusion -image");

        Assert.NotEmpty(results);
        Assert.True(results.Count < withImages.Count);
        // Words are compared by stem, as the index does: "images" is excluded too, "ImageReward" is another word.
        Assert.DoesNotContain(results, p => System.Text.RegularExpressions.Regex.IsMatch(
            p.Title + " " + p.Abstract + " " + p.Comments + " " + string.Join(" ", p.Authors.Select(a => a.Name)),
            @"\bimag(e|es|ed|ing)?\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
    }

    [Fact]
    public void AnAuthorFilterWithAFullNameMatchesThatNameAndWithASurnameAnyoneOfIt()
    {
        var expected = _sample.Papers.Values.Count(p => p.Authors.Any(a => a.Name == "Rui Liu"));

        var byName = Run("author:\"Rui Liu\"");
        var bySurname = Run("author:Liu");

        Assert.True(expected >= 3, $"{expected} papers by Rui Liu");
        Assert.Equal(expected, byName.Count);
        Assert.All(byName, p => Assert.Contains(p.Authors, a => a.Name == "Rui Liu"));
        Assert.Equal(_sample.Papers.Values.Count(p => p.Authors.Any(a => a.Name.EndsWith(" Liu", StringComparison.Ordinal))), bySurname.Count);
        Assert.All(Run("author:\"rui liu\" model"), p => Assert.Contains(p.Authors, a => a.Name == "Rui Liu"));
    }

    [Theory]
    [InlineData("cat:cs.GR", "cs.GR", false)]
    [InlineData("cat:cs.gr", "cs.GR", false)]
    [InlineData("cat:math.*", "math.", true)]
    [InlineData("cat:math", "math.", true)]
    public void ACategoryFilterMatchesAnyOfAPapersCategories(string query, string category, bool isArchive)
    {
        bool Matches(Paper p) => p.Categories.Any(c => isArchive ? c.StartsWith(category, StringComparison.Ordinal) : c == category);

        var results = Run(query);

        Assert.NotEmpty(results);
        Assert.Equal(_sample.Papers.Values.Count(Matches), results.Count);
        Assert.All(results, p => Assert.True(Matches(p)));
    }

    [Fact]
    public void HasCodeKeepsPapersThatLinkARepository()
    {
        var results = Run("has:code");

        Assert.Equal(_sample.Papers.Values.Count(p => p.CodeUrl is not null), results.Count);
        Assert.InRange(results.Count, 40, 400);
        Assert.All(Run("has:code model"), p => Assert.NotNull(p.CodeUrl));
    }

    [Fact]
    public void DateFiltersUseTheDayAPaperFirstAppeared()
    {
        var late = Run("since:2026-05-28");
        var early = Run("until:2026-05-27");

        Assert.NotEmpty(late);
        Assert.All(late, p => Assert.True(p.FirstAppeared >= new DateOnly(2026, 5, 28)));
        Assert.All(early, p => Assert.True(p.FirstAppeared <= new DateOnly(2026, 5, 27)));
        Assert.Equal(_sample.Papers.Count, late.Count + early.Count);
        Assert.Equal(_sample.Papers.Count, Run("year:2026").Count);
        Assert.Empty(Run("year:2019"));
    }

    [Fact]
    public void SortByDatePutsTheNewestFirst()
    {
        var results = Run("model sort:date");

        Assert.True(results.Count > 50);
        Assert.Equal(results.Select(p => p.FirstAppeared).OrderDescending(), results.Select(p => p.FirstAppeared));
    }

    [Fact]
    public void SnippetsMarkTheMatchedWords()
    {
        var result = _sample.Engine.Search("hyperelasticity", SearchMode.Keyword).Results.First();

        Assert.Contains(KeywordIndex.MarkStart + "hyperelasticity" + KeywordIndex.MarkEnd, result.TitleHighlighted!, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(KeywordIndex.MarkStart.ToString(), result.Snippet!, StringComparison.Ordinal);
        Assert.True(result.MatchedAllWords);
    }

    [Fact]
    public void ASentenceAsAQueryFallsBackToPapersWithSomeOfItsWords()
    {
        var results = _sample.Engine.Search("which polyconvex tokenizers improve quantum hyperelasticity benchmarks", SearchMode.Keyword, 10).Results;

        Assert.Equal(10, results.Count);
        Assert.All(results, r => Assert.False(r.MatchedAllWords));
        Assert.Equal("2605.27011", results[0].Id);
    }

    [Theory]
    [InlineData("\"", null)]
    [InlineData("NEAR(polyconvex hyperelasticity)", "2605.27011")]
    [InlineData("polyconvex*", "2605.27011")]
    [InlineData("polyconv*", "2605.27011")]
    [InlineData("^polyconvex", "2605.27011")]
    [InlineData("title: polyconvex", "2605.27011")]
    [InlineData("title:polyconvex", "2605.27011")]
    [InlineData("abstract:polyconvex", null)]
    [InlineData("polyconvex:hyperelasticity", "2605.27011")]
    [InlineData("polyconvex AND OR NOT hyperelasticity", "2605.27011")]
    [InlineData("(polyconvex", "2605.27011")]
    [InlineData("{title}: polyconvex", null)]
    [InlineData("polyconvex -", "2605.27011")]
    [InlineData("polyconvex \"\"", "2605.27011")]
    [InlineData("polyconvex \"", "2605.27011")]
    [InlineData("'polyconvex'", "2605.27011")]
    [InlineData("polyconvex\0", "2605.27011")]
    public void CharactersThatMeanSomethingToFts5AreSearchedAsTyped(string query, string? first)
    {
        foreach (var mode in Enum.GetValues<SearchMode>())
        {
            var results = _sample.Engine.Search(query, mode, 5).Results;
            if (first is not null && mode == SearchMode.Keyword)
            {
                Assert.Equal(first, results[0].Id);
            }
        }
    }

    [Fact]
    public void NearIsAWordNotAnOperator()
    {
        var results = Run("NEAR(anisotropic hyperelasticity)");
        Assert.Equal(Run("near anisotropic hyperelasticity").Select(p => p.Id), results.Select(p => p.Id));
    }

    [Fact]
    public void AnyStringIsAValidQueryInEveryMode() =>
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
        {
            foreach (var mode in Enum.GetValues<SearchMode>())
            {
                _sample.Engine.Search(text, mode, 3);
            }
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));

    [Fact]
    public void ASemanticSearchForASentenceOfTheAbstractFindsThePaper()
    {
        var trials = 0;
        var found = 0;
        foreach (var paper in _sample.Papers.Values.OrderBy(p => p.Id.Value, StringComparer.Ordinal).Where((_, i) => i % 20 == 0))
        {
            var sentences = (paper.Abstract ?? "").Split(". ", StringSplitOptions.RemoveEmptyEntries);
            if (sentences.Length < 3)
            {
                continue;
            }
            trials++;
            var results = _sample.Engine.Search(sentences[1], SearchMode.Semantic, 10).Results;
            found += results.Any(r => r.Id == paper.Id.Value) ? 1 : 0;
            Assert.All(results, r => Assert.Equal([SearchMode.Semantic], r.FoundBy));
        }
        Assert.True(found >= trials * 0.7, $"{found} of {trials}");
    }

    [Fact]
    public void SemanticAndHybridResultsPassTheFilters()
    {
        foreach (var mode in new[] { SearchMode.Semantic, SearchMode.Hybrid })
        {
            var results = Run("rendering of 3D scenes cat:cs.GR", mode, 10);
            Assert.NotEmpty(results);
            Assert.All(results, p => Assert.Contains("cs.GR", p.Categories));
            Assert.All(Run("language models -language", mode, 10), p =>
                Assert.DoesNotContain("language", p.Title + " " + p.Abstract, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void HybridFusesBothListsAndSaysWhichFoundEachPaper()
    {
        var response = _sample.Engine.Search("video generation with diffusion", SearchMode.Hybrid, 20);

        Assert.Equal(SearchMode.Hybrid, response.Mode);
        Assert.Equal(20, response.Results.Count);
        Assert.Equal(Enumerable.Range(1, 20), response.Results.Select(r => r.Rank));
        Assert.Equal(response.Results.Select(r => r.Score).OrderDescending(), response.Results.Select(r => r.Score));
        Assert.Contains(response.Results, r => r.FoundBy.Count == 2);
    }

    [Fact]
    public void PagesFollowEachOtherWithoutGapsOrRepeats()
    {
        foreach (var mode in Enum.GetValues<SearchMode>())
        {
            var all = _sample.Engine.Search("learning", mode, 30).Results.Select(r => r.Id).ToList();
            var pages = Enumerable.Range(0, 3).SelectMany(page => _sample.Engine.Search("learning", mode, 10, page * 10).Results.Select(r => r.Id)).ToList();
            Assert.Equal(all, pages);
        }
    }

    [Fact]
    public void RelatedPapersExcludeTheSeedAndExplainTheirBoosts()
    {
        var seed = _sample.Papers["2605.27011"];

        var related = _sample.Engine.Related(seed.Id, 10);

        Assert.Equal(10, related.Count);
        Assert.DoesNotContain(related, r => r.Id == seed.Id.Value);
        Assert.Equal(related.Select(r => r.Score).OrderDescending(), related.Select(r => r.Score));
        foreach (var paper in related)
        {
            var other = _sample.Papers[paper.Id];
            Assert.Equal(other.Authors.Any(a => seed.Authors.Any(s => s.Name == a.Name)), paper.SharesAuthor);
            Assert.Equal(other.PrimaryCategory == seed.PrimaryCategory, paper.SamePrimaryCategory);
            Assert.Equal(paper.Similarity + (paper.SharesAuthor ? SearchEngine.SharedAuthorBoost : 0) +
                         (paper.SamePrimaryCategory ? SearchEngine.SamePrimaryCategoryBoost : 0), paper.Score, 6);
        }
        Assert.Throws<KeyNotFoundException>(() => _sample.Engine.Related(ArxivId.Parse("2101.00001")));
    }
}

/// <summary>Indexing is incremental, and search without vectors says it fell back.</summary>
public sealed class IncrementalIndexTests : IDisposable
{
    private readonly ScratchDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void IndexingAgainRedoesOnlyWhatAnImportChanged()
    {
        using var store = PaperStore.Open(_temp.File("store.db"));
        new Importer(store).Import([SharedData.Sample("arxiv-daily", "2026-05-27.jsonl.gz")]);
        var first = SearchIndexer.Run(store, new IndexOptions());
        var again = SearchIndexer.Run(store, new IndexOptions());
        var before = store.CountPapers();
        new Importer(store).Import([SharedData.Sample("arxiv-daily", "2026-05-28.jsonl.gz")]);
        var added = store.CountPapers() - before;
        var afterImport = SearchIndexer.Run(store, new IndexOptions());

        Assert.Equal(before, first.Embedded);
        Assert.Equal(0, again.Embedded);
        Assert.False(again.Trained);
        Assert.Equal(first.Embedder, again.Embedder);
        Assert.Equal(new KeywordRefresh(0, 0, 0, before), again.Keyword);
        Assert.True(added > 100);
        // The store more than grew by a quarter, so the embedder learnt the new papers' words: every vector is new.
        Assert.True(afterImport.Trained);
        Assert.Equal(store.CountPapers(), afterImport.Embedded);
        Assert.Equal(added, afterImport.Keyword.Added);
        Assert.Equal(0, new KeywordIndex(store).CountStale());
        Assert.Single(new VectorStore(store).Embedders());
    }

    [Fact]
    public void AfewNewPapersAreEmbeddedWithTheStoredModel()
    {
        using var store = PaperStore.Open(_temp.File("store.db"));
        new Importer(store).Import([SharedData.Sample("arxiv-daily", "2026-05-27.jsonl.gz")]);
        var first = SearchIndexer.Run(store, new IndexOptions());
        var before = store.CountPapers();
        new Importer(store).Import([SharedData.Sample("arxiv-daily", "2026-05-28.jsonl.gz")]);

        var next = SearchIndexer.Run(store, new IndexOptions { RetrainGrowth = 10 });

        Assert.False(next.Trained);
        Assert.Equal(first.Embedder, next.Embedder);
        Assert.Equal(store.CountPapers() - before, next.Embedded);
        Assert.Equal(before, next.UnchangedVectors);
    }

    [Fact]
    public void WithoutVectorsSemanticSearchFallsBackToKeywordsAndSaysSo()
    {
        using var store = PaperStore.Open(_temp.File("store.db"));
        new Importer(store).Import([SharedData.Sample("arxiv-daily", "2026-05-27.jsonl.gz")]);
        new KeywordIndex(store).Refresh();

        var response = new SearchEngine(store).Search("hyperelasticity", SearchMode.Semantic);

        Assert.Equal(SearchMode.Keyword, response.Mode);
        Assert.Contains(response.Notes, n => n.Contains("paperradar index", StringComparison.Ordinal));
        Assert.Equal("2605.27011", response.Results[0].Id);
    }
}
