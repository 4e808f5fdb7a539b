using PaperRadar.Core.Authors;
using PaperRadar.Core.Model;

namespace PaperRadar.Storage.Authors;

/// <summary>What a correction did: the fact's number and the people it leaves.</summary>
/// <param name="PersonId">The person the correction keeps (a merge's survivor; a split's original person).</param>
/// <param name="OtherPersonId">A merge's retired id; for a split, the person the papers moved out now belong to: the new
/// id the split gave them, or another person's when disambiguation finds them to be that person's papers.</param>
/// <param name="NewPersonId">The id a split gave the papers moved out (a merge: null).</param>
/// <param name="Report">The recomputation of the blocks the correction touches.</param>
public sealed record CorrectionOutcome(long CorrectionId, string PersonId, string OtherPersonId, string? NewPersonId, PersonIndexReport Report);

/// <summary>
/// A user's corrections of the stored people. Each is stored as a fact about author entries
/// (<see cref="CorrectionFact"/>), applied to the stored links at once, and every name block it touches is
/// disambiguated again with all corrections in force; every later index does the same, so a correction survives
/// re-running disambiguation, and wins over the clustering.
/// </summary>
public static class PersonCorrections
{
    /// <summary>
    /// <paramref name="personId"/> and <paramref name="otherPersonId"/> are one person, which keeps the first id; the
    /// second is retired and leads to it.
    /// </summary>
    /// <exception cref="ArgumentException">An id names no person, or both name the same one.</exception>
    public static CorrectionOutcome Merge(PaperStore store, string personId, string otherPersonId)
    {
        RequireIndex(store);
        if (personId == otherPersonId)
        {
            throw new ArgumentException($"{personId} and {otherPersonId} are the same person already: give two different ids");
        }
        var first = LinksOf(store, personId);
        var second = LinksOf(store, otherPersonId);
        var correction = store.AddPersonCorrection(CorrectionKind.Merge, personId, otherPersonId, first, second);
        var fact = new CorrectionFact(correction, CorrectionKind.Merge, personId, otherPersonId, [], []);
        store.JoinPersons(personId, [otherPersonId], fact.Description);
        var report = PersonIndex.Run(store, new PersonIndexOptions { OnlyBlocks = Blocks(first, second) });
        return new CorrectionOutcome(correction, personId, otherPersonId, null, report);
    }

    /// <summary>
    /// The papers <paramref name="paperIds"/> of <paramref name="personId"/> are another person's: they get a new
    /// person id of their own (returned), and are never joined to the person again unless a later merge says so.
    /// </summary>
    /// <exception cref="ArgumentException">The id names no person, a paper is not theirs, or all their papers are named.</exception>
    public static CorrectionOutcome Split(PaperStore store, string personId, IReadOnlyList<string> paperIds)
    {
        RequireIndex(store);
        if (paperIds.Count == 0)
        {
            throw new ArgumentException("give the papers to split off with --papers ID,ID,...");
        }
        var links = LinksOf(store, personId);
        var papersOfPerson = links.Select(l => l.PaperId).ToHashSet(StringComparer.Ordinal);
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var written in paperIds)
        {
            if (!PaperId.TryParse(written.Trim(), out var id))
            {
                throw new ArgumentException($"'{written}' in --papers is not a paper id (e.g. 2401.00001, acl:P02-1040)");
            }
            if (!papersOfPerson.Contains(id.Value))
            {
                throw new ArgumentException(store.GetPaper(id) is null
                    ? $"the store has no paper {id.Value} (in --papers)"
                    : $"paper {id.Value} is not attributed to {personId}: its papers are {Describe(papersOfPerson)}");
            }
            wanted.Add(id.Value);
        }
        var moved = links.Where(l => wanted.Contains(l.PaperId)).ToList();
        var stayed = links.Where(l => !wanted.Contains(l.PaperId)).ToList();
        if (stayed.Count == 0)
        {
            throw new ArgumentException(
                $"those are all {papersOfPerson.Count} papers of {personId}: nothing would be left; to say they are someone else's, merge {personId} into that person instead");
        }
        var newId = PersonIds.New(moved[0].Block, moved.Select(l => l.SignatureId).Min(StringComparer.Ordinal)!, store.PersonIdEverUsed);
        var correction = store.AddPersonCorrection(CorrectionKind.Split, personId, newId, moved, stayed);
        store.MoveEntriesToPerson(moved.Select(l => l.SignatureId).ToList(), newId);
        var report = PersonIndex.Run(store, new PersonIndexOptions { OnlyBlocks = Blocks(links, []) });
        var holders = store.PersonIdsOfPapers(moved.Select(l => l.PaperId));
        var holder = moved.Select(l => (l.PaperId, l.Position)).Where(holders.ContainsKey)
            .GroupBy(e => holders[e], StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).FirstOrDefault() ?? newId;
        return new CorrectionOutcome(correction, personId, holder, newId, report);
    }

    private static void RequireIndex(PaperStore store)
    {
        if (!store.HasPersonIndex)
        {
            throw new ArgumentException($"{store.Path} has no stored people yet: run `paperradar index` first, then correct them by id");
        }
    }

    private static IReadOnlyList<PersonLink> LinksOf(PaperStore store, string personId)
    {
        var links = store.PersonLinksOf(personId);
        if (links.Count > 0)
        {
            return links;
        }
        if (store.RetiredPersonId(personId) is { } retired)
        {
            throw new ArgumentException(retired.Successor is { } successor
                ? $"{personId} is no longer a person's id ({retired.Reason}): its papers are now {successor}'s; use {successor}"
                : $"{personId} is no longer a person's id: {retired.Reason}");
        }
        throw new ArgumentException($"no person has the id '{personId}' (ids look like y-liu-3fa9c2d1; `paperradar author \"NAME\"` lists them)");
    }

    private static HashSet<string> Blocks(IReadOnlyList<PersonLink> first, IReadOnlyList<PersonLink> second) =>
        first.Concat(second).Select(l => l.Block).ToHashSet(StringComparer.Ordinal);

    private static string Describe(HashSet<string> papers) =>
        string.Join(", ", papers.Order(StringComparer.Ordinal).Take(10)) + (papers.Count > 10 ? $" and {papers.Count - 10} more" : "");
}
