using System.CommandLine;
using System.Text.Json;
using PaperRadar.Storage.Authors;
using Spectre.Console;

namespace PaperRadar.Cli.Commands;

/// <summary>`author "NAME"`: the distinct people the store's papers show behind a name, each with their own profile.</summary>
internal static class AuthorCommand
{
    public static Command Create(Option<string?> db)
    {
        var name = new Argument<string>("NAME") { Description = "An author name as written: \"Yang Liu\", \"Liu, Yang\", \"Y. Liu\"." };
        var json = new Option<bool>("--json") { Description = "One JSON object: the name and the people found, each with metrics, evidence and papers." };
        var papersShown = new Option<int>("--papers") { Description = "Papers listed per person (most cited first).", DefaultValueFactory = _ => 5 };
        var command = new Command("author", """
            The people behind an author name: every paper in the name's block (first initial and surname) is attributed
            to a person by disambiguation (co-authors, categories and venues, topics, affiliations, years); each person
            found whose given names fit the name is shown with papers, citations, h-index and i10-index computed from
            their attributed papers only, how many attributions are uncertain, and the evidence.

            Example:
              paperradar author "Yang Liu" --json
            """);
        command.Arguments.Add(name);
        command.Options.Add(json);
        command.Options.Add(papersShown);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var shown = parse.GetValue(papersShown);
            if (shown < 0)
            {
                throw new ArgumentException($"--papers must be 0 or more (got {shown})");
            }
            using var store = StoreLocation.OpenExisting(parse.GetValue(db));
            var written = parse.GetValue(name)!;
            var people = AuthorProfiles.PeopleNamed(store, written);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(ToJson(written, people, shown));
            }
            else
            {
                Print(written, people, shown);
            }
            if (people.Count == 0)
            {
                Console.Error.WriteLine($"paperradar: no author named '{written}' in {store.Path}");
                return 2;
            }
            return 0;
        }));
        return command;
    }

    private static string ToJson(string name, IReadOnlyList<AuthorProfile> people, int shown) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["name"] = name,
        ["people"] = people.Select(p => new Dictionary<string, object?>
        {
            ["id"] = p.Id,
            ["name"] = p.Name,
            ["papers"] = p.Metrics.Papers,
            ["citations"] = p.Metrics.Citations,
            ["h_index"] = p.Metrics.HIndex,
            ["i10_index"] = p.Metrics.I10Index,
            ["low_confidence_papers"] = p.LowConfidencePapers,
            ["novelty"] = p.Scores.Novelty,
            ["novelty_papers"] = p.Scores.NoveltyPapers,
            ["impact"] = p.Scores.Impact,
            ["impact_papers"] = p.Scores.ImpactPapers,
            ["first_year"] = p.FirstYear,
            ["last_year"] = p.LastYear,
            ["top_categories_and_venues"] = p.TopCategoriesAndVenues.Select(t => new { name = t.Name, papers = t.Papers }),
            ["co_authors"] = p.CoAuthors.Select(t => new { name = t.Name, papers = t.Papers }),
            ["affiliations"] = p.Affiliations.Select(t => new { name = t.Name, papers = t.Papers }),
            ["evidence"] = p.Evidence,
            ["paper_ids"] = p.Papers.Select(x => x.Paper.Id.Value),
            ["top_papers"] = p.Papers.Take(shown).Select(x => new
            {
                id = x.Paper.Id.Value,
                title = x.Paper.Title,
                year = x.Paper.Year,
                citations = x.Citations,
                confidence = Math.Round(x.Confidence, 3),
                evidence = x.Evidence,
            }),
        }),
    });

    private static void Print(string name, IReadOnlyList<AuthorProfile> people, int shown)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(name)}[/]: {people.Count} {(people.Count == 1 ? "person" : "people")}");
        foreach (var person in people)
        {
            var m = person.Metrics;
            AnsiConsole.WriteLine();
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(person.Name)}[/] [dim]{Markup.Escape(person.Id)}[/]");
            AnsiConsole.MarkupLine($"h-index {m.HIndex} · {m.Papers} papers · {m.Citations} citations · i10 {m.I10Index} · {person.FirstYear}–{person.LastYear}" +
                                   (person.LowConfidencePapers > 0 ? $" · {person.LowConfidencePapers} attributed with low confidence" : "") +
                                   (person.Scores.Novelty is { } novelty ? $" · novelty {novelty:0}% (median of {person.Scores.NoveltyPapers})" : "") +
                                   (person.Scores.Impact is { } impact ? $" · impact {impact:0} (median of {person.Scores.ImpactPapers})" : ""));
            Line("fields", person.TopCategoriesAndVenues.Take(5).Select(t => $"{t.Name} ({t.Papers})"));
            Line("co-authors", person.CoAuthors.Take(5).Select(t => $"{t.Name} ({t.Papers})"));
            Line("affiliations", person.Affiliations.Take(3).Select(t => $"{t.Name} ({t.Papers})"));
            Line("why", person.Evidence.Take(3));
            foreach (var paper in person.Papers.Take(shown))
            {
                AnsiConsole.MarkupLine($"  [dim]{paper.Paper.Year}[/] {Markup.Escape(paper.Paper.Title)} [dim]{Markup.Escape(paper.Paper.Id.Value)} · {paper.Citations} citations[/]");
            }
        }
    }

    private static void Line(string label, IEnumerable<string> items)
    {
        var text = string.Join(", ", items);
        if (text.Length > 0)
        {
            AnsiConsole.MarkupLine($"  [bold]{label}[/] {Markup.Escape(text)}");
        }
    }
}
