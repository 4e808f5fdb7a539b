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
