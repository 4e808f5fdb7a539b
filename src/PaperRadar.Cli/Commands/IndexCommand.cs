using System.CommandLine;
using System.Text.Json;
using PaperRadar.Core;
using PaperRadar.Search.Indexing;
using PaperRadar.Storage.Authors;
using Spectre.Console;

namespace PaperRadar.Cli.Commands;

internal static class IndexCommand
{
    public static Command Create(Option<string?> db, Option<string?> model)
    {
        var rebuild = new Option<bool>("--rebuild") { Description = "Retrain the corpus-trained embedder and recompute every vector and index." };
        var json = new Option<bool>("--json") { Description = "Print what was done as one JSON object." };
        var command = new Command("index", """
            Build or refresh the search indices: the keyword index, the embedder (trained on the store's own papers,
            or the ONNX sentence-embedding model given with --model), the vectors of new and changed papers, and the
            approximate vector index; then the stored people: every author entry linked to a person id by author
            disambiguation (docs/disambiguation.md). Run it after imports; it only redoes what changed.

            Example:
              paperradar index
              paperradar index --model ~/models/all-MiniLM-L6-v2
            """);
        command.Options.Add(rebuild);
        command.Options.Add(json);
        command.SetAction((parse, cancellationToken) => Task.FromResult(CommandRunner.Run(() =>
        {
            using var store = StoreLocation.OpenExisting(parse.GetValue(db));
            var options = new IndexOptions { ModelDirectory = ModelOption.Resolve(parse.GetValue(model)), Rebuild = parse.GetValue(rebuild) };
            IndexReport report = null!;
            PersonIndexReport people = null!;
            CommandRunner.WithStepProgress(show =>
            {
                report = SearchIndexer.Run(store, options,
                    new SynchronousProgress<IndexProgress>(p => show(p.Step, p.Done, p.Total)), cancellationToken);
                people = PersonIndex.Run(store, new PersonIndexOptions { Rebuild = options.Rebuild },
                    new SynchronousProgress<PersonIndexProgress>(p => show(p.Step, p.Done, p.Total)), cancellationToken);
            });
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["keyword_added"] = report.Keyword.Added,
                    ["keyword_changed"] = report.Keyword.Changed,
                    ["keyword_removed"] = report.Keyword.Removed,
                    ["keyword_unchanged"] = report.Keyword.Unchanged,
                    ["embedder"] = report.Embedder,
                    ["trained"] = report.Trained,
                    ["embedded"] = report.Embedded,
                    ["vectors_unchanged"] = report.UnchangedVectors,
                    ["vectors_removed"] = report.RemovedVectors,
                    ["vector_index"] = report.VectorIndex,
                    ["people_blocks"] = people.Blocks,
                    ["people_blocks_computed"] = people.Computed,
                    ["people_blocks_unchanged"] = people.Unchanged,
                    ["people_blocks_removed"] = people.Removed,
                    ["people_entries_computed"] = people.EntriesComputed,
                    ["people_computed"] = people.People,
                    ["people_joined_by_corrections"] = people.Joined,
                    ["people_ids_retired"] = people.Retired,
                    ["people_seconds"] = Math.Round(people.Elapsed.TotalSeconds, 2),
                    ["people_seconds_reading"] = Math.Round(people.Reading.TotalSeconds, 2),
                    ["people_seconds_clustering"] = Math.Round(people.Clustering.TotalSeconds, 2),
                    ["people_seconds_storing"] = Math.Round(people.Storing.TotalSeconds, 2),
                    ["seconds"] = Math.Round((report.Elapsed + people.Elapsed).TotalSeconds, 2),
                }));
                return 0;
            }
            var keyword = report.Keyword;
            AnsiConsole.MarkupLine($"keyword index: {keyword.Added:N0} added, {keyword.Changed:N0} changed, {keyword.Removed:N0} removed, {keyword.Unchanged:N0} unchanged");
            AnsiConsole.MarkupLine($"embedder: {Markup.Escape(report.Embedder)}{(report.Trained ? " (trained on this store's papers)" : "")}");
            AnsiConsole.MarkupLine($"vectors: {report.Embedded:N0} computed, {report.UnchangedVectors:N0} unchanged, {report.RemovedVectors:N0} removed");
            AnsiConsole.MarkupLine($"vector index: {Markup.Escape(report.VectorIndex ?? "exact search (below the size where the approximate index pays)")}");
            AnsiConsole.MarkupLine($"people: {people.Computed:N0} name blocks disambiguated ({people.EntriesComputed:N0} author entries, {people.People:N0} people), {people.Unchanged:N0} unchanged, {people.Removed:N0} removed in {people.Elapsed.TotalSeconds:N1} s");
            AnsiConsole.MarkupLine($"done in {(report.Elapsed + people.Elapsed).TotalSeconds:N1} s");
            return 0;
        })));
        return command;
    }
}

/// <summary>The ONNX model folder: --model, else $PAPERRADAR_MODEL, else none (the corpus-trained embedder).</summary>
internal static class ModelOption
{
    public const string EnvironmentVariable = "PAPERRADAR_MODEL";

    public static Option<string?> Create() => new("--model")
    {
        Description = $"Folder of an ONNX sentence-embedding model (model.onnx, vocab.txt), e.g. an exported all-MiniLM-L6-v2 (default: ${EnvironmentVariable}; none: the embedder trained on the store).",
    };

    public static string? Resolve(string? option) =>
        option ?? (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null);
}
