using PaperRadar.Storage;

namespace PaperRadar.Cli;

/// <summary>Where the store lives: --db, else $PAPERRADAR_DB, else a file in the user's data folder.</summary>
internal static class StoreLocation
{
    public const string EnvironmentVariable = "PAPERRADAR_DB";

    public static string Resolve(string? option)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            return option;
        }
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment;
        }
        var dataHome = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
        return Path.Combine(dataHome, "paperradar", "paperradar.db");
    }

    public static PaperStore Open(string? option) => PaperStore.Open(Resolve(option));
}
