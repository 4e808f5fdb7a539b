using Microsoft.Data.Sqlite;
using PaperRadar.Core.Authors;
using PaperRadar.Storage;
using PaperRadar.Storage.Authors;
using PaperRadar.Storage.Import;

namespace PaperRadar.IntegrationTests;

/// <summary>
/// Stored people (`paperradar index`'s person step) and corrections, on the real ACL Anthology Network in a real
/// SQLite store. Mark Johnson is the real case: disambiguation splits the papers of that name into several people.
/// </summary>
public sealed class PersonIndexTests(PersonIndexTests.IndexedNetwork network) : IClassFixture<PersonIndexTests.IndexedNetwork>, IDisposable
{
    /// <summary>The network imported and its people indexed once; each test works on its own copy of the file.</summary>
    public sealed class IndexedNetwork : IDisposable
    {
        private readonly ScratchDirectory _temp = new();

        public IndexedNetwork()
        {
            Path = _temp.File("aan.db");
            using var store = PaperStore.Open(Path);
            new Importer(store).Import([SharedData.Path("acl-anthology-network")]);
            FirstRun = PersonIndex.Run(store);
        }

        public string Path { get; }

        public PersonIndexReport FirstRun { get; }

        public void Dispose() => _temp.Dispose();
    }

    private readonly ScratchDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private PaperStore OpenCopy()
    {
        var path = _temp.File("copy.db");
        File.Copy(network.Path, path);
        return PaperStore.Open(path);
    }

    /// <summary>Every stored entry's person: "paper#position" → person id.</summary>
    private static Dictionary<string, string> Assignment(PaperStore store)
    {
        using var connection = new SqliteConnection($"Data Source={store.Path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT paper_id, position, person_id FROM person_links";
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result[$"{reader.GetString(0)}#{reader.GetInt64(1)}"] = reader.GetString(2);
        }
        return result;
    }

    private static IReadOnlyList<AuthorProfile> Collinses(PaperStore store) =>
        AuthorProfiles.PeopleNamed(store, "Michael Collins").Where(p => p.Name == "Michael John Collins").ToList();

    /// <summary>The people called "Mark Johnson": disambiguation still splits them (several are likely one person).</summary>
    private static IReadOnlyList<AuthorProfile> Johnsons(PaperStore store) =>
        AuthorProfiles.PeopleNamed(store, "Mark Johnson").Where(p => p.Name == "Mark Johnson").ToList();

    private static string PersonOf(IReadOnlyList<AuthorProfile> people, string paperId) =>
        people.Single(p => p.Papers.Any(x => x.Paper.Id.Value == paperId)).Id;

    [Fact]
    public void EveryAuthorEntryWithASurnameIsLinkedToAPersonWithConfidenceAndEvidence()
    {
        using var store = OpenCopy();
        var assignment = Assignment(store);

        Assert.Equal(45_483, network.FirstRun.EntriesComputed);
        Assert.Equal(network.FirstRun.EntriesComputed, assignment.Count);
        Assert.Equal(network.FirstRun.People, assignment.Values.Distinct().Count());
        Assert.All(assignment.Values.Distinct(), id => Assert.True(PersonIds.LooksLikeId(id), id));
        var bleu = store.PersonIdsOfPapers(["acl:P02-1040"]);
        Assert.Equal(4, bleu.Count);
        var papineni = store.PersonLinksOf(bleu[("acl:P02-1040", 0)]);
        Assert.Contains(papineni, l => l.PaperId == "acl:P02-1040" && l.Name == "Kishore Papineni" && l.Evidence.Count > 0);
        Assert.All(papineni, l => Assert.InRange(l.Confidence, 0, 1));
    }

    [Fact]
    public void IdsAreStableAcrossReRunsAndAFreshStoreGetsTheSameIds()
    {
        using var store = OpenCopy();
        var before = Assignment(store);

        var unchanged = PersonIndex.Run(store);
        Assert.Equal(0, unchanged.Computed);
        Assert.Equal(network.FirstRun.Blocks, unchanged.Unchanged);

        var rebuilt = PersonIndex.Run(store, new PersonIndexOptions { Rebuild = true });
        Assert.Equal(network.FirstRun.Blocks, rebuilt.Computed);
        Assert.Equal(0, rebuilt.Retired);
        Assert.Equal(before, Assignment(store));

        // Ids of clusters without a past are derived from the block and the cluster's first entry: the same data
        // imported into a new store gives the same ids.
        var freshPath = _temp.File("fresh.db");
        using var fresh = PaperStore.Open(freshPath);
        new Importer(fresh).Import([SharedData.Path("acl-anthology-network")]);
        PersonIndex.Run(fresh);
        Assert.Equal(before, Assignment(fresh));
    }

    [Fact]
    public void AMergeTakesEffectAtOnceAndSurvivesReDisambiguation()
    {
        using var store = OpenCopy();
        var johnsons = Johnsons(store);
        var parsing = PersonOf(johnsons, "acl:P05-1022");      // Coarse-to-fine n-best parsing and MaxEnt reranking (2005)
        var perceptron = PersonOf(johnsons, "acl:P02-1035");   // Parsing the Wall Street Journal using a LFG (2002)
        if (parsing == perceptron)
        {
            Assert.Fail($"disambiguation now joins P05-1022 and P02-1035 ({parsing}); choose two papers it still splits");
        }
        var expected = johnsons.Where(p => p.Id == parsing || p.Id == perceptron).SelectMany(p => p.Papers).Select(p => p.Paper.Id.Value).Order().ToList();

        var outcome = PersonCorrections.Merge(store, parsing, perceptron);

        Assert.Equal(parsing, outcome.PersonId);
        var merged = AuthorProfiles.Person(store, parsing)!.Profile!;
        Assert.Equal(expected, merged.Papers.Select(p => p.Paper.Id.Value).Order());
        Assert.Contains(merged.Papers, p => p.Evidence.Any(e => e.Contains($"{perceptron} merged into {parsing}", StringComparison.Ordinal)));
        var redirected = AuthorProfiles.Person(store, perceptron)!;
        Assert.Equal(parsing, redirected.Profile!.Id);
        Assert.Equal(perceptron, redirected.RedirectedFrom!.PersonId);

        PersonIndex.Run(store, new PersonIndexOptions { Rebuild = true });

        var again = AuthorProfiles.Person(store, parsing)!.Profile!;
        Assert.Superset(expected.ToHashSet(), again.Papers.Select(p => p.Paper.Id.Value).ToHashSet());
        Assert.Equal(parsing, AuthorProfiles.Person(store, perceptron)!.Profile!.Id);
    }

    [Fact]
    public void ASplitMovesThePapersOutAtOnceAndTheyNeverRejoinThePerson()
    {
        using var store = OpenCopy();
        var person = PersonOf(Collinses(store), "acl:P97-1003");
        var before = AuthorProfiles.Person(store, person)!.Profile!.Papers.Select(p => p.Paper.Id.Value).ToList();
        Assert.Contains("acl:P05-1066", before);

        var outcome = PersonCorrections.Split(store, person, ["acl:P05-1066", "acl:P97-1003"]);

        var after = AuthorProfiles.Person(store, person)!.Profile!.Papers.Select(p => p.Paper.Id.Value).ToList();
        Assert.DoesNotContain("acl:P05-1066", after);
        Assert.DoesNotContain("acl:P97-1003", after);
        Assert.NotEqual(person, outcome.OtherPersonId);
        var moved = AuthorProfiles.Person(store, outcome.OtherPersonId)!.Profile!;
        Assert.Contains(moved.Papers, p => p.Paper.Id.Value == "acl:P05-1066");
        Assert.Contains(moved.Papers, p => p.Paper.Id.Value == "acl:P97-1003");
        Assert.Equal(outcome.OtherPersonId, AuthorProfiles.Person(store, outcome.NewPersonId!)!.Profile!.Id);

        PersonIndex.Run(store, new PersonIndexOptions { Rebuild = true });

        var rebuilt = AuthorProfiles.Person(store, person)!.Profile!.Papers.Select(p => p.Paper.Id.Value).ToList();
        Assert.DoesNotContain("acl:P05-1066", rebuilt);
        Assert.DoesNotContain("acl:P97-1003", rebuilt);
        Assert.Equal(outcome.OtherPersonId, PersonOf(Collinses(store), "acl:P05-1066"));
        Assert.Equal(PersonOf(Collinses(store), "acl:P05-1066"), PersonOf(Collinses(store), "acl:P97-1003"));
    }

    [Fact]
    public void ALaterMergeUndoesASplitBetweenTheSamePeople()
    {
        using var store = OpenCopy();
        var person = PersonOf(Collinses(store), "acl:P97-1003");
        var split = PersonCorrections.Split(store, person, ["acl:P05-1066"]);

        PersonCorrections.Merge(store, person, split.OtherPersonId);
        PersonIndex.Run(store, new PersonIndexOptions { Rebuild = true });

        Assert.Equal(PersonOf(Collinses(store), "acl:P97-1003"), PersonOf(Collinses(store), "acl:P05-1066"));
    }

    [Fact]
    public void BadCorrectionsAreRefusedWithAClearReason()
    {
        using var store = OpenCopy();
        var collinses = Collinses(store);
        var person = PersonOf(collinses, "acl:P97-1003");
        var papers = AuthorProfiles.Person(store, person)!.Profile!.Papers.Select(p => p.Paper.Id.Value).ToList();

        var unknown = Assert.Throws<ArgumentException>(() => PersonCorrections.Merge(store, person, "m-collins-00000000"));
        Assert.Contains("no person has the id 'm-collins-00000000'", unknown.Message, StringComparison.Ordinal);
        var self = Assert.Throws<ArgumentException>(() => PersonCorrections.Merge(store, person, person));
        Assert.Contains("the same person", self.Message, StringComparison.Ordinal);
        var notTheirs = Assert.Throws<ArgumentException>(() => PersonCorrections.Split(store, person, ["acl:P02-1040"]));
        Assert.Contains($"paper acl:P02-1040 is not attributed to {person}", notTheirs.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<ArgumentException>(() => PersonCorrections.Split(store, person, ["acl:X99-9999"]));
        Assert.Contains("the store has no paper acl:X99-9999", missing.Message, StringComparison.Ordinal);
        var all = Assert.Throws<ArgumentException>(() => PersonCorrections.Split(store, person, papers));
        Assert.Contains("nothing would be left", all.Message, StringComparison.Ordinal);
        var notAnId = Assert.Throws<ArgumentException>(() => PersonCorrections.Split(store, person, ["not a paper"]));
        Assert.Contains("'not a paper' in --papers is not a paper id", notAnId.Message, StringComparison.Ordinal);

        // Nothing was stored by the refused corrections.
        Assert.Equal(0, PersonIndex.Run(store).Computed);
    }
}

/// <summary>The incremental person step on the repository's real arXiv sample: only the blocks a new day touches are computed.</summary>
public sealed class IncrementalPersonIndexTests : IDisposable
{
    private readonly ScratchDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static Dictionary<string, string> ComputedAt(PaperStore store)
    {
        using var connection = new SqliteConnection($"Data Source={store.Path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT block, computed_at FROM person_blocks";
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result[reader.GetString(0)] = reader.GetString(1);
        }
        return result;
    }

    [Fact]
    public void ANewDaysImportRecomputesOnlyTheBlocksOfItsAuthors()
    {
        var days = Directory.GetFiles(SharedData.Sample("arxiv-daily")).Order(StringComparer.Ordinal).ToList();
        using var store = PaperStore.Open(_temp.File("daily.db"));
        new Importer(store).Import([days[0]]);
        var first = PersonIndex.Run(store);
        var blocksBefore = ComputedAt(store);
        var idsBefore = blocksBefore.Keys.ToDictionary(b => b, b => store.PersonLinksInBlocks([b]).Select(l => (l.SignatureId, l.PersonId)).Order().ToList());
        var papersBefore = store.PersonInputPapers().ToDictionary(p => p.Id, StringComparer.Ordinal);
        Assert.Equal(first.Blocks, blocksBefore.Count);

        new Importer(store).Import([days[1]]);
        var second = PersonIndex.Run(store);

        // The blocks the second day can touch: those of the authors of its new papers, and of papers it changed.
        var touched = store.PersonInputPapers()
            .Where(p => !papersBefore.TryGetValue(p.Id, out var old) || !SameInputs(old, p))
            .SelectMany(p => (papersBefore.TryGetValue(p.Id, out var old) ? old.Authors : []).Concat(p.Authors))
            .Select(a => PersonName.Parse(a.Name).BlockKey)
            .ToHashSet(StringComparer.Ordinal);
        var blocksAfter = ComputedAt(store);
        var recomputed = blocksAfter.Where(b => !blocksBefore.TryGetValue(b.Key, out var at) || at != b.Value).Select(b => b.Key).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(recomputed);
        Assert.Subset(touched, recomputed);
        Assert.Equal(second.Computed, recomputed.Count);
        Assert.Equal(blocksAfter.Count - recomputed.Count, second.Unchanged);
        Assert.True(second.Unchanged > 0, "the two days share no author block: the test shows nothing");
        // The blocks left alone kept their people and ids.
        foreach (var block in blocksBefore.Keys.Where(b => !recomputed.Contains(b)))
        {
            Assert.Equal(idsBefore[block], store.PersonLinksInBlocks([block]).Select(l => (l.SignatureId, l.PersonId)).Order().ToList());
        }
    }

    private static bool SameInputs(PersonInputPaper a, PersonInputPaper b) =>
        a.Title == b.Title && a.Abstract == b.Abstract && a.Year == b.Year && a.Venue == b.Venue
        && a.Categories.SequenceEqual(b.Categories) && a.Authors.SequenceEqual(b.Authors);
}
