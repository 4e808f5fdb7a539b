using System.Security.Cryptography;
using System.Text;

namespace PaperRadar.Core.Authors;

/// <summary>
/// Stable person ids for the clusters of one name block. A cluster keeps the id of the person it shares the most
/// author entries with in the previous assignment (each previous id goes to one cluster at most, largest overlap
/// first); a cluster sharing nothing with a previous person gets a new id derived from the block and its first
/// signature, so that the same input always gives the same ids. See docs/disambiguation.md, "Stored person ids".
/// </summary>
public static class PersonIds
{
    /// <summary>
    /// One id per cluster, in the order of <paramref name="clusters"/>.
    /// </summary>
    /// <param name="block">The clusters' name block (<see cref="PersonName.BlockKey"/>).</param>
    /// <param name="clusters">Each cluster's signature ids.</param>
    /// <param name="previous">Signature id → the person id it had before (signatures that had none are absent).</param>
    /// <param name="isTaken">Whether a new id is already used (or was once used) by a person elsewhere: it is not
    /// given again.</param>
    public static IReadOnlyList<string> Assign(
        string block,
        IReadOnlyList<IReadOnlyList<string>> clusters,
        IReadOnlyDictionary<string, string> previous,
        Func<string, bool> isTaken)
    {
        var ids = new string?[clusters.Count];
        var overlaps = new List<(int Cluster, string Person, int Shared, string FirstSignature)>();
        for (var c = 0; c < clusters.Count; c++)
        {
            var first = clusters[c].Min(StringComparer.Ordinal) ?? "";
            foreach (var group in clusters[c].Where(previous.ContainsKey).GroupBy(s => previous[s], StringComparer.Ordinal))
            {
                overlaps.Add((c, group.Key, group.Count(), first));
            }
        }
        var used = new HashSet<string>(StringComparer.Ordinal);
        // Largest overlap first; ties to the cluster with the smaller first signature, then the smaller id: the
        // outcome does not depend on the order the clusters come in.
        foreach (var (cluster, person, _, _) in overlaps
                     .OrderByDescending(o => o.Shared)
                     .ThenBy(o => o.FirstSignature, StringComparer.Ordinal)
                     .ThenBy(o => o.Person, StringComparer.Ordinal))
        {
            if (ids[cluster] is null && used.Add(person))
            {
                ids[cluster] = person;
            }
        }
        for (var c = 0; c < clusters.Count; c++)
        {
            if (ids[c] is null)
            {
                var fresh = New(block, clusters[c].Min(StringComparer.Ordinal) ?? "", id => used.Contains(id) || isTaken(id));
                used.Add(fresh);
                ids[c] = fresh;
            }
        }
        return ids!;
    }

    /// <summary>
    /// A new id: the block as a slug and eight hex digits of SHA-256 of the block and the first signature
    /// ("y-liu-3fa9c2d1"); a taken id is followed by the next salted one.
    /// </summary>
    public static string New(string block, string firstSignatureId, Func<string, bool> isTaken)
    {
        var slug = Slug(block);
        for (var salt = 0; ; salt++)
        {
            var seed = salt == 0 ? $"{block}\n{firstSignatureId}" : $"{block}\n{firstSignatureId}\n{salt}";
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)).AsSpan(0, 4));
            var id = $"{slug}-{hash}";
            if (!isTaken(id))
            {
                return id;
            }
        }
    }

    /// <summary>Whether <paramref name="text"/> has the shape of a person id (slug, hyphen, eight hex digits).</summary>
    public static bool LooksLikeId(string text) =>
        text.Length > 9 && text[^9] == '-' && text[^8..].All(char.IsAsciiHexDigitLower)
        && text[..^9].All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    private static string Slug(string block)
    {
        var builder = new StringBuilder(block.Length);
        foreach (var c in block)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }
        var slug = builder.ToString().Trim('-');
        return slug.Length == 0 ? "person" : slug;
    }
}
