using System.Diagnostics;

namespace PaperRadar.IntegrationTests.Support;

public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Runs the real `paperradar` program (built next to the tests) as a child process.</summary>
public static class PaperRadarProcess
{
    private static readonly string Program = Path.Combine(AppContext.BaseDirectory, "paperradar.dll");

    public static ProcessStartInfo StartInfo(IEnumerable<string> args, IDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = SharedData.RepositoryRoot,
        };
        info.ArgumentList.Add(Program);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        // Tests never use the developer's own store, never reach a real source, and serve never harvests on its own.
        info.Environment["PAPERRADAR_DB"] = null;
        foreach (var source in new[] { "PAPERRADAR_OAI_ENDPOINT", "PAPERRADAR_ARXIV_API", "PAPERRADAR_HF_API" })
        {
            info.Environment[source] = "http://127.0.0.1:9/no-source-configured-by-this-test";
        }
        info.Environment["PAPERRADAR_HARVEST_SCHEDULE"] = "off";
        // Nor do they mail anyone through a developer's own mail server.
        foreach (var mail in new[] { "PAPERRADAR_SMTP", "PAPERRADAR_MAIL_FROM", "PAPERRADAR_PUBLIC_URL", "PAPERRADAR_DIGEST_SCHEDULE" })
        {
            info.Environment[mail] = null;
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }
        return info;
    }

    public static CliResult Run(params string[] args) => Run(args, null);

    public static CliResult Run(IEnumerable<string> args, IDictionary<string, string?>? environment)
    {
        using var process = Process.Start(StartInfo(args, environment))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"paperradar {string.Join(' ', args)} ran for more than 5 minutes");
        }
        return new CliResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}
