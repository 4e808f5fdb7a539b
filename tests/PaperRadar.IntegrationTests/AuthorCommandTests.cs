using System.Text.Json;
using PaperRadar.IntegrationTests.Support;
using PaperRadar.Storage;
using PaperRadar.Storage.Import;

namespace PaperRadar.IntegrationTests;

/// <summary>`paperradar author` on the real ACL Anthology Network in a real SQLite store, through the real process.</summary>
public sealed class AuthorCommandTests : IDisposable
{
    private readonly ScratchDirectory _temp = new();

    private string Db => _temp.File("store.db");

    public AuthorCommandTests()
    {
        using var store = PaperStore.Open(Db);
        new Importer(store).Import([SharedData.Path("acl-anthology-network")]);
    }

    public void Dispose() => _temp.Dispose();

    private List<JsonElement> People(string name)
    {
        var result = PaperRadarProcess.Run("author", name, "--json", "--db", Db);
        Assert.Equal(0, result.ExitCode);
        return JsonDocument.Parse(result.Stdout).RootElement.GetProperty("people").EnumerateArray().ToList();
    }

    [Fact]
    public void EveryPersonsMetricsAreComputedFromTheirOwnPapersAndAreConsistent()
    {
        foreach (var name in (string[])["Kishore Papineni", "Y. Liu", "Michael Collins"])
        {
            var people = People(name);
            Assert.NotEmpty(people);
            foreach (var person in people)
            {
                int Get(string field) => person.GetProperty(field).GetInt32();
                Assert.Equal(Get("papers"), person.GetProperty("paper_ids").GetArrayLength());
                Assert.True(Get("h_index") <= Get("papers"), name);
                Assert.True(Get("h_index") * Get("h_index") <= Get("citations"), name);
                Assert.True(Get("i10_index") <= Get("papers"), name);
                Assert.True(Get("low_confidence_papers") <= Get("papers"), name);
            }
            // Each paper belongs to one person only.
            var ids = people.SelectMany(p => p.GetProperty("paper_ids").EnumerateArray().Select(i => i.GetString())).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());
        }
    }

    [Fact]
    public void BleusFirstAuthorHasItsCitationsAndTheEvidenceForThePapersJoinedToIt()
    {
        var people = People("Kishore Papineni");

        var bleuAuthor = people.Single(p => p.GetProperty("paper_ids").EnumerateArray().Any(i => i.GetString() == "acl:P02-1040"));
        var top = bleuAuthor.GetProperty("top_papers")[0];
        Assert.Equal("acl:P02-1040", top.GetProperty("id").GetString());
        Assert.Equal(729, top.GetProperty("citations").GetInt32());
        Assert.True(bleuAuthor.GetProperty("citations").GetInt32() >= 729);
        Assert.Contains(bleuAuthor.GetProperty("co_authors").EnumerateArray(), c => c.GetProperty("name").GetString() == "Salim Roukos");
        Assert.NotEmpty(bleuAuthor.GetProperty("evidence").EnumerateArray());
    }

    [Fact]
    public void PeopleWithIncompatibleGivenNamesAreNotShownForAName()
    {
        var people = People("Yang Liu");

        Assert.All(people, p => Assert.StartsWith("Y", p.GetProperty("name").GetString(), StringComparison.Ordinal));
        Assert.DoesNotContain(people, p => p.GetProperty("name").GetString() is "Yi Liu" or "Ying Liu");
    }

    [Fact]
    public void AnUnknownNameExitsWithTwoAndSaysSo()
    {
        var result = PaperRadarProcess.Run("author", "Nobody Atallhere", "--db", Db);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no author named 'Nobody Atallhere'", result.Stderr, StringComparison.Ordinal);
    }
}
