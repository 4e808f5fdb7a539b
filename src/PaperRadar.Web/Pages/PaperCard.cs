using System.Globalization;
using PaperRadar.Core.Model;

namespace PaperRadar.Web.Pages;

/// <summary>A paper as a card in a list (seed 002's cards, with what PaperRadar knows).</summary>
internal static class PaperCard
{
    public static Html Render(Paper paper, Html? title = null, Html? snippet = null, string? note = null)
    {
        var facts = paper.CommentFacts;
        var factText = string.Join(" · ", new[]
        {
            facts.Pages is { } pages ? $"{pages} pages" : null,
            facts.Figures is { } figures ? $"{figures} figures" : null,
            facts.Venue is { } venue ? (facts.Status is { } status ? $"{status}: {venue}" : venue) : null,
        }.Where(f => f is not null));
        return Html.Of($"""
            <article class="card">
            <div class="meta">
            {(paper.PrimaryCategory is { } category ? Html.Of($"""<a class="badge category" href="/list/{category}">{category}</a>""") : Html.Empty)}
            <time datetime="{Day(paper.FirstAppeared)}">{Day(paper.FirstAppeared)}</time>
            {(paper.CodeUrl is { } code ? Html.Of($"""<a class="badge code" href="{code}" rel="nofollow noopener">Code</a>""") : Html.Empty)}
            {(paper.Community is { } community ? Html.Of($"""<span class="badge upvotes" title="upvotes on Hugging Face, {PaperCard.Day(community.Day)}">▲ {community.Upvotes}</span>""") : Html.Empty)}
            {(paper.Community?.Organisation is { } organisation ? Html.Of($"""<a class="badge" href="/org/{Uri.EscapeDataString(organisation)}">{organisation}</a>""") : Html.Empty)}
            {ScoreViews.Badges(paper)}
            <span>{(paper.Id.Arxiv is null ? paper.Id.Value : "arXiv:" + paper.Id.Value)}</span>
            {(note is null ? Html.Empty : Html.Of($"<span>{note}</span>"))}
            </div>
            <h2 class="math"><a href="/paper/{paper.Id.Value}">{title ?? Html.Of($"{paper.Title}")}</a></h2>
            <div class="authors">{Authors(paper, 3)}</div>
            {(factText.Length > 0 ? Html.Of($"""<div class="meta">{factText}</div>""") : Html.Empty)}
            {(snippet is { } s ? Html.Of($"<p class=\"math\">{s}</p>") : paper.Abstract is { } text ? Html.Of($"<details><summary>Abstract</summary><p class=\"math\">{text}</p></details>") : Html.Empty)}
            </article>
            """);
    }

    /// <summary>The first <paramref name="shown"/> authors, each linked to their profile, then "et al." with the count.</summary>
    public static Html Authors(Paper paper, int shown)
    {
        var authors = paper.Authors;
        if (authors.Count == 0)
        {
            return Html.Empty;
        }
        var links = authors.Take(shown).Select((a, i) => Html.Of($"""<a href="{AuthorLink(a.Name, paper.PersonIdOfAuthor(i))}">{a.Name}</a>{(a.Affiliation is { } affiliation ? Html.Of($" <span class=\"muted\">({affiliation})</span>") : Html.Empty)}"""));
        var rest = authors.Count > shown ? Html.Of($" et al. <span class=\"muted\">({authors.Count} authors)</span>") : Html.Empty;
        return Html.Of($"{Html.Join(links, ", ")}{rest}");
    }

    /// <summary>
    /// An author's link: their person's profile when <c>paperradar index</c> stored one for the entry, else the people
    /// behind the name.
    /// </summary>
    public static string AuthorLink(string name, string? personId) => personId is null
        ? "/author?name=" + Uri.EscapeDataString(name)
        : PersonLink(personId);

    public static string PersonLink(string personId) => "/author?id=" + Uri.EscapeDataString(personId);

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
