using System.CommandLine;
using System.Text.Json;
using PaperRadar.Core;
using PaperRadar.Core.Model;
using PaperRadar.Core.Readers;
using PaperRadar.Storage.Import;
using Spectre.Console;

namespace PaperRadar.Cli.Commands;

internal static class ImportCommand
{
    private const int RejectionsPrinted = 20;

    public static Command Create(Option<string?> db)
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Files or folders (read recursively); .gz is read transparently.",
            Arity = ArgumentArity.OneOrMore,
        };
        var format = new Option<string?>("--format")
        {
            Description = $"Read every file as this format instead of detecting it: {string.Join(", ", PaperReaders.Formats.Order(StringComparer.Ordinal))}.",
        };
        var rejects = new Option<string?>("--rejects")
        {
            Description = "Also write every rejected record (file, line, reason) to this file, one JSON object per line.",
        };
        var json = new Option<bool>("--json") { Description = "Print the per-file report as JSON on standard output." };
        var command = new Command("import", """
            Import paper metadata into the store: arXiv daily JSON lines, listing files, .abs files, the metadata
            snapshot. A paper seen in several files becomes one record (newest version's metadata wins); importing
            the same files again changes nothing. Exit code 0: all imported; 2: some records rejected; 1: nothing
            could be imported.

            Example:
              paperradar import ../shared/data/arxiv-daily --rejects rejects.jsonl
            """);
        command.Arguments.Add(paths);
        command.Options.Add(format);
        command.Options.Add(rejects);
        command.Options.Add(json);
        command.SetAction((parse, cancellationToken) => Task.FromResult(CommandRunner.Run(() => Run(
            parse.GetValue(db), parse.GetValue(paths)!, parse.GetValue(format), parse.GetValue(rejects),
            parse.GetValue(json), cancellationToken))));
        return command;
    }

    private static int Run(string? db, string[] paths, string? format, string? rejectsPath, bool json,
        CancellationToken cancellationToken)
    {
        if (format is not null && !PaperReaders.Formats.Contains(format, StringComparer.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"unknown format '{format}'; known formats: {string.Join(", ", PaperReaders.Formats.Order(StringComparer.Ordinal))}");
        }
        using var store = StoreLocation.Open(db);
        using var rejectsFile = rejectsPath is null ? null : new StreamWriter(OutputFile.Create(rejectsPath, "rejects file"));
        var rejected = 0L;

        void OnRejected(Rejection rejection)
        {
            rejected++;
            if (rejected <= RejectionsPrinted)
            {
                Console.Error.WriteLine($"rejected {rejection.Location}: {rejection.Reason}");
            }
            else if (rejected == RejectionsPrinted + 1)
            {
                Console.Error.WriteLine(rejectsPath is null
                    ? "more rejections not shown; use --rejects FILE to keep them all"
                    : $"more rejections not shown; all are in {rejectsPath}");
            }
            if (rejectsFile is not null)
            {
                rejectsFile.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["file"] = rejection.Location.File,
                    ["line"] = rejection.Location.Line,
                    ["format"] = rejection.Location.Format,
                    ["reason"] = rejection.Reason,
                    ["excerpt"] = rejection.Excerpt,
                }));
            }
        }

        var importer = new Importer(store, new ImportOptions { Format = format });
        var started = System.Diagnostics.Stopwatch.StartNew();
        ImportReport report = null!;
        CommandRunner.Error.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask("importing", maxValue: 1);
                var progress = new SynchronousProgress<ImportProgress>(p =>
                {
                    var seconds = Math.Max(started.Elapsed.TotalSeconds, 0.001);
                    task.Description = $"{p.Records:N0} records, {p.Records / seconds:N0}/s, file {Math.Min(p.FilesDone + 1, p.FilesTotal)}/{p.FilesTotal}";
                    task.MaxValue = Math.Max(p.BytesTotal, 1);
                    task.Value = Math.Min(p.BytesRead, task.MaxValue);
                });
                report = importer.Import(paths, OnRejected, progress, cancellationToken);
            });

        foreach (var failed in report.Files.Where(f => f.Error is not null))
        {
            Console.Error.WriteLine($"paperradar: {failed.Path}: {failed.Error}");
        }
        if (json)
        {
            PrintJson(report, started.Elapsed);
        }
        else
        {
            PrintTable(report, started.Elapsed);
        }
        return report.ExitCode;
    }

    private static void PrintTable(ImportReport report, TimeSpan elapsed)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("file").AddColumn("format")
            .AddColumn(new TableColumn("read").RightAligned()).AddColumn(new TableColumn("new").RightAligned())
            .AddColumn(new TableColumn("updated").RightAligned()).AddColumn(new TableColumn("unchanged").RightAligned())
            .AddColumn(new TableColumn("rejected").RightAligned()).AddColumn("problem");
        const int shownFiles = 40;
        var attempted = report.Files.Where(f => !f.Skipped).ToList();
        var shown = attempted.Count <= shownFiles
            ? attempted
            : attempted.Where(f => f.Error is not null || f.Rejected > 0).Take(shownFiles).ToList();
        foreach (var file in shown)
        {
            table.AddRow(Markup.Escape(ShortPath(file.Path)), Markup.Escape(file.Format ?? "?"), N(file.Read), N(file.New),
                N(file.Updated), N(file.Unchanged), file.Rejected > 0 ? $"[red]{N(file.Rejected)}[/]" : "0",
                file.Error is null ? "" : $"[red]{Markup.Escape(file.Error)}[/]");
        }
        table.AddRow($"[bold]total ({attempted.Count:N0} files)[/]", "", $"[bold]{N(report.Read)}[/]", $"[bold]{N(report.New)}[/]",
            $"[bold]{N(report.Updated)}[/]", $"[bold]{N(report.Unchanged)}[/]", $"[bold]{N(report.Rejected)}[/]", "");
        AnsiConsole.Write(table);
        if (shown.Count < attempted.Count)
        {
            AnsiConsole.MarkupLine($"({attempted.Count - shown.Count:N0} more files imported without problems are not listed; --json lists every file)");
        }
        var skipped = report.Files.Count(f => f.Skipped);
        var rate = report.Read / Math.Max(elapsed.TotalSeconds, 0.001);
        AnsiConsole.MarkupLine($"{N(report.Read)} records in {elapsed.TotalSeconds:N1} s ({rate:N0} records/s)" +
                               (report.Deleted > 0 ? $"; {N(report.Deleted)} say their source deleted the paper (marked: out of search and listings, kept for citations)" : "") +
                               (skipped > 0 ? $"; {skipped:N0} files in those folders are not in a format PaperRadar reads and were skipped" : ""));
    }

    private static void PrintJson(ImportReport report, TimeSpan elapsed)
    {
        var files = report.Files.Select(f => new Dictionary<string, object?>
        {
            ["file"] = f.Path,
            ["format"] = f.Format,
            ["read"] = f.Read,
            ["new"] = f.New,
            ["updated"] = f.Updated,
            ["unchanged"] = f.Unchanged,
            ["rejected"] = f.Rejected,
            ["deleted"] = f.Deleted,
            ["removed"] = f.Removed,
            ["skipped"] = f.Skipped,
            ["error"] = f.Error,
        });
        Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["read"] = report.Read,
            ["new"] = report.New,
            ["updated"] = report.Updated,
            ["unchanged"] = report.Unchanged,
            ["rejected"] = report.Rejected,
            ["deleted"] = report.Deleted,
            ["seconds"] = Math.Round(elapsed.TotalSeconds, 3),
            ["exit_code"] = report.ExitCode,
            ["files"] = files,
        }));
    }

    private static string N(long value) => value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    private static string ShortPath(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.Length < path.Length ? relative : path;
    }
}
