using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PaperRadar.Core.Authors;

namespace PaperRadar.Storage.Authors;

/// <summary>How a person index run goes.</summary>
public sealed record PersonIndexOptions
{
    /// <summary>Compute every block again, changed or not.</summary>
    public bool Rebuild { get; init; }

    /// <summary>Compute only these blocks (always, changed or not): what a correction touches.</summary>
    public IReadOnlySet<string>? OnlyBlocks { get; init; }

    /// <summary>Blocks computed side by side (default: one per core).</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;
}

public sealed record PersonIndexProgress(string Step, long Done, long Total);

/// <summary>What a person index run did.</summary>
/// <param name="Blocks">Name blocks with author entries (of those looked at).</param>
/// <param name="Computed">Blocks disambiguated in this run.</param>
/// <param name="Unchanged">Blocks whose entries, papers and corrections were as when last computed: kept.</param>
/// <param name="Removed">Stored blocks no author entry falls in any more.</param>
/// <param name="EntriesComputed">Author entries in the computed blocks.</param>
/// <param name="People">People in the computed blocks.</param>
/// <param name="Joined">People joined across blocks because a correction says they are one.</param>
/// <param name="Retired">Person ids no person holds any more (each leads to where most of its papers went).</param>
/// <param name="Reading">Reading the entries and papers, and fingerprinting the blocks.</param>
/// <param name="Clustering">Disambiguating the blocks that changed.</param>
/// <param name="Storing">Giving ids, writing the links, joining and retiring.</param>
public sealed record PersonIndexReport(
    int Blocks, int Computed, int Unchanged, int Removed, long EntriesComputed, long People, int Joined, int Retired,
    TimeSpan Reading, TimeSpan Clustering, TimeSpan Storing)
{
    public TimeSpan Elapsed => Reading + Clustering + Storing;
}

/// <summary>
/// Stored people: each author entry (paper, position) linked to a person id, with the confidence and evidence of the
/// link. Each name block is disambiguated on its own entries (<see cref="AuthorDisambiguator"/>, as the author
/// pages always did), so a block is computed again only when its fingerprint changes: its entries, the fields of their
/// papers that disambiguation reads, the corrections about it, or <see cref="Version"/>. Ids are kept across runs by
/// overlap (<see cref="PersonIds.Assign"/>); corrections (<see cref="PersonCorrections"/>) always win.
/// </summary>
public static class PersonIndex
{
    /// <summary>
    /// Part of every block's fingerprint: raise it when disambiguation's model, name parsing or signatures change,
    /// and every block is computed again by the next index.
    /// </summary>
    public const string Version = "persons-2";

    /// <summary>Disambiguation of one block: blocks run side by side, so one block runs on one thread.</summary>
    internal static readonly DisambiguationOptions BlockOptions = DisambiguationOptions.Default with { Parallel = false };

    public static PersonIndexReport Run(PaperStore store, PersonIndexOptions? options = null,
        IProgress<PersonIndexProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new PersonIndexOptions();
        var clock = Stopwatch.StartNew();
        progress?.Report(new PersonIndexProgress("people: reading author entries", 0, 0));
        IReadOnlyList<PersonInputPaper> papers;
        if (options.OnlyBlocks is { } only)
        {
            var names = new NameCache();
            var paperIds = store.AuthorEntryNames().Where(e => only.Contains(names.Parse(e.Name).BlockKey)).Select(e => e.PaperId).ToList();
            papers = store.PersonInputPapers(paperIds);
        }
        else
        {
            papers = store.PersonInputPapers();
        }
        var blocks = BlockInputs.Build(papers, options.OnlyBlocks is { } wanted ? wanted.Contains : null);
        var corrections = EffectiveCorrections.Replay(store.PersonCorrectionFacts());
        var stored = store.PersonBlockFingerprints();

        var toCompute = new List<BlockInput>();
        foreach (var block in blocks.Values)
        {
            block.Corrections = corrections.For(block.SignatureIds);
            block.Fingerprint = block.ComputeFingerprint();
            if (options.Rebuild || options.OnlyBlocks is not null
                || !stored.TryGetValue(block.Block, out var fingerprint) || !fingerprint.AsSpan().SequenceEqual(block.Fingerprint))
            {
                toCompute.Add(block);
            }
        }
        var removed = stored.Keys
            .Where(b => !blocks.ContainsKey(b) && (options.OnlyBlocks is null || options.OnlyBlocks.Contains(b)))
            .ToList();

        var reading = clock.Elapsed;
        // Largest first, so that the last block to start is a small one.
        var order = toCompute.OrderByDescending(b => b.Entries.Count).ThenBy(b => b.Block, StringComparer.Ordinal).ToList();
        var topics = new ConcurrentDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var results = new ConcurrentDictionary<string, IReadOnlyList<AuthorCluster>>(StringComparer.Ordinal);
        long done = 0;
        var total = order.Sum(b => (long)b.Entries.Count);
        progress?.Report(new PersonIndexProgress("people: disambiguating name blocks", 0, total));
        Parallel.ForEach(order, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism), CancellationToken = cancellationToken },
            block =>
            {
                results[block.Block] = block.Cluster(topics);
                var now = Interlocked.Add(ref done, block.Entries.Count);
                progress?.Report(new PersonIndexProgress("people: disambiguating name blocks", now, total));
            });
        topics.Clear();
        cancellationToken.ThrowIfCancellationRequested();

        var clustering = clock.Elapsed - reading;
        progress?.Report(new PersonIndexProgress("people: storing", 0, 0));
        var previousLinks = store.PersonIdsInBlocks(toCompute.Select(b => b.Block).Concat(removed).ToList());
        var previousByBlock = previousLinks.ToLookup(l => l.Value.Block, StringComparer.Ordinal);
        var everUsed = store.PersonIdsEverUsed();
        var writes = new List<PersonBlockWrite>();
        var newPersonOf = new Dictionary<string, string>(StringComparer.Ordinal);
        long people = 0;
        foreach (var block in toCompute.OrderBy(b => b.Block, StringComparer.Ordinal))
        {
            var clusters = results[block.Block];
            var previous = previousByBlock[block.Block].ToDictionary(l => l.Key, l => l.Value.PersonId, StringComparer.Ordinal);
            var ids = PersonIds.Assign(block.Block,
                clusters.Select(c => (IReadOnlyList<string>)c.Signatures.Select(s => s.SignatureId).ToList()).ToList(),
                previous, everUsed.Contains);
            var links = new List<PersonLink>(block.Entries.Count);
            for (var c = 0; c < clusters.Count; c++)
            {
                everUsed.Add(ids[c]);
                foreach (var attributed in clusters[c].Signatures)
                {
                    var entry = block.EntryOf(attributed.SignatureId);
                    links.Add(new PersonLink(entry.Paper.Id, entry.Position, entry.Paper.Authors[entry.Position].Name, block.Block, ids[c],
                        attributed.Confidence, attributed.Evidence));
                    newPersonOf[attributed.SignatureId] = ids[c];
                }
            }
            people += clusters.Count;
            writes.Add(new PersonBlockWrite(block.Block, block.Fingerprint, links));
        }
        store.WritePersonBlocks(writes, removed, []);

        var joined = JoinAcrossBlocks(store, corrections);
        var retired = Retire(store, previousLinks, newPersonOf);
        return new PersonIndexReport(blocks.Count, toCompute.Count, blocks.Count - toCompute.Count, removed.Count,
            toCompute.Sum(b => (long)b.Entries.Count), people, joined, retired, reading, clustering, clock.Elapsed - reading - clustering);
    }

    /// <summary>
    /// A correction's group of entries in several name blocks is clustered in each block apart: the people holding
    /// them are joined under one id (the one the correction named, else the one holding most of the group).
    /// </summary>
    private static int JoinAcrossBlocks(PaperStore store, EffectiveCorrections corrections)
    {
        var joined = 0;
        foreach (var (signatures, preferred, reason) in corrections.TogetherGroups())
        {
            var holders = store.PersonIdsOfPapers(signatures.Select(s => PersonEntries.Parse(s).PaperId));
            var persons = signatures
                .Select(PersonEntries.Parse)
                .Where(holders.ContainsKey)
                .GroupBy(e => holders[e], StringComparer.Ordinal)
                .Select(g => (Person: g.Key, Entries: g.Count()))
                .ToList();
            if (persons.Count < 2)
            {
                continue;
            }
            var survivor = persons.Any(p => p.Person == preferred)
                ? preferred
                : persons.OrderByDescending(p => p.Entries).ThenBy(p => p.Person, StringComparer.Ordinal).First().Person;
            store.JoinPersons(survivor, persons.Select(p => p.Person).ToList(), reason);
            joined += persons.Count - 1;
        }
        return joined;
    }

    /// <summary>
    /// The ids of the recomputed blocks that no entry holds any more are retired, each pointing at the person that
    /// now holds most of its former entries (none when its papers are gone).
    /// </summary>
    private static int Retire(PaperStore store, IReadOnlyDictionary<string, (string Block, string PersonId)> previousLinks,
        Dictionary<string, string> newPersonOf)
    {
        var retired = new List<RetiredPersonId>();
        var assigned = newPersonOf.Values.ToHashSet(StringComparer.Ordinal);
        foreach (var former in previousLinks.GroupBy(l => l.Value.PersonId, l => l.Key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            // Still someone's (here, or in a block not computed now), or retired already (joined by a correction).
            if (assigned.Contains(former.Key) || store.PersonIdHeld(former.Key) || store.RetiredPersonId(former.Key) is not null)
            {
                continue;
            }
            var successor = former.Where(newPersonOf.ContainsKey)
                .GroupBy(signature => newPersonOf[signature], StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.Key).FirstOrDefault();
            retired.Add(new RetiredPersonId(former.Key, successor, successor is null
                ? "none of its papers remain in the store"
                : "its papers were attributed anew by disambiguation; most of them are now this person's"));
        }
        if (retired.Count > 0)
        {
            store.WritePersonBlocks([], [], retired);
        }
        return retired.Count;
    }

    /// <summary>
    /// The people of one name block as they stand now, without storing anything: the stored links when the block's
    /// fingerprint is the stored one, else the block computed here with the ids the next index would give it.
    /// </summary>
    /// <param name="papers">Every paper with an author entry in the block (others are ignored).</param>
    public static BlockPeople PeopleOfBlock(PaperStore store, string block, IReadOnlyList<PersonInputPaper> papers)
    {
        var inputs = BlockInputs.Build(papers, b => b == block);
        if (!inputs.TryGetValue(block, out var input))
        {
            return new BlockPeople([], Stored: store.PersonBlockFingerprint(block) is not null);
        }
        input.Corrections = EffectiveCorrections.Replay(store.PersonCorrectionFacts()).For(input.SignatureIds);
        input.Fingerprint = input.ComputeFingerprint();
        if (store.PersonBlockFingerprint(block) is { } fingerprint && fingerprint.AsSpan().SequenceEqual(input.Fingerprint))
        {
            return new BlockPeople(store.PersonLinksInBlocks([block]), Stored: true);
        }
        var clusters = input.Cluster(new ConcurrentDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal));
        var previous = store.PersonLinksInBlocks([block]).ToDictionary(l => l.SignatureId, l => l.PersonId, StringComparer.Ordinal);
        var ids = PersonIds.Assign(block, clusters.Select(c => (IReadOnlyList<string>)c.Signatures.Select(s => s.SignatureId).ToList()).ToList(),
            previous, store.PersonIdEverUsed);
        var links = clusters.SelectMany((c, i) => c.Signatures.Select(s =>
        {
            var entry = input.EntryOf(s.SignatureId);
            return new PersonLink(entry.Paper.Id, entry.Position, entry.Paper.Authors[entry.Position].Name, block, ids[i], s.Confidence, s.Evidence);
        })).ToList();
        return new BlockPeople(links, Stored: false);
    }
}

/// <summary>One name block's people: each entry's link, and whether they were read from the store or computed now.</summary>
public sealed record BlockPeople(IReadOnlyList<PersonLink> Links, bool Stored);

/// <summary>One author entry of a block: the paper, the place in its author list, the parsed name.</summary>
internal sealed record BlockEntry(PersonInputPaper Paper, int Position, PersonName Name, string SignatureId, byte[] PaperHash);

/// <summary>One name block's entries, what they are corrected by, and the fingerprint of both.</summary>
internal sealed class BlockInput(string block)
{
    private Dictionary<string, BlockEntry>? _bySignature;

    public string Block { get; } = block;

    public List<BlockEntry> Entries { get; } = [];

    public IReadOnlyList<AuthorCorrection> Corrections { get; set; } = [];

    public byte[] Fingerprint { get; set; } = [];

    public IReadOnlySet<string> SignatureIds => (_bySignature ??= Entries.ToDictionary(e => e.SignatureId, StringComparer.Ordinal)).Keys.ToHashSet(StringComparer.Ordinal);

    public BlockEntry EntryOf(string signatureId) => (_bySignature ??= Entries.ToDictionary(e => e.SignatureId, StringComparer.Ordinal))[signatureId];

    /// <summary>
    /// SHA-256 of <see cref="PersonIndex.Version"/>, the entries in signature order (id, name as written, the hash of
    /// the paper's fields) and the corrections in force: equal fingerprints, equal disambiguation.
    /// </summary>
    public byte[] ComputeFingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(text));
            hash.AppendData([0]);
        }
        Add(PersonIndex.Version);
        Add(Block);
        foreach (var entry in Entries.OrderBy(e => e.SignatureId, StringComparer.Ordinal))
        {
            Add(entry.SignatureId);
            Add(entry.Paper.Authors[entry.Position].Name);
            hash.AppendData(entry.PaperHash);
        }
        foreach (var correction in Corrections)
        {
            Add($"{correction.SignatureId}|{correction.OtherSignatureId}|{correction.SamePerson}|{correction.Reason}");
        }
        return hash.GetHashAndReset();
    }

    public IReadOnlyList<AuthorCluster> Cluster(ConcurrentDictionary<string, IReadOnlyList<string>> topics)
    {
        var signatures = Entries.Select(e => AuthorProfiles.Signature(e.Paper, e.Position, e.Name,
            topics.GetOrAdd(e.Paper.Id, _ => AuthorProfiles.TopicTerms(e.Paper.Title, e.Paper.Abstract)))).ToList();
        return AuthorDisambiguator.Disambiguate(signatures, Corrections, PersonIndex.BlockOptions).Clusters;
    }
}

/// <summary>Parsed names, each written form parsed once.</summary>
internal sealed class NameCache
{
    private readonly Dictionary<string, PersonName> _names = new(StringComparer.Ordinal);

    public PersonName Parse(string written)
    {
        if (!_names.TryGetValue(written, out var name))
        {
            name = PersonName.Parse(written);
            _names[written] = name;
        }
        return name;
    }
}

internal static class BlockInputs
{
    /// <summary>
    /// The author entries of <paramref name="papers"/> grouped by name block (only the blocks <paramref name="wanted"/>
    /// accepts, when given). Entries without a surname belong to no block and to no person.
    /// </summary>
    public static Dictionary<string, BlockInput> Build(IReadOnlyList<PersonInputPaper> papers, Func<string, bool>? wanted)
    {
        var names = new NameCache();
        var blocks = new Dictionary<string, BlockInput>(StringComparer.Ordinal);
        foreach (var paper in papers)
        {
            byte[]? paperHash = null;
            for (var position = 0; position < paper.Authors.Count; position++)
            {
                var name = names.Parse(paper.Authors[position].Name);
                if (name.Surname.Length == 0 || (wanted is not null && !wanted(name.BlockKey)))
                {
                    continue;
                }
                if (!blocks.TryGetValue(name.BlockKey, out var block))
                {
                    blocks[name.BlockKey] = block = new BlockInput(name.BlockKey);
                }
                paperHash ??= PaperHash(paper);
                block.Entries.Add(new BlockEntry(paper, position, name, PersonEntries.SignatureId(paper.Id, position), paperHash));
            }
        }
        return blocks;
    }

    /// <summary>SHA-256 of every field of the paper that an author entry's signature is made from.</summary>
    public static byte[] PaperHash(PersonInputPaper paper)
    {
        var text = new StringBuilder();
        text.Append(paper.Title).Append('\u001e').Append(paper.Abstract).Append('\u001e')
            .Append(paper.Year.ToString(CultureInfo.InvariantCulture)).Append('\u001e').Append(paper.Venue).Append('\u001e');
        foreach (var category in paper.Categories)
        {
            text.Append(category).Append('\u001f');
        }
        text.Append('\u001e');
        foreach (var author in paper.Authors)
        {
            text.Append(author.Name).Append('\u001d').Append(author.Affiliation).Append('\u001f');
        }
        return SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
    }
}
