using System.Globalization;
using PaperRadar.Core.Export;
using PaperRadar.Core.Model;
using PaperRadar.Search;

namespace PaperRadar.Web.Pages;

/// <summary>Everything the store knows about one paper: facts, versions, links, where each came from, related papers, BibTeX.</summary>
internal static class PaperPage
{
    /// <summary>How many citing and cited papers the page lists (the counts are of all of them).</summary>
    public const int CitationsShown = 50;

    public static Html Render(Paper paper, IReadOnlyList<RelatedPaper> related, string? relatedUnavailable, string bibtex,
        PaperCitations citations, IReadOnlyDictionary<string, Paper> knownPapers, bool digests = false)
    {
        var facts = paper.CommentFacts;
        var rows = new List<(string Term, Html Value)>
        {
            (paper.Id.Arxiv is null ? "Id" : "arXiv id", Html.Of($"{paper.Id.Value}{(paper.LatestVersion is { } v ? $"v{v}" : "")}")),
            ("Categories", Html.Join(paper.Categories.Select(c => Html.Of($"""<a class="badge category" href="/list/{c}">{c}</a>""")), " ")),
            ("First appeared", Html.Of($"{PaperCard.Day(paper.FirstAppeared)}")),
        };
        void Add(string term, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                rows.Add((term, Html.Of($"{value}")));
            }
        }
        Add("Comments", paper.Comments);
        Add("Pages", facts.Pages?.ToString(CultureInfo.InvariantCulture));
        Add("Figures", facts.Figures?.ToString(CultureInfo.InvariantCulture));
        Add("Tables", facts.Tables?.ToString(CultureInfo.InvariantCulture));
        Add("Venue", facts.Venue is null ? null : facts.Status is { } status ? $"{facts.Venue} ({status})" : facts.Venue);
        Add("Journal reference", paper.JournalRef);
        if (paper.Doi is { } doi)
        {
            rows.Add(("DOI", Html.Of($"""<a href="https://doi.org/{doi}" rel="noopener">{doi}</a>""")));
        }
        Add("Report number", paper.ReportNo);
        Add("Deleted at its source", paper.DeletedAtSource is { } deletion
            ? $"{(deletion.Day is { } deletedOn ? PaperCard.Day(deletedOn) + ": " : "")}its source deleted this record ({deletion.Source}); " +
              "the paper is no longer in search or listings and is kept so citations naming it resolve"
            : null);
        Add("Citations counted", paper.CitedByCount is { } counted
            ? $"{counted.Count.ToString("N0", CultureInfo.InvariantCulture)} by {counted.Source}" +
              (counted.Counted is { } day ? $" (as of {PaperCard.Day(day)})" : "") + ", citing papers the store may not hold included"
            : null);
        Add("License", paper.License);
        Add("Submitter", paper.Submitter);
        Add("MSC class", paper.MscClass);
        Add("ACM class", paper.AcmClass);
        if (paper.ListedOn.Count > 0)
        {
            rows.Add(("Listed on", Html.Join(paper.ListedOn.Select(d => Html.Of($"""<a href="/day/{PaperCard.Day(d)}">{PaperCard.Day(d)}</a>""")), ", ")));
        }

        var versions = Html.Join(paper.Versions.Select(v => Html.Of(
            $"<li>v{v.Number}: {v.Submitted.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}{(v.Size is { } size ? $" ({size})" : "")}</li>")));
        var sources = Html.Join(paper.Sources.Select(s => Html.Of($"<li><code>{Path.GetFileName(s.File)}</code> line {s.Line} ({s.Format})</li>")));
        var authors = Html.Join(paper.Authors.Select((a, i) => Html.Of(
            $"""<li><a href="{PaperCard.AuthorLink(a.Name, paper.PersonIdOfAuthor(i))}">{a.Name}</a>{(a.Affiliation is { } affiliation ? Html.Of($" <span class=\"muted\">{affiliation}</span>") : Html.Empty)}</li>""")));
        var relatedList = related.Count > 0
            ? Html.Of($"""<ol>{Html.Join(related.Select(r => Html.Of($"""<li><a href="/paper/{r.Id}">{r.Title}</a> <span class="muted">similarity {r.Similarity.ToString("0.00", CultureInfo.InvariantCulture)}{(r.SharesAuthor ? " · shares an author" : "")}{(r.SamePrimaryCategory ? " · same category" : "")}{(r.CoCitations > 0 ? $" · cited together {r.CoCitations} times" : "")}</span></li>""")))}</ol>""")
            : Html.Of($"""<p class="muted">{relatedUnavailable ?? "No related papers found."}</p>""");
        var links = Html.Of($"""
            <a href="{PaperLinks.Page(paper.Id)}" rel="noopener">{PaperLinks.SourceName(paper.Id)} page</a>
            {(PaperLinks.Pdf(paper.Id) is { } pdf ? Html.Of($""" · <a href="{pdf}" rel="noopener">PDF</a>""") : Html.Empty)}
            {(paper.CodeUrl is { } code ? Html.Of($""" · <a class="badge code" href="{code}" rel="nofollow noopener">Code</a>""") : Html.Empty)}
            · <a href="/paper/{paper.Id.Value}.bib">BibTeX</a> · <a href="/api/v1/papers/{paper.Id.Value}">JSON</a>
            {Layout.InlineDigestLink(digests, "like", paper.Id.Value, "Email me papers like this")}
            """);
        return Layout.Page(paper.Title, Html.Of($"""
            <article>
            <h1 class="math">{paper.Title}</h1>
            <p>{links}</p>
            <h2>Authors</h2>
            <ol class="authors">{authors}</ol>
            {(paper.Abstract is { } text ? Html.Of($"<h2>Abstract</h2><p class=\"abstract math\">{text}</p>") : Html.Empty)}
            <h2>Facts</h2>
            <dl class="facts">{Html.Join(rows.Select(r => Html.Of($"<dt>{r.Term}</dt><dd>{r.Value}</dd>")))}</dl>
            <h2>Versions</h2>
            <ul>{versions}</ul>
            {ScoreViews.Section(paper, knownPapers)}
            <h2>Related papers</h2>
            {relatedList}
            <h2 id="cited-by">Cited by {citations.CitedBy.Count}</h2>
            {CitationList(citations.CitedBy, knownPapers, "No citing paper is in the imported sources.")}
            <h2 id="references">References {citations.References.Count}</h2>
            {CitationList(citations.References, knownPapers, "The imported sources name no references of this paper.")}
            <h2>BibTeX</h2>
            <pre class="bibtex">{bibtex}</pre>
            <details><summary>Where these facts came from</summary><ul>{sources}</ul></details>
            </article>
            """));
    }

    /// <summary>Papers in the store link to their pages; ids the store does not hold are listed as the sources name them.</summary>
    private static Html CitationList(IReadOnlyList<string> ids, IReadOnlyDictionary<string, Paper> knownPapers, string none)
    {
        if (ids.Count == 0)
        {
            return Html.Of($"""<p class="muted">{none}</p>""");
        }
        var items = Html.Join(ids.Take(CitationsShown).Select(id => knownPapers.TryGetValue(id, out var known)
            ? Html.Of($"""<li><a href="/paper/{known.Id.Value}" class="math">{known.Title}</a> <span class="muted">{known.Year}</span></li>""")
            : Html.Of($"""<li><span class="muted">{id} (not in this store)</span></li>""")));
        var more = ids.Count > CitationsShown ? Html.Of($"""<p class="muted">and {ids.Count - CitationsShown} more</p>""") : Html.Empty;
        return Html.Of($"<ol>{items}</ol>{more}");
    }
}
