using System.CommandLine;
using System.Globalization;
using PaperRadar.Core.Export;
using PaperRadar.Core.Model;
using Spectre.Console;

namespace PaperRadar.Cli.Commands;

internal static class ShowCommand
{
    public static Command Create(Option<string?> db)
    {
        var id = new Argument<string>("ID") { Description = "An arXiv id: 2410.17243, 2410.17243v2, hep-th/9709111, arXiv:…, or an abs URL." };
        var json = new Option<bool>("--json") { Description = "Print the paper as one JSON object (its scores and their explanations included)." };
        var explain = new Option<bool>("--explain") { Description = "Also print the paper's novelty and impact scores and why: the nearest earlier papers, the factors of the impact model." };
        var command = new Command("show", """
            Show one paper with all its fields and where each came from.

            Example:
              paperradar show 2503.11731
              paperradar show 2503.11731 --explain
            """);
        command.Arguments.Add(id);
        command.Options.Add(json);
        command.Options.Add(explain);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var text = parse.GetValue(id)!;
            if (!PaperId.TryParse(text, out var arxivId, out _, out var error))
            {
                Console.Error.WriteLine($"paperradar: {error}");
                return 1;
            }
            using var store = StoreLocation.OpenExisting(parse.GetValue(db));
            var paper = store.GetPaper(arxivId);
            if (paper is null)
            {
                Console.Error.WriteLine($"paperradar: no paper {arxivId} in {store.Path}");
                return 1;
            }
            var citations = store.CitationsOf(paper.Id);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(PaperJsonWriter.ToJson(paper, citations));
            }
            else
            {
                Print(paper, citations);
                if (parse.GetValue(explain))
                {
                    Explain(paper, store.GetPapers(paper.Scores?.Novelty?.Nearest.Select(n => n.Id) ?? []).ToDictionary(p => p.Id.Value, p => p.Title));
                }
            }
            return 0;
        }));
        return command;
    }

    private static void Print(Paper paper, PaperCitations citations)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(paper.Title)}[/]");
        AnsiConsole.MarkupLine($"[dim]{(paper.Id.Arxiv is null ? "" : "arXiv:")}{paper.Id}{(paper.LatestVersion is { } v ? $"v{v}" : "")} · {Markup.Escape(string.Join(", ", paper.Categories))} · {paper.Year}[/]");
        AnsiConsole.WriteLine();
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Row(string label, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                grid.AddRow($"[bold]{label}[/]", Markup.Escape(value));
            }
        }
        Row("authors", string.Join("; ", paper.Authors.Select(a => a.Affiliation is null ? a.Name : $"{a.Name} ({a.Affiliation})")));
        Row("comments", paper.Comments);
        var facts = paper.CommentFacts;
        Row("facts", string.Join(", ", new[]
        {
            facts.Pages is { } p ? $"{p} pages" : null,
            facts.Figures is { } f ? $"{f} figures" : null,
            facts.Tables is { } t ? $"{t} tables" : null,
            facts.Venue is { } venue ? $"{facts.Status?.ToString() ?? "venue"}: {venue}" : facts.Status?.ToString(),
        }.Where(s => s is not null)));
        Row("journal-ref", paper.JournalRef);
        Row("doi", paper.Doi);
        Row("report-no", paper.ReportNo);
        Row("license", paper.License);
        Row("submitter", paper.Submitter);
        Row("code", paper.CodeUrl);
        Row("community", paper.Community is { } c
            ? $"{c.Upvotes} upvotes, {c.Comments} comments on Hugging Face, {c.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" +
              (c.Organisation is null ? "" : $" ({c.Organisation})") + (c.SubmittedBy is null ? "" : $", submitted by {c.SubmittedBy}")
            : null);
        Row("msc-class", paper.MscClass);
        Row("acm-class", paper.AcmClass);
        Row("versions", string.Join("; ", paper.Versions.Select(v =>
            $"v{v.Number} {v.Submitted.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC{(v.Size is null ? "" : $" ({v.Size})")}")));
        Row("listed on", string.Join(", ", paper.ListedOn.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))));
        Row("links", $"{PaperLinks.Page(paper.Id)}  {PaperLinks.Pdf(paper.Id)}");
        Row("also known as", string.Join(", ", paper.OtherIds));
        Row("scores", ScoreSummary(paper.Scores));
        Row("citations", citations.CitedBy.Count + citations.References.Count == 0 ? null
            : $"cited by {citations.CitedBy.Count:N0} · cites {citations.References.Count:N0} (as the imported sources state them)");
        Row("deleted", paper.DeletedAtSource is { } deletion
            ? $"deleted at its source{(deletion.Day is { } deletedOn ? " on " + deletedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "")} " +
              $"({deletion.Source}); not in search or listings, kept for the citations naming it"
            : null);
        Row("citation count", paper.CitedByCount is { } counted
            ? $"{counted.Count:N0} according to {counted.Source}" +
              (counted.Counted is { } day ? $" (as of {day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})" : "")
            : null);
        AnsiConsole.Write(grid);
        if (paper.Abstract is not null)
        {
            AnsiConsole.WriteLine();
            AnsiConsole.WriteLine(paper.Abstract);
        }
        AnsiConsole.WriteLine();
        AnsiConsole.MarkupLine("[bold]sources[/]");
        foreach (var source in paper.Sources)
        {
            var fields = paper.FieldSources.Where(f => f.Value == source).Select(f => f.Key).Order(StringComparer.Ordinal).ToList();
            AnsiConsole.MarkupLine($"  {Markup.Escape(source.Format)} {Markup.Escape(source.ToString())}" +
                                   (fields.Count > 0 ? $" [dim]→ {Markup.Escape(string.Join(", ", fields))}[/]" : ""));
        }
    }

    /// <summary>One line: novelty and impact, or why a paper has neither (docs/scores.md).</summary>
    private static string ScoreSummary(PaperScores? scores) => scores is null
        ? "not analysed yet (run paperradar analyze)"
        : string.Join(" · ", new[]
        {
            scores.Novelty?.Percentile is { } novelty ? $"novelty {novelty:0}%" : "no novelty",
            scores.Impact?.Score is { } impact ? $"impact {impact:0}" : "no impact score",
        }) + " (show --explain says why)";

    private static void Explain(Paper paper, IReadOnlyDictionary<string, string> titles)
    {
        AnsiConsole.WriteLine();
        if (paper.Scores is not { } scores)
        {
            AnsiConsole.MarkupLine("[bold]scores[/]: none yet; run paperradar analyze");
            return;
        }
        if (scores.Novelty is { } novelty)
        {
            AnsiConsole.MarkupLine(novelty.Percentile is { } percentile
                ? $"[bold]novelty {percentile:0}%[/]: its distance from the {novelty.Nearest.Count} nearest earlier papers is {novelty.Distance:0.000} " +
                  $"(1 - mean cosine similarity), more than {percentile:0}% of {Markup.Escape(novelty.PeerGroup ?? "its peers")}; compared with the {novelty.EarlierPapers:N0} papers the store holds from before it"
                : $"[bold]no novelty[/]: {Markup.Escape(novelty.Unscored ?? "not computed")}");
            foreach (var neighbour in novelty.Nearest)
            {
                AnsiConsole.MarkupLine($"  {neighbour.Similarity,6:0.000}  {Markup.Escape(neighbour.Id),-18} {Markup.Escape(titles.GetValueOrDefault(neighbour.Id, ""))}");
            }
        }
        else
        {
            AnsiConsole.MarkupLine("[bold]no novelty[/]: the paper has no vector (run paperradar analyze)");
        }
        if (scores.Impact is { } impact)
        {
            AnsiConsole.MarkupLine(impact.Score is { } score
                ? $"[bold]impact {score:0}[/]: predicted {impact.Expected:0.0} {Markup.Escape(impact.Outcome ?? "")}, ranked among the predictions for {Markup.Escape(impact.Field)} papers of {paper.Year}; the factors that moved it most:"
                : $"[bold]no impact score[/]: {Markup.Escape(impact.Unscored ?? "not computed")}");
            foreach (var factor in impact.Factors)
            {
                AnsiConsole.MarkupLine($"  {(factor.Contribution >= 0 ? "raises" : "lowers")} {Math.Abs(factor.Contribution):0.000}  {Markup.Escape(factor.Name)}: {Markup.Escape(factor.Value)}");
            }
        }
    }
}
