using System.CommandLine;
using PaperRadar.Cli.Commands;

namespace PaperRadar.Cli;

/// <summary>The `paperradar` verbs and the options they share (see shared/design/CLI.md).</summary>
internal static class CommandLine
{
    public static RootCommand Build()
    {
        var db = new Option<string?>("--db")
        {
            Description = "The store: a SQLite file (default: $PAPERRADAR_DB, else paperradar.db in the user's data folder).",
            Recursive = true,
        };
        var root = new RootCommand("""
            PaperRadar: a research-paper discovery engine over arXiv metadata.

            Example:
              paperradar import data/sample && paperradar stats
            """);
        root.Options.Add(db);
        root.Subcommands.Add(ImportCommand.Create(db));
        root.Subcommands.Add(StatsCommand.Create(db));
        root.Subcommands.Add(ShowCommand.Create(db));
        root.Subcommands.Add(ExportCommand.Create(db));
        var model = ModelOption.Create();
        root.Subcommands.Add(IndexCommand.Create(db, model));
        root.Subcommands.Add(SearchCommand.Create(db, model));
        root.Subcommands.Add(RelatedCommand.Create(db, model));
        root.Subcommands.Add(AnalyzeCommand.Create(db, model));
        root.Subcommands.Add(HarvestCommand.Create(db));
        root.Subcommands.Add(FetchCommand.Create(db));
        root.Subcommands.Add(ServeCommand.Create(db));
        root.Subcommands.Add(AuthorCommand.Create(db));
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(SubscribeCommand.Create(db));
        root.Subcommands.Add(UnsubscribeCommand.Create(db));
        root.Subcommands.Add(SubscriptionsCommand.Create(db));
        root.Subcommands.Add(DigestCommand.Create(db));
        return root;
    }
}
