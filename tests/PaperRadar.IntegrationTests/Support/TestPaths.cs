namespace PaperRadar.IntegrationTests.Support;

/// <summary>The repository root and the real data in ../shared/data beside it (env PAPERRADAR_SHARED_DATA overrides).</summary>
public static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string SharedData(params string[] parts)
    {
        var data = Environment.GetEnvironmentVariable("PAPERRADAR_SHARED_DATA") is { Length: > 0 } configured
            ? configured
            : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));
        if (!Directory.Exists(data))
        {
            throw new DirectoryNotFoundException(
                $"the real test data is not at {data}; clone the repository with ../shared beside it");
        }
        return Path.Combine([data, .. parts]);
    }

    public static string Sample(params string[] parts) => Path.Combine([RepositoryRoot, "data", "sample", .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PaperRadar.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException($"no PaperRadar.slnx above {AppContext.BaseDirectory}");
    }
}

/// <summary>A folder of its own for one test, removed afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "paperradar-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A killed child process may still hold a file for a moment; the OS temp cleaner takes it later.
        }
    }
}
