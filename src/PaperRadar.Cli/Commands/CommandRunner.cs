using PaperRadar.Harvest;
using PaperRadar.Storage.Sqlite;
using Spectre.Console;

namespace PaperRadar.Cli.Commands;

/// <summary>Runs a verb's body and turns expected failures into one clear line on standard error and exit code 1.</summary>
internal static class CommandRunner
{
    public static readonly IAnsiConsole Error = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Console.Error),
    });

    /// <summary>
    /// Shows one progress bar per step on standard error while <paramref name="work"/> runs. The work reports through
    /// the callback it is given: the step's name, how far it is, and its total (0: a step without a known end).
    /// </summary>
    public static void WithStepProgress(Action<Action<string, long, long>> work) => Error.Progress()
        .AutoClear(true)
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
        .Start(context =>
        {
            ProgressTask? task = null;
            work((step, done, total) =>
            {
                if (task is null || task.Description != step)
                {
                    task?.StopTask();
                    task = context.AddTask(step, maxValue: Math.Max(total, 1));
                    task.IsIndeterminate = total == 0;
                }
                task.MaxValue = Math.Max(total, 1);
                task.Value = Math.Min(done, task.MaxValue);
            });
        });

    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is StoreException or HarvestException or IOException or UnauthorizedAccessException or ArgumentException or FormatException)
        {
            Console.Error.WriteLine($"paperradar: {e.Message}");
            return 1;
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            // Disk full, a locked or damaged file: the batch in progress was rolled back, the store is consistent.
            Console.Error.WriteLine($"paperradar: the store could not be written: {e.Message}");
            return 1;
        }
    }
}

/// <summary>Creates a file the user named for output, saying which one when it cannot be written.</summary>
internal static class OutputFile
{
    public static FileStream Create(string path, string role)
    {
        try
        {
            return File.Create(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot write the {role} {path}: {e.Message}", e);
        }
    }
}
