using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using PaperRadar.IntegrationTests.Support;

namespace PaperRadar.IntegrationTests;

/// <summary>`paperradar serve` as a user runs it: the real process, a fresh store, a real HTTP client.</summary>
public sealed partial class ServeCommandTests : IDisposable
{
    private readonly ScratchDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ServeFillsAnEmptyStoreWithTheSampleAndAnswersAtTheAddressItPrints()
    {
        var db = _temp.File("fresh.db");
        using var process = Process.Start(PaperRadarProcess.StartInfo(["serve", "--db", db, "--urls", "http://127.0.0.1:0"]))!;
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            var address = await ReadAddress(process);
            using var client = new HttpClient { BaseAddress = new Uri(address) };
            using var home = await client.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, home.StatusCode);
            Assert.Contains("Papers listed on 2026-05-28", await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            using var search = await client.GetAsync("/api/v1/search?q=diffusion&mode=semantic&limit=3");
            Assert.Equal(HttpStatusCode.OK, search.StatusCode);
            // Semantic search answered by meaning (not the keyword fallback): serve indexed the store.
            Assert.Contains("\"mode\":\"semantic\"", await search.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        Assert.Contains("importing the sample papers", await stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--port", "70000", "is not a port number")]
    [InlineData("--port", "0", "is not a port number")]
    public void ServeRefusesABadPortAndSaysWhy(string option, string value, string message)
    {
        var result = PaperRadarProcess.Run("serve", "--db", _temp.File("x.db"), option, value);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ServeRefusesBothUrlsAndPort()
    {
        var result = PaperRadarProcess.Run("serve", "--db", _temp.File("x.db"), "--port", "5099", "--urls", "http://127.0.0.1:5098");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("give --urls or --port, not both", result.Stderr, StringComparison.Ordinal);
    }

    private static async Task<string> ReadAddress(Process process)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (ServingLine().Match(line) is { Success: true } match)
            {
                return match.Groups["address"].Value;
            }
        }
        throw new InvalidOperationException($"serve exited (code {(process.HasExited ? process.ExitCode : -1)}) without printing its address");
    }

    [GeneratedRegex(@"^PaperRadar is serving (?<address>http://127\.0\.0\.1:\d+)")]
    private static partial Regex ServingLine();
}
