using PaperRadar.Storage;
using PaperRadar.Storage.Sqlite;

namespace PaperRadar.Cli;

/// <summary>Where the store lives: --db, else $PAPERRADAR_DB, else a file in the user's data folder.</summary>
internal static class StoreLocation
{
    public const string EnvironmentVariable = "PAPERRADAR_DB";

    public static string Resolve(string? option)
    {
        if (option is not null)
        {
            return string.IsNullOrWhiteSpace(option)
                ? throw new ArgumentException("--db is empty; give the path of a store file")
                : option;
        }
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment;
        }
        var dataHome = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
        return Path.Combine(dataHome, "paperradar", "paperradar.db");
    }

    /// <summary>Opens the store, creating it if needed (for verbs that write).</summary>
    public static PaperStore Open(string? option) => PaperStore.Open(Resolve(option));

    /// <summary>Opens a store that must already exist: reading verbs never create one from a mistyped path.</summary>
    public static PaperStore OpenExisting(string? option)
    {
        var path = Resolve(option);
        return File.Exists(path)
            ? PaperStore.Open(path)
            : throw new StoreException($"there is no store at {path}; import papers first (paperradar import PATH) or check --db / {EnvironmentVariable}");
    }
}
