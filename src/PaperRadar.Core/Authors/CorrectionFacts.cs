namespace PaperRadar.Core.Authors;

/// <summary>What a user said about people.</summary>
public enum CorrectionKind
{
    /// <summary>Two people are one person: the signatures of both sides belong together.</summary>
    Merge,

    /// <summary>Some papers of a person are another person's: side one belongs together, apart from side two.</summary>
    Split,
}

/// <summary>
/// One stored correction as a fact about signatures, not about person ids (which the next disambiguation may
/// redraw): for a merge, the signatures of each person at the time; for a split, the signatures moved out and the
/// ones left behind.
/// </summary>
/// <param name="Id">Facts apply in the order of their ids: a later one wins where two contradict.</param>
/// <param name="PersonId">A merge's first person (whose id the merged person keeps); a split's person.</param>
/// <param name="OtherPersonId">A merge's second person; the id a split gave the papers moved out.</param>
/// <param name="First">Merge: the first person's signatures. Split: the signatures moved out.</param>
/// <param name="Second">Merge: the second person's signatures. Split: the person's other signatures.</param>
public sealed record CorrectionFact(
    long Id,
    CorrectionKind Kind,
    string PersonId,
    string OtherPersonId,
    IReadOnlyList<string> First,
    IReadOnlyList<string> Second)
{
    /// <summary>The reason the corrected signatures' evidence gives.</summary>
    public string Description => Kind == CorrectionKind.Merge
        ? $"{OtherPersonId} merged into {PersonId} (correction #{Id})"
        : $"papers split off {PersonId} as {OtherPersonId} (correction #{Id})";
}

/// <summary>
/// The corrections in force once every stored fact is replayed in order: groups of signatures that are one person,
/// and pairs of groups that are not. A later fact overrides an earlier one it contradicts: a split takes its papers
/// out of an earlier merge, a merge undoes an earlier split between the people it joins.
/// </summary>
public sealed class EffectiveCorrections
{
    private readonly List<Group> _together = [];
    private readonly List<(Group Moved, HashSet<string> Stayed, string Reason)> _apart = [];

    private sealed record Group(HashSet<string> Signatures, string PreferredId, string Reason);

    public static EffectiveCorrections Replay(IEnumerable<CorrectionFact> facts)
    {
        var effective = new EffectiveCorrections();
        foreach (var fact in facts.OrderBy(f => f.Id))
        {
            var first = fact.First.ToHashSet(StringComparer.Ordinal);
            var second = fact.Second.ToHashSet(StringComparer.Ordinal);
            if (fact.Kind == CorrectionKind.Merge)
            {
                var joined = first.Union(second).ToHashSet(StringComparer.Ordinal);
                foreach (var (moved, stayed, _) in effective._apart)
                {
                    if (moved.Signatures.Overlaps(joined) && stayed.Overlaps(joined))
                    {
                        moved.Signatures.ExceptWith(joined);
                    }
                }
                effective._together.Add(new Group(joined, fact.PersonId, fact.Description));
            }
            else
            {
                foreach (var group in effective._together)
                {
                    if (group.Signatures.Overlaps(first) && group.Signatures.Overlaps(second))
                    {
                        group.Signatures.ExceptWith(first);
                    }
                }
                var moved = new Group(first, fact.OtherPersonId, fact.Description);
                effective._together.Add(moved);
                effective._apart.Add((moved, second, fact.Description));
            }
        }
        return effective;
    }

    /// <summary>
    /// The groups of signatures that must be one person (each sorted, two or more signatures), with the person id
    /// the correction gave them (a merge's first person, a split's new one) and its reason: for joining people across
    /// name blocks, where no single block's clustering sees both.
    /// </summary>
    public IReadOnlyList<(IReadOnlyList<string> Signatures, string PreferredId, string Reason)> TogetherGroups() =>
        _together.Where(g => g.Signatures.Count > 1)
            .Select(g => ((IReadOnlyList<string>)g.Signatures.Order(StringComparer.Ordinal).ToList(), g.PreferredId, g.Reason))
            .ToList();

    /// <summary>
    /// The corrections among <paramref name="signatures"/> (one name block's), in a fixed order: each group's
    /// members chained ("same person"), and every moved × stayed pair of a split ("different person").
    /// </summary>
    public IReadOnlyList<AuthorCorrection> For(IReadOnlySet<string> signatures)
    {
        var corrections = new List<AuthorCorrection>();
        foreach (var group in _together)
        {
            var members = group.Signatures.Where(signatures.Contains).Order(StringComparer.Ordinal).ToList();
            for (var k = 1; k < members.Count; k++)
            {
                corrections.Add(AuthorCorrection.Same(members[k - 1], members[k], group.Reason));
            }
        }
        foreach (var (moved, stayed, reason) in _apart)
        {
            var movedHere = moved.Signatures.Where(signatures.Contains).Order(StringComparer.Ordinal).ToList();
            if (movedHere.Count == 0)
            {
                continue;
            }
            foreach (var other in stayed.Where(signatures.Contains).Order(StringComparer.Ordinal))
            {
                foreach (var signature in movedHere)
                {
                    corrections.Add(AuthorCorrection.Different(signature, other, reason));
                }
            }
        }
        return corrections;
    }
}
