using System.Text.RegularExpressions;
using PaperRadar.Core.Authors;
using PaperRadar.Core.Model;
using PaperRadar.Core.Search;
using PaperRadar.Storage;
using PaperRadar.Storage.Authors;

namespace PaperRadar.Digests;

/// <summary>What each kind of subscription follows, checked and written the one way it is stored.</summary>
public static partial class SubscriptionTargets
{
    /// <summary>The most papers a "papers like these" library may hold (a model on more is a search, not a library).</summary>
    public const int MaxLibrary = 200;

    /// <summary>
    /// The target in its stored form, or an <see cref="ArgumentException"/> that says what is wrong with it: a search
    /// must say something, a category look like one, an author have a surname, a library name papers the store has.
    /// </summary>
    public static string Normalize(SubscriptionKind kind, string? target, PaperStore store)
    {
        var text = (target ?? "").Trim();
        switch (kind)
        {
            case SubscriptionKind.Search:
                var query = SearchQuery.Parse(text);
                if (query.IsEmpty)
                {
                    throw new ArgumentException("a saved search needs words or filters, e.g. \"diffusion cat:cs.CV\"");
                }
                if (text.Length > 500)
                {
                    throw new ArgumentException("a saved search is at most 500 characters");
                }
                return text;
            case SubscriptionKind.Category:
                return CategoryPattern().IsMatch(text)
                    ? text
                    : throw new ArgumentException($"'{text}' is not an arXiv category like cs.CL or an archive like cs");
            case SubscriptionKind.Author:
                if ((PersonIds.LooksLikeId(text) ? text : ParseFollowedPerson(text)?.Id) is { } personId)
                {
                    return FollowedPerson(store, personId);
                }
                if (text.Length is 0 or > 200 || PersonName.Parse(text).Surname.Length == 0)
                {
                    throw new ArgumentException($"'{text}' is not an author's name (give it as written on papers, e.g. \"Yann LeCun\")");
                }
                return text;
            case SubscriptionKind.Trending:
                return text.Length == 0 ? "" : throw new ArgumentException("trending takes no target");
            case SubscriptionKind.Like:
                var ids = text.Split([',', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(id => PaperId.TryParse(id, out var parsed) ? parsed.Value : throw new ArgumentException($"'{id}' is not a paper id"))
                    .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                if (ids.Count == 0)
                {
                    throw new ArgumentException("papers like these: give the ids of one or more papers, e.g. 2503.12345,2503.23456");
                }
                if (ids.Count > MaxLibrary)
                {
                    throw new ArgumentException($"papers like these: at most {MaxLibrary} papers ({ids.Count} given)");
                }
                var known = store.PaperKeys(ids);
                var missing = ids.Where(id => !known.ContainsKey(id)).ToList();
                return missing.Count == 0
                    ? string.Join(',', ids)
                    : throw new ArgumentException($"papers like these: the store has no paper {string.Join(", ", missing.Take(5))}");
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    /// <summary>
    /// The name and person id of an author subscription that follows a stored person (written "Name (id)"), or null
    /// for one that follows a written name.
    /// </summary>
    public static (string Name, string Id)? ParseFollowedPerson(string target) =>
        target.EndsWith(')') && target.LastIndexOf(" (", StringComparison.Ordinal) is var open and > 0
        && target[(open + 2)..^1] is var id && PersonIds.LooksLikeId(id) ? (target[..open], id) : null;

    /// <summary>
    /// A stored person as an author subscription keeps them: "Name (id)", the name as their papers most often write
    /// it. A retired id is followed to the person its papers went to.
    /// </summary>
    private static string FollowedPerson(PaperStore store, string personId)
    {
        if (AuthorProfiles.ResolvePerson(store, personId) is not { Id: { } id, Links: var links })
        {
            throw new ArgumentException($"the store has no person {personId} (`paperradar author \"NAME\"` lists the people behind a name, with their ids)");
        }
        var name = links.GroupBy(l => l.Name, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        return $"{name} ({id})";
    }

    /// <summary>What a subscription follows, in words (subjects, pages, lists).</summary>
    public static string Describe(SubscriptionKind kind, string target) => kind switch
    {
        SubscriptionKind.Search => $"search \u201c{target}\u201d",
        SubscriptionKind.Author => $"papers by {target}",
        SubscriptionKind.Category => $"new papers in {target}",
        SubscriptionKind.Trending => "trending papers",
        SubscriptionKind.Like => $"papers like your {target.Split(',').Length} saved paper{(target.Contains(',', StringComparison.Ordinal) ? "s" : "")}",
        _ => target,
    };

    public static string Describe(Subscription subscription) => Describe(subscription.Kind, subscription.Target);

    [GeneratedRegex(@"^[a-z][a-z-]*(\.[A-Za-z][A-Za-z-]*)?$")]
    private static partial Regex CategoryPattern();
}
