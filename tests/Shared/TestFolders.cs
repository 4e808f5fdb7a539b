namespace PaperRadar.Testing;

/// <summary>
/// The repository (the folder holding PaperRadar.slnx), its data/sample, and the real data in ../shared/data beside
/// it; the environment variable PAPERRADAR_SHARED_DATA names another data folder. Linked into every test project.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string> Root = new(FindDataFolder);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    /// <summary>A file or folder of the repository's own real sample (data/sample).</summary>
    public static string Sample(params string[] parts) =>
        System.IO.Path.Combine([RepositoryRoot, "data", "sample", .. parts]);

    /// <summary>A test fixture of the repository's own (tests/fixtures): files written for tests where no real one exists.</summary>
    public static string Fixture(params string[] parts) =>
        System.IO.Path.Combine([RepositoryRoot, "tests", "fixtures", .. parts]);

    private static string FindDataFolder()
    {
        var data = Environment.GetEnvironmentVariable("PAPERRADAR_SHARED_DATA") is { Length: > 0 } configured
            ? configured
            : System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryRoot, "..", "shared", "data"));
        return Directory.Exists(data)
            ? data
            : throw new DirectoryNotFoundException($"the real test data is not at {data}; clone the repository with ../shared beside it");
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "PaperRadar.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException($"no PaperRadar.slnx above {AppContext.BaseDirectory}");
    }
}

/// <summary>A folder of its own for one test, removed afterwards.</summary>
public sealed class ScratchDirectory : IDisposable
{
    public ScratchDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "paperradar-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, byte[] content)
    {
        var path = File(name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A killed child process may still hold a file for a moment; the OS's temp cleaning takes it later.
        }
    }
}
