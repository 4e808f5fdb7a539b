using System.Globalization;
using PaperRadar.Storage.Authors;

namespace PaperRadar.Web.Pages;

/// <summary>
/// The people behind an author name, one profile each: the header (h-index · papers · citations), citations per
/// year as an SVG chart, fields, co-authors, affiliations, why the papers were joined, and the papers as cards. Unlike
/// seed 000's single list, namesakes are separate people, each linked from the others.
/// </summary>
internal static class AuthorPage
{
    public const int PapersShown = 20;

    public static Html Render(string name, IReadOnlyList<AuthorProfile> people)
    {
        if (people.Count == 0)
        {
            return Layout.Page(name, Html.Of($"""<h1>{name}</h1><p class="note">No author named {name} in the store.</p>"""));
        }
        var others = people.Count > 1
            ? Html.Of($"""<p>{people.Count} different people with this name: {Html.Join(people.Select(p => Html.Of($"""<a href="#{Anchor(p)}">{p.Name} ({Count(p.Metrics.Papers, "paper")}, {Years(p)})</a>""")), ", ")}.</p>""")
            : Html.Empty;
        return Layout.Page(name, Html.Of($"""
            <h1>{name}</h1>
            {others}
            {Html.Join(people.Select(Profile))}
            """));
    }

    /// <summary>One person's page (<c>/author?id=</c>).</summary>
    public static Html RenderPerson(AuthorProfile person, bool digests = false) =>
        Layout.Page(person.Name, Html.Of($"""
            <p class="muted">Person <code>{person.Id}</code> · <a href="/author?name={Uri.EscapeDataString(person.Name)}">everyone named {person.Name}</a>{Layout.InlineDigestLink(digests, "author", person.Id, "Email me this person's new papers")}</p>
            {Profile(person)}
            """));

    /// <summary>The author's novelty and impact with what they summarise; nothing where no paper has the score.</summary>
    private static string ScoreHeader(PaperRadar.Core.Model.AuthorScores scores) =>
        (scores.Novelty is { } novelty ? $" · novelty {novelty.ToString("0", CultureInfo.InvariantCulture)}% (median of {Count(scores.NoveltyPapers, "paper")})" : "") +
        (scores.Impact is { } impact ? $" · impact {impact.ToString("0", CultureInfo.InvariantCulture)} (median of {Count(scores.ImpactPapers, "paper")})" : "");

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string Anchor(AuthorProfile person) => "person-" + Uri.EscapeDataString(person.Id).Replace("%", "_", StringComparison.Ordinal);

    private static string Years(AuthorProfile person) =>
        person.FirstYear == person.LastYear ? $"{person.FirstYear}" : $"{person.FirstYear}–{person.LastYear}";

    private static Html Profile(AuthorProfile person)
    {
        var m = person.Metrics;
        string List(IEnumerable<(string Name, int Papers)> items) => string.Join(", ", items.Take(8).Select(i => $"{i.Name} ({i.Papers})"));
        var lowConfidence = person.LowConfidencePapers > 0
            ? Html.Of($"""<p class="muted">{person.LowConfidencePapers} of these papers are attributed with low confidence (below {AuthorProfiles.LowConfidence.ToString(CultureInfo.InvariantCulture)}).</p>""")
            : Html.Empty;
        return Html.Of($"""
            <section class="person" id="{Anchor(person)}">
            <h2><a href="{PaperCard.PersonLink(person.Id)}">{person.Name}</a> <span class="muted">{person.Id}</span></h2>
            <p class="profile-header"><strong>h-index {m.HIndex}</strong> · {Count(m.Papers, "paper")} · {Count(m.Citations, "citation")} · i10-index {m.I10Index} · {Years(person)}{ScoreHeader(person.Scores)}</p>
            {lowConfidence}
            {Chart(person)}
            <dl class="facts">
            <dt>Fields</dt><dd>{List(person.TopCategoriesAndVenues)}</dd>
            <dt>Co-authors</dt><dd>{List(person.CoAuthors)}</dd>
            <dt>Affiliations</dt><dd>{(person.Affiliations.Count == 0 ? "none stated" : List(person.Affiliations))}</dd>
            <dt>Why these papers are one person</dt><dd>{string.Join("; ", person.Evidence)}</dd>
            </dl>
            {Html.Join(person.Papers.Take(PapersShown).Select(p => PaperCard.Render(p.Paper, note: $"{p.Citations} citations · attributed with confidence {p.Confidence.ToString("0.00", CultureInfo.InvariantCulture)}")))}
            {(person.Papers.Count > PapersShown ? Html.Of($"""<p class="muted">and {person.Papers.Count - PapersShown} more papers</p>""") : Html.Empty)}
            </section>
            """);
    }

    /// <summary>Citations per year as bars; written here because the page must work without JavaScript.</summary>
    private static Html Chart(AuthorProfile person)
    {
        if (person.CitationsPerYear.Count == 0)
        {
            return Html.Of($"""<p class="muted">No citing paper with a known year is in the store.</p>""");
        }
        var first = person.CitationsPerYear[0].Year;
        var last = person.CitationsPerYear[^1].Year;
        var byYear = person.CitationsPerYear.ToDictionary(c => c.Year, c => c.Citations);
        var most = person.CitationsPerYear.Max(c => c.Citations);
        const int barWidth = 14;
        const int height = 80;
        var years = Enumerable.Range(first, last - first + 1).ToList();
        var width = years.Count * barWidth;
        var bars = Html.Join(years.Select((year, i) =>
        {
            var count = byYear.GetValueOrDefault(year);
            var barHeight = count == 0 ? 0 : Math.Max(1, (int)Math.Round(height * (double)count / most));
            return Html.Of($"""<rect x="{i * barWidth + 1}" y="{height - barHeight}" width="{barWidth - 2}" height="{barHeight}"><title>{year}: {count} citations</title></rect>""");
        }));
        return Html.Of($"""
            <figure class="chart">
            <svg role="img" aria-label="Citations per year, {first} to {last}" width="{width}" height="{height + 16}" viewBox="0 0 {width} {height + 16}">
            {bars}
            <text x="0" y="{height + 14}" font-size="11">{first}</text>
            <text x="{width}" y="{height + 14}" font-size="11" text-anchor="end">{last}</text>
            </svg>
            <figcaption>Citations per year, by the citing paper's year ({most} at most): {person.CitationsPerYear.Sum(c => c.Citations)} of the {person.Metrics.Citations} citations come from papers in the store, which have a year; the others are named only by the citation data.</figcaption>
            </figure>
            """);
    }
}
