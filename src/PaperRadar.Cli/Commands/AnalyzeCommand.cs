using System.CommandLine;
using System.Text.Json;
using PaperRadar.Core;
using PaperRadar.Scores;
using PaperRadar.Search.Indexing;
using Spectre.Console;

namespace PaperRadar.Cli.Commands;

internal static class AnalyzeCommand
{
    public static Command Create(Option<string?> db, Option<string?> model)
    {
        var json = new Option<bool>("--json") { Description = "Print what was done as one JSON object." };
        var command = new Command("analyze", """
            Compute or refresh every paper's novelty and impact scores (docs/scores.md). Brings the search vectors up to
            date first (as `index` does), then recomputes novelty only where a paper or the papers before it changed,
            and retrains the impact model on the outcomes the store holds (citations, upvotes). Run it after imports.

            Example:
              paperradar analyze && paperradar show 2503.11731 --explain
            """);
        command.Options.Add(json);
        command.SetAction((parse, cancellationToken) => Task.FromResult(CommandRunner.Run(() =>
        {
            using var store = StoreLocation.OpenExisting(parse.GetValue(db));
            AnalyzeReport report = null!;
            CommandRunner.WithStepProgress(show =>
            {
                SearchIndexer.Run(store, new IndexOptions { ModelDirectory = ModelOption.Resolve(parse.GetValue(model)) },
                    new SynchronousProgress<IndexProgress>(p => show(p.Step, p.Done, p.Total)), cancellationToken);
                report = ScoreAnalyzer.Run(store, new AnalyzeOptions(),
                    new SynchronousProgress<AnalyzeProgress>(p => show(p.Step, p.Done, p.Total)), cancellationToken);
            });
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["embedder"] = report.Embedder,
                    ["papers"] = report.Papers,
                    ["novelty_computed"] = report.NoveltyComputed,
                    ["novelty_unchanged"] = report.NoveltyKept,
                    ["novelty_scored"] = report.NoveltyScored,
                    ["impact_trained_on"] = report.ImpactTrainedOn,
                    ["impact_scored"] = report.ImpactScored,
                    ["fields"] = report.Fields.Select(f => new Dictionary<string, object?>
                    {
                        ["field"] = f.Field,
                        ["outcome"] = f.Kind.ToString().ToLowerInvariant(),
                        ["papers"] = f.Papers,
                        ["papers_with_outcomes"] = f.PapersWithOutcomes,
                    }).ToList(),
                    ["seconds"] = Math.Round(report.Elapsed.TotalSeconds, 2),
                }));
                return 0;
            }
            AnsiConsole.MarkupLine($"novelty: {report.NoveltyComputed:N0} computed, {report.NoveltyKept:N0} unchanged; {report.NoveltyScored:N0} of {report.Papers:N0} papers scored (vectors: {Markup.Escape(report.Embedder)})");
            var measured = report.Fields.Where(f => f.Kind != OutcomeKind.None).ToList();
            AnsiConsole.MarkupLine(measured.Count == 0
                ? $"impact: no field has outcomes in the store (citations or upvotes), so no paper has an impact score"
                : $"impact: model trained on {report.ImpactTrainedOn:N0} papers with observed outcomes; {report.ImpactScored:N0} papers scored in {Markup.Escape(string.Join(", ", measured.Select(f => $"{f.Field} ({f.Kind.ToString().ToLowerInvariant()})")))}");
            var unmeasured = report.Fields.Count - measured.Count;
            if (unmeasured > 0)
            {
                AnsiConsole.MarkupLine($"[dim]{unmeasured:N0} fields have no outcomes in the store; their papers show no impact score[/]");
            }
            AnsiConsole.MarkupLine($"done in {report.Elapsed.TotalSeconds:N1} s");
            return 0;
        })));
        return command;
    }
}
