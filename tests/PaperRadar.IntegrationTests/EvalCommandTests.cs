using System.Text.Json;
using PaperRadar.IntegrationTests.Support;

namespace PaperRadar.IntegrationTests;

/// <summary>`eval disambiguation` as a user runs it: the real process on S2AND's example data.</summary>
public sealed class EvalCommandTests
{
    private static string Dummy(string file) => SharedData.Path("disambiguation", "s2and-dummy", file);

    [Fact]
    public void EvalDisambiguationPrintsBCubedFiguresAsJson()
    {
        var result = PaperRadarProcess.Run("eval", "disambiguation", "--signatures", Dummy("signatures.json"),
            "--clusters", Dummy("clusters.json"), "--papers", Dummy("papers.json"), "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        // Gold {0,1} {2} {3,4}: Abdul Sattar twice, another Abdul Sattar (told apart in the gold by an ORCID only),
        // Alexander Konovalov at Moscow and at Esri. The engine puts the three Sattar papers (same co-author, same
        // affiliation) into one person and keeps Konovalov's two apart (nothing shared but the name):
        // precision (2/3 + 2/3 + 1/3 + 1 + 1) / 5, recall (1 + 1 + 1 + 1/2 + 1/2) / 5.
        Assert.Equal(11.0 / 15, root.GetProperty("precision").GetDouble(), 9);
        Assert.Equal(0.8, root.GetProperty("recall").GetDouble(), 9);
        Assert.Equal(2 * (11.0 / 15) * 0.8 / (11.0 / 15 + 0.8), root.GetProperty("f1").GetDouble(), 9);
        Assert.Equal(5, root.GetProperty("signatures").GetInt32());
        Assert.Equal(3, root.GetProperty("people").GetInt32());
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void EvalDisambiguationPrintsATableByDefault()
    {
        var result = PaperRadarProcess.Run("eval", "disambiguation", "--signatures", Dummy("signatures.json"),
            "--clusters", Dummy("clusters.json"));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("B-cubed precision ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("over 5 scored signatures of 3 gold people; 9 signatures disambiguated into", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ABadFileSaysWhichFileWhereAndWhy()
    {
        using var scratch = new ScratchDirectory();
        var clusters = scratch.Write("clusters.json", "{\"1\": {\"signature_ids\": [\"0\",]}}"u8.ToArray());
        var result = PaperRadarProcess.Run("eval", "disambiguation", "--signatures", Dummy("signatures.json"), "--clusters", clusters);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.StartsWith($"paperradar: {clusters}: line 1, byte 30: not valid JSON: The JSON array contains a trailing comma", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void HelpShowsAnExample()
    {
        var result = PaperRadarProcess.Run("eval", "disambiguation", "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("paperradar eval disambiguation --signatures", result.Stdout, StringComparison.Ordinal);
    }
}
