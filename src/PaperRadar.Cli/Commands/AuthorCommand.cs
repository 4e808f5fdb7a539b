using System.CommandLine;
using System.Text.Json;
using PaperRadar.Storage;
using PaperRadar.Storage.Authors;
using Spectre.Console;

namespace PaperRadar.Cli.Commands;

/// <summary>
/// `author "NAME"`: the distinct people the store's papers show behind a name, each with their own profile and person
/// id; `author --id ID`: one person; `author merge` and `author split`: corrections.
/// </summary>
internal static class AuthorCommand
{
    public static Command Create(Option<string?> db)
    {
        var name = new Argument<string?>("NAME")
        {
            Description = "An author name as written: \"Yang Liu\", \"Liu, Yang\", \"Y. Liu\".",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var id = new Option<string?>("--id") { Description = "One person by the id `author NAME` shows (e.g. y-liu-3fa9c2d1)." };
        var json = new Option<bool>("--json") { Description = "One JSON object: the name and the people found (or the one person), each with metrics, evidence and papers." };
        var papersShown = new Option<int>("--papers") { Description = "Papers listed per person (most cited first).", DefaultValueFactory = _ => 5 };
        var command = new Command("author", """
            The people behind an author name: every paper in the name's block (first initial and surname) is attributed
            to a person by disambiguation (co-authors, categories and venues, topics, affiliations, years); each person
            found whose given names fit the name is shown with their person id, papers, citations, h-index and
            i10-index computed from their attributed papers only, how many attributions are uncertain, and the
            evidence. The people are the ones `paperradar index` stored; a name whose papers changed since is
            computed when asked, with the ids the next index will store. --id shows one stored person.
            Corrections: `author merge A B`, `author split A --papers ID,...`.

            Examples:
              paperradar author "Yang Liu" --json
              paperradar author --id y-liu-3fa9c2d1
            """);
        command.Arguments.Add(name);
        command.Options.Add(id);
        command.Options.Add(json);
        command.Options.Add(papersShown);
        command.Subcommands.Add(Merge(db));
        command.Subcommands.Add(Split(db));
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var shown = parse.GetValue(papersShown);
            if (shown < 0)
            {
                throw new ArgumentException($"--papers must be 0 or more (got {shown})");
            }
            var written = parse.GetValue(name);
            var personId = parse.GetValue(id);
            if ((written is null) == (personId is null))
            {
                throw new ArgumentException("give an author NAME or --id ID (one of the two), e.g. paperradar author \"Yang Liu\"");
            }
            using var store = StoreLocation.OpenExisting(parse.GetValue(db));
            if (personId is not null)
            {
                return ShowPerson(store, personId, parse.GetValue(json), shown);
            }
            var (people, stored) = AuthorProfiles.PeopleNamedWithSource(store, written!);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["name"] = written,
                    ["stored"] = stored,
                    ["people"] = people.Select(p => PersonJson(p, shown)),
                }));
            }
            else
            {
                Print(written!, people, shown);
            }
            if (people.Count == 0)
            {
                Console.Error.WriteLine($"paperradar: no author named '{written}' in {store.Path}");
                return 2;
            }
            if (!stored)
            {
                Console.Error.WriteLine(store.HasPersonIndex
                    ? "paperradar: this name's papers changed since `paperradar index` stored its people: they were computed now (the ids are the ones the next index stores)"
                    : "paperradar: the store's people are not stored yet, so they were computed now; `paperradar index` stores them (with these ids), which makes --id, merge and split work");
            }
            return 0;
        }));
        return command;
    }

    private static int ShowPerson(PaperStore store, string personId, bool json, int shown)
    {
        var found = AuthorProfiles.Person(store, personId);
        if (found is null)
        {
            Console.Error.WriteLine(store.HasPersonIndex
                ? $"paperradar: no person has the id '{personId}' in {store.Path} (`paperradar author \"NAME\"` lists the ids)"
                : $"paperradar: {store.Path} has no stored people yet: run `paperradar index` first");
            return 2;
        }
        if (found.RedirectedFrom is { } retired)
        {
            Console.Error.WriteLine(found.Profile is null
                ? $"paperradar: {personId} is no longer a person's id: {retired.Reason}"
                : $"paperradar: {personId} is no longer a person's id ({retired.Reason}); showing {found.Profile.Id}");
        }
        if (found.Profile is not { } person)
        {
            return 2;
        }
        if (json)
        {
            var result = PersonJson(person, shown);
            result["redirected_from"] = found.RedirectedFrom?.PersonId;
            Console.Out.WriteLine(JsonSerializer.Serialize(result));
        }
        else
        {
            PrintPerson(person, shown);
        }
        return 0;
    }

    private static Command Merge(Option<string?> db)
    {
        var first = new Argument<string>("A") { Description = "The person id that stays." };
        var second = new Argument<string>("B") { Description = "The person id that is the same person as A (it will lead to A)." };
        var json = new Option<bool>("--json") { Description = "Print what was done as one JSON object." };
        var command = new Command("merge", """
            Say that two person ids are one person. Stored as a correction that every later disambiguation keeps (it
            wins over the clustering); takes effect at once. B's papers become A's, and B leads to A.

            Example:
              paperradar author merge y-liu-3fa9c2d1 y-liu-77b0e412
            """);
        command.Arguments.Add(first);
        command.Arguments.Add(second);
        command.Options.Add(json);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            using var store = StoreLocation.OpenExisting(parse.GetValue(db));
            var outcome = PersonCorrections.Merge(store, parse.GetValue(first)!, parse.GetValue(second)!);
            var person = AuthorProfiles.Person(store, outcome.PersonId)?.Profile;
            return Report(outcome, person, parse.GetValue(json),
                $"correction #{outcome.CorrectionId}: {outcome.OtherPersonId} merged into {outcome.PersonId}" +
                (person is null ? "" : $", now {person.Metrics.Papers} papers"));
        }));
        return command;
    }

    private static Command Split(Option<string?> db)
    {
        var person = new Argument<string>("A") { Description = "The person id whose papers are partly someone else's." };
        var papers = new Option<string>("--papers")
        {
            Description = "The papers of A that are another person's, comma-separated (e.g. 2401.00001,acl:P02-1040).",
            Required = true,
        };
        var json = new Option<bool>("--json") { Description = "Print what was done as one JSON object." };
        var command = new Command("split", """
            Say that some papers of a person are another person's. They get a new person id (printed); stored as a
            correction that every later disambiguation keeps (it wins over the clustering); takes effect at once.

            Example:
              paperradar author split y-liu-3fa9c2d1 --papers 2503.01234,2504.04321
            """);
        command.Arguments.Add(person);
        command.Options.Add(papers);
        command.Options.Add(json);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            using var store = StoreLocation.OpenExisting(parse.GetValue(db));
            var ids = parse.GetValue(papers)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var outcome = PersonCorrections.Split(store, parse.GetValue(person)!, ids);
            var moved = AuthorProfiles.Person(store, outcome.OtherPersonId)?.Profile;
            var papersText = $"{ids.Length} {(ids.Length == 1 ? "paper" : "papers")}";
            return Report(outcome, moved, parse.GetValue(json), outcome.OtherPersonId == outcome.NewPersonId
                ? $"correction #{outcome.CorrectionId}: {papersText} of {outcome.PersonId} split off as {outcome.OtherPersonId}"
                : $"correction #{outcome.CorrectionId}: {papersText} of {outcome.PersonId} split off; disambiguation finds them to be " +
                  $"{outcome.OtherPersonId}'s papers (now {moved?.Metrics.Papers ?? 0} papers), so {outcome.NewPersonId} leads there");
        }));
        return command;
    }

    private static int Report(CorrectionOutcome outcome, AuthorProfile? person, bool json, string text)
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["correction"] = outcome.CorrectionId,
                ["person_id"] = outcome.PersonId,
                ["other_person_id"] = outcome.OtherPersonId,
                ["new_person_id"] = outcome.NewPersonId,
                ["blocks_recomputed"] = outcome.Report.Computed,
                ["paper_ids"] = person?.Papers.Select(p => p.Paper.Id.Value),
            }));
        }
        else
        {
            AnsiConsole.MarkupLine(Markup.Escape(text));
        }
        return 0;
    }

    private static Dictionary<string, object?> PersonJson(AuthorProfile p, int shown) => new()
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
    };

    private static void Print(string name, IReadOnlyList<AuthorProfile> people, int shown)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(name)}[/]: {people.Count} {(people.Count == 1 ? "person" : "people")}");
        foreach (var person in people)
        {
            AnsiConsole.WriteLine();
            PrintPerson(person, shown);
        }
    }

    private static void PrintPerson(AuthorProfile person, int shown)
    {
        var m = person.Metrics;
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

    private static void Line(string label, IEnumerable<string> items)
    {
        var text = string.Join(", ", items);
        if (text.Length > 0)
        {
            AnsiConsole.MarkupLine($"  [bold]{label}[/] {Markup.Escape(text)}");
        }
    }
}
