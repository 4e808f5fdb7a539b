using FsCheck;
using FsCheck.Fluent;
using PaperRadar.Core.Search;

namespace PaperRadar.Tests.Search;

public sealed class SearchQueryTests
{
    [Fact]
    public void WordsPhrasesExclusionsAndPrefixesAreTermsOfTheirKind()
    {
        var query = SearchQuery.Parse("""diffusion "masked language model" -survey -"image generation" transform*""");

        Assert.Equal(
            [new SearchTerm("diffusion", false), new SearchTerm("masked language model", true), new SearchTerm("transform", false, IsPrefix: true)],
            query.Include.Select(g => Assert.Single(g)));
        Assert.Equal([new SearchTerm("survey", false), new SearchTerm("image generation", true)], query.Exclude);
        Assert.Equal("diffusion masked language model transform", query.FreeText);
        Assert.Equal(SearchSort.Relevance, query.Sort);
    }

    [Fact]
    public void FiltersAreReadWithTheirValues()
    {
        var query = SearchQuery.Parse("""author:"Yang Liu" author:Bengio cat:cs.CL cat:stat.* year:2023-2025 since:2026-01 until:2026 has:code has:doi sort:date tokenizer""");

        Assert.Equal(["Yang Liu", "Bengio"], query.Authors);
        Assert.Equal(["cs.CL", "stat.*"], query.Categories);
        Assert.Equal((2023, 2025), (query.YearFrom!.Value, query.YearTo!.Value));
        Assert.Equal(new DateOnly(2026, 1, 1), query.Since);
        Assert.Equal(new DateOnly(2026, 12, 31), query.Until);
        Assert.Equal(PaperFeatures.Code | PaperFeatures.Doi, query.Has);
        Assert.Equal(SearchSort.Date, query.Sort);
        Assert.Equal("tokenizer", query.FreeText);
        Assert.Empty(query.Warnings);
    }

    [Fact]
    public void UntilAMonthMeansItsLastDay() =>
        Assert.Equal(new DateOnly(2024, 2, 29), SearchQuery.Parse("until:2024-02").Until);

    [Fact]
    public void AFilterWithAValueItCannotReadIsSearchedAsWordsWithAWarning()
    {
        var query = SearchQuery.Parse("year:soon has:pdf cat:!!");

        Assert.Equal(["year:soon", "has:pdf", "cat:!!"], query.Include.Select(g => g[0].Text));
        Assert.Null(query.YearFrom);
        Assert.Equal(PaperFeatures.None, query.Has);
        Assert.Equal(3, query.Warnings.Count);
        Assert.Contains("year:soon is not a year", query.Warnings[0], StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownFieldsBracketsAndArxivIdsAreWords()
    {
        var query = SearchQuery.Parse("foo:bar NEAR(a b) {title}:x^2 2503.11731 GPT-4");

        Assert.Equal(["foo", "bar", "NEAR", "a", "b", "title", "x", "2", "2503.11731", "GPT-4"], query.Include.Select(g => g[0].Text));
        Assert.Empty(query.Warnings);
    }

    [Fact]
    public void AFieldFollowedByASpaceTakesTheNextToken()
    {
        var query = SearchQuery.Parse("author: Bengio title: \"scaling laws\"");

        Assert.Equal(["Bengio"], query.Authors);
        Assert.Equal(new SearchTerm("scaling laws", true, false, TermField.Title), query.Include.Single().Single());
    }

    [Fact]
    public void ControlCharactersAreSpaces() =>
        Assert.Equal("a b", SearchQuery.Parse("\"a\0b\"").Include.Single().Single().Text);

    [Fact]
    public void OrJoinsTheTermsAroundIt()
    {
        var query = SearchQuery.Parse("diffusion OR flow matching");

        Assert.Equal(2, query.Include.Count);
        Assert.Equal(["diffusion", "flow"], query.Include[0].Select(t => t.Text));
        Assert.Equal(["matching"], query.Include[1].Select(t => t.Text));
    }

    [Fact]
    public void FieldScopedTermsKeepTheirField()
    {
        var query = SearchQuery.Parse("""title:"scaling laws" abstract:tokenizer*""");

        Assert.Equal(new SearchTerm("scaling laws", true, false, TermField.Title), query.Include[0][0]);
        Assert.Equal(new SearchTerm("tokenizer", false, true, TermField.Abstract), query.Include[1][0]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\"")]
    [InlineData("^ * : -")]
    [InlineData("\"\"")]
    [InlineData("-\"\"")]
    public void InputWithNothingToSearchIsAnEmptyQuery(string text) => Assert.True(SearchQuery.Parse(text).IsEmpty);

    [Fact]
    public void AnUnclosedQuoteRunsToTheEnd() =>
        Assert.Equal(new SearchTerm("scaling laws", true), SearchQuery.Parse("\"scaling laws").Include.Single().Single());

    [Fact]
    public void OnlyFiltersSortsByDate()
    {
        var query = SearchQuery.Parse("cat:cs.CL");

        Assert.False(query.HasWords);
        Assert.True(query.HasFilters);
        Assert.Equal(SearchSort.Date, query.Sort);
    }

    [Fact]
    public void AnyStringParsesAndEveryTermHasSomethingToMatch() =>
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
        {
            var query = SearchQuery.Parse(text);
            return query.Include.SelectMany(g => g).Concat(query.Exclude)
                .All(t => t.Text.Any(char.IsLetterOrDigit) && !t.Text.Any(char.IsControl));
        }).QuickCheckThrowOnFailure();
}
