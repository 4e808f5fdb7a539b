namespace PaperRadar.Tests;

/// <summary>
/// The real data in ../shared/data beside the repository root (the folder holding PaperRadar.slnx); the
/// environment variable PAPERRADAR_SHARED_DATA names another data folder.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string> Root = new(FindDataFolder);

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    private static string FindDataFolder()
    {
        if (Environment.GetEnvironmentVariable("PAPERRADAR_SHARED_DATA") is { Length: > 0 } configured)
        {
            return configured;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "PaperRadar.slnx")))
            {
                return System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared", "data"));
            }
        }
        throw new DirectoryNotFoundException($"no PaperRadar.slnx above {AppContext.BaseDirectory}");
    }
}
