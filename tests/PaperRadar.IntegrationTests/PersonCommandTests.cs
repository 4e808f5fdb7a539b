using System.Text.Json;
using PaperRadar.Core.Authors;
using PaperRadar.IntegrationTests.Support;
using PaperRadar.Storage;
using PaperRadar.Storage.Authors;
using PaperRadar.Storage.Import;

namespace PaperRadar.IntegrationTests;

/// <summary>
/// `paperradar author --id`, `author merge`, `author split`, `export` with person ids and `index`'s person step,
/// through the real process on the real ACL Anthology Network and the repository's arXiv sample.
/// </summary>
public sealed class PersonCommandTests(PersonCommandTests.Network network) : IClassFixture<PersonCommandTests.Network>, IDisposable
{
    /// <summary>The network imported once (not indexed); tests copy the file, and index their copy when they need to.</summary>
    public sealed class Network : IDisposable
    {
        private readonly ScratchDirectory _temp = new();

        public Network()
        {
            Imported = _temp.File("aan.db");
            using (var store = PaperStore.Open(Imported))
            {
                new Importer(store).Import([SharedData.Path("acl-anthology-network")]);
            }
            Indexed = _temp.File("aan-people.db");
            File.Copy(Imported, Indexed);
            using var indexed = PaperStore.Open(Indexed);
            PersonIndex.Run(indexed);
        }

        public string Imported { get; }

        public string Indexed { get; }

        public void Dispose() => _temp.Dispose();
    }

    private readonly ScratchDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Copy(string path)
    {
        var copy = _temp.File(Guid.NewGuid().ToString("N") + ".db");
        File.Copy(path, copy);
        return copy;
    }

    private static JsonElement Json(CliResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }

    /// <summary>The people called "Mark Johnson": disambiguation still splits them.</summary>
    private static List<JsonElement> Johnsons(string db) =>
        Json(PaperRadarProcess.Run("author", "Mark Johnson", "--json", "--db", db)).GetProperty("people").EnumerateArray()
            .Where(p => p.GetProperty("name").GetString() == "Mark Johnson").ToList();

    private static List<JsonElement> Collinses(string db) =>
        Json(PaperRadarProcess.Run("author", "Michael Collins", "--json", "--db", db)).GetProperty("people").EnumerateArray()
            .Where(p => p.GetProperty("name").GetString() == "Michael John Collins").ToList();

    private static string IdOf(List<JsonElement> people, string paperId) => people
        .Single(p => p.GetProperty("paper_ids").EnumerateArray().Any(i => i.GetString() == paperId))
        .GetProperty("id").GetString()!;

    private static List<string> PaperIds(JsonElement person) =>
        person.GetProperty("paper_ids").EnumerateArray().Select(i => i.GetString()!).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void ANamesPeopleCarryTheirStoredIdsAndEachIdShowsThatPerson()
    {
        var db = Copy(network.Indexed);
        var listing = Json(PaperRadarProcess.Run("author", "Kishore Papineni", "--json", "--db", db));
        Assert.True(listing.GetProperty("stored").GetBoolean());
        var bleuAuthor = listing.GetProperty("people").EnumerateArray()
            .Single(p => p.GetProperty("paper_ids").EnumerateArray().Any(i => i.GetString() == "acl:P02-1040"));
        var id = bleuAuthor.GetProperty("id").GetString()!;
        Assert.True(PersonIds.LooksLikeId(id), id);

        var byId = Json(PaperRadarProcess.Run("author", "--id", id, "--json", "--db", db));

        Assert.Equal(id, byId.GetProperty("id").GetString());
        Assert.Equal(PaperIds(bleuAuthor), PaperIds(byId));
        Assert.Equal(bleuAuthor.GetProperty("h_index").GetInt32(), byId.GetProperty("h_index").GetInt32());
        Assert.Equal(JsonValueKind.Null, byId.GetProperty("redirected_from").ValueKind);
        var text = PaperRadarProcess.Run("author", "--id", id, "--db", db);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains(id, text.Stdout, StringComparison.Ordinal);
        Assert.Contains("Bleu: A Method For Automatic Evaluation", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void MergeAndSplitWorkFromTheCommandLineAndTheRetiredIdLeadsOn()
    {
        var db = Copy(network.Indexed);
        var johnsons = Johnsons(db);
        var parsing = IdOf(johnsons, "acl:P05-1022");
        var reranking = IdOf(johnsons, "acl:P02-1035");
        Assert.NotEqual(parsing, reranking);

        var merge = PaperRadarProcess.Run("author", "merge", parsing, reranking, "--db", db);
        Assert.True(merge.ExitCode == 0, merge.ToString());
        Assert.Contains($"{reranking} merged into {parsing}", merge.Stdout, StringComparison.Ordinal);

        var redirected = PaperRadarProcess.Run("author", "--id", reranking, "--json", "--db", db);
        var person = Json(redirected);
        Assert.Equal(parsing, person.GetProperty("id").GetString());
        Assert.Equal(reranking, person.GetProperty("redirected_from").GetString());
        Assert.Contains("acl:P02-1035", PaperIds(person));
        Assert.Contains($"{reranking} is no longer a person's id", redirected.Stderr, StringComparison.Ordinal);

        var split = Json(PaperRadarProcess.Run("author", "split", parsing, "--papers", "acl:P02-1035", "--json", "--db", db));
        var moved = split.GetProperty("other_person_id").GetString()!;
        Assert.NotEqual(parsing, moved);
        Assert.Contains("acl:P02-1035", split.GetProperty("paper_ids").EnumerateArray().Select(i => i.GetString()));
        Assert.DoesNotContain("acl:P02-1035", PaperIds(Json(PaperRadarProcess.Run("author", "--id", parsing, "--json", "--db", db))));
    }

    [Fact]
    public void BadCorrectionsAndUnknownIdsFailWithAClearMessage()
    {
        var db = Copy(network.Indexed);
        var person = IdOf(Collinses(db), "acl:P97-1003");

        var notTheirs = PaperRadarProcess.Run("author", "split", person, "--papers", "acl:P02-1040", "--db", db);
        Assert.Equal(1, notTheirs.ExitCode);
        Assert.Contains($"paper acl:P02-1040 is not attributed to {person}", notTheirs.Stderr, StringComparison.Ordinal);

        var unknownMerge = PaperRadarProcess.Run("author", "merge", person, "m-collins-00000000", "--db", db);
        Assert.Equal(1, unknownMerge.ExitCode);
        Assert.Contains("no person has the id 'm-collins-00000000'", unknownMerge.Stderr, StringComparison.Ordinal);

        var unknownId = PaperRadarProcess.Run("author", "--id", "m-collins-00000000", "--db", db);
        Assert.Equal(2, unknownId.ExitCode);
        Assert.Contains("no person has the id 'm-collins-00000000'", unknownId.Stderr, StringComparison.Ordinal);

        var both = PaperRadarProcess.Run("author", "Michael Collins", "--id", person, "--db", db);
        Assert.Equal(1, both.ExitCode);
        Assert.Contains("give an author NAME or --id ID", both.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void BeforeIndexingANameIsComputedWhenAskedAndCorrectionsAskForAnIndex()
    {
        var db = Copy(network.Imported);
        var indexed = Copy(network.Indexed);

        var computed = PaperRadarProcess.Run("author", "Kishore Papineni", "--json", "--db", db);
        Assert.False(Json(computed).GetProperty("stored").GetBoolean());
        Assert.Contains("paperradar index", computed.Stderr, StringComparison.Ordinal);
        // Computed now, with the ids the index stores.
        var stored = Json(PaperRadarProcess.Run("author", "Kishore Papineni", "--json", "--db", indexed));
        Assert.Equal(
            stored.GetProperty("people").EnumerateArray().Select(p => p.GetProperty("id").GetString()),
            Json(computed).GetProperty("people").EnumerateArray().Select(p => p.GetProperty("id").GetString()));

        var byId = PaperRadarProcess.Run("author", "--id", "k-papineni-00000000", "--db", db);
        Assert.Equal(2, byId.ExitCode);
        Assert.Contains("has no stored people yet: run `paperradar index` first", byId.Stderr, StringComparison.Ordinal);
        var merge = PaperRadarProcess.Run("author", "merge", "k-papineni-00000000", "k-papineni-11111111", "--db", db);
        Assert.Equal(1, merge.ExitCode);
        Assert.Contains("run `paperradar index` first", merge.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TheExportCarriesEachAuthorsPersonId()
    {
        var db = Copy(network.Indexed);
        var output = _temp.File("papers.jsonl");

        var export = PaperRadarProcess.Run("export", "--format", "jsonl", "-o", output, "--db", db);

        Assert.True(export.ExitCode == 0, export.ToString());
        var bleu = File.ReadLines(output).Select(l => JsonDocument.Parse(l).RootElement)
            .Single(p => p.GetProperty("id").GetString() == "acl:P02-1040");
        var exported = bleu.GetProperty("authors").EnumerateArray().Select(a => a.GetProperty("person_id").GetString()).ToList();
        using var store = PaperStore.Open(db);
        var storedIds = store.PersonIdsOfPapers(["acl:P02-1040"]);
        Assert.Equal(Enumerable.Range(0, 4).Select(i => storedIds[("acl:P02-1040", i)]), exported);
        Assert.All(exported, id => Assert.True(PersonIds.LooksLikeId(id!), id));
    }

    [Fact]
    public void IndexStoresThePeopleAndASecondRunRecomputesNothing()
    {
        var db = _temp.File("sample.db");
        Assert.Equal(0, PaperRadarProcess.Run("import", SharedData.Sample(), "--db", db).ExitCode);

        var first = Json(PaperRadarProcess.Run("index", "--json", "--db", db));
        var second = Json(PaperRadarProcess.Run("index", "--json", "--db", db));

        Assert.True(first.GetProperty("people_blocks_computed").GetInt32() > 0);
        Assert.Equal(first.GetProperty("people_blocks").GetInt32(), first.GetProperty("people_blocks_computed").GetInt32());
        Assert.Equal(0, second.GetProperty("people_blocks_computed").GetInt32());
        Assert.Equal(first.GetProperty("people_blocks").GetInt32(), second.GetProperty("people_blocks_unchanged").GetInt32());
        using var store = PaperStore.Open(db);
        Assert.True(store.HasPersonIndex);
        var paper = Assert.Single(store.GetPapers(["2605.27602"]));
        Assert.Equal(paper.Authors.Count, paper.AuthorPersonIds.Count);
        Assert.All(paper.AuthorPersonIds, id => Assert.True(PersonIds.LooksLikeId(id!), id));
    }
}
