using System.Globalization;
using System.Numerics.Tensors;
using System.Security.Cryptography;
using System.Text;
using PaperRadar.Core.Authors;
using PaperRadar.Core.Search;
using PaperRadar.Storage;
using PaperRadar.Storage.Authors;
using PaperRadar.Storage.Search;

namespace PaperRadar.Digests;

/// <summary>How digests are built.</summary>
public sealed record DigestOptions
{
    /// <summary>Papers shown in one digest; the rest are counted with a link to see them.</summary>
    public int MaxPapers { get; init; } = 20;

    /// <summary>
    /// Days before a subscription's last digest that the next one looks at again: papers imported late (a harvest
    /// that ran after the digest) still reach the subscriber; papers already sent to them are never sent again.
    /// </summary>
    public int LookbackDays { get; init; } = 3;

    /// <summary>The longest span one digest covers (a subscription idle for longer starts from this far back).</summary>
    public int MaxWindowDays { get; init; } = 31;

    /// <summary>The trending list a trending digest picks from: this many days of papers, best first.</summary>
    public int TrendingDays { get; init; } = 7;

    /// <summary>Negatives each "papers like these" model is trained against.</summary>
    public int LikeNegatives { get; init; } = LikeModel.DefaultNegatives;
}

/// <summary>What building the due digests found.</summary>
/// <param name="Periods">Every due subscription's period, with its message when something matched.</param>
public sealed record DigestBuild(DateOnly Day, int Due, IReadOnlyList<Digest> Digests, IReadOnlyList<ProcessedPeriod> Periods,
    int ModelsTrained, IReadOnlyList<string> Notes);

/// <summary>
/// Builds the digests due at a moment: for each confirmed subscription whose current period (the day, or the ISO week
/// for weekly ones) has no digest yet, the papers listed since its last digest that match it and that it was not
/// sent before, ranked and capped. The day's new papers are loaded once and every subscription is matched against
/// them (saved searches in a small full-text table of those papers alone), so the cost grows with the subscriptions
/// and the day's papers, not with the corpus.
/// </summary>
public sealed class DigestBuilder(PaperStore store, MailSettings mail, Subscriptions subscriptions, DigestOptions? options = null)
{
    private readonly DigestOptions _options = options ?? new DigestOptions();

    /// <summary>The period a subscription's digest at <paramref name="day"/> belongs to: the day, or its ISO week.</summary>
    public static string PeriodOf(DigestFrequency frequency, DateOnly day) => frequency == DigestFrequency.Daily
        ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : $"{ISOWeek.GetYear(day.ToDateTime(TimeOnly.MinValue)):D4}-W{ISOWeek.GetWeekOfYear(day.ToDateTime(TimeOnly.MinValue)):D2}";

    public DigestBuild Build(DateTimeOffset now)
    {
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        var notes = new List<string>();
        var due = store.ActiveSubscriptions().Where(s => s.LastPeriod != PeriodOf(s.Frequency, day)).ToList();
        if (due.Count == 0)
        {
            return new DigestBuild(day, 0, [], [], 0, notes);
        }
        var windows = due.ToDictionary(s => s.Id, s => Window(s, day));
        var earliest = windows.Values.Min(w => w.From);
        var listings = store.ListingsBetween(earliest, day);
        var candidates = new Dictionary<long, Candidate>();
        foreach (var (key, id, listed) in listings)
        {
            if (!candidates.TryGetValue(key, out var candidate))
            {
                candidates[key] = candidate = new Candidate(key, id, []);
            }
            candidate.Days.Add(listed);
        }
        string IdOf(long key) => candidates[key].Id;
        var sent = store.PapersInDigestsSince(earliest.AddDays(-_options.MaxWindowDays));
        var matches = new Dictionary<(SubscriptionKind, string), IReadOnlyList<Match>>();
        var keyword = new KeywordIndex(store);
        var modelsTrained = 0;
        using (var matcher = keyword.MatchAmong(candidates.Keys))
        {
            if (matcher.Count < candidates.Count)
            {
                notes.Add($"{candidates.Count - matcher.Count} of the {candidates.Count} papers listed since {earliest:yyyy-MM-dd} are not in the keyword index (run paperradar index)");
            }
            var likeMatcher = due.Any(s => s.Kind == SubscriptionKind.Like)
                ? new LikeMatcher(store, _options, candidates.ToDictionary(c => c.Key, c => c.Value.Id))
                : null;
            if (likeMatcher?.Unavailable is { } reason)
            {
                notes.Add(reason);
            }
            var authors = due.Any(s => s.Kind == SubscriptionKind.Author) ? CandidateAuthors(candidates.Keys) : null;
            IReadOnlyList<Match>? trending = null;
            foreach (var subscription in due)
            {
                var target = (subscription.Kind, subscription.Target);
                if (matches.ContainsKey(target))
                {
                    continue;
                }
                matches[target] = subscription.Kind switch
                {
                    SubscriptionKind.Search => SearchMatches(matcher, subscription.Target, IdOf),
                    SubscriptionKind.Category => CategoryMatches(matcher, subscription.Target, IdOf),
                    SubscriptionKind.Author => SubscriptionTargets.ParseFollowedPerson(subscription.Target) is { } person
                        ? PersonMatches(authors!, person.Id, person.Name)
                        : AuthorMatches(authors!, subscription.Target),
                    SubscriptionKind.Trending => trending ??= TrendingMatches(day),
                    _ => likeMatcher!.Matches(subscription, ref modelsTrained),
                };
            }
        }

        // Each subscription's papers: matched, listed within its window (trending: any), never sent to it before.
        var selected = new List<(Subscription Subscription, List<Match> Items, int More)>();
        var periods = new List<ProcessedPeriod>();
        foreach (var subscription in due)
        {
            var (from, through) = windows[subscription.Id];
            var already = sent.TryGetValue(subscription.Id, out var ids) ? ids : null;
            var fitting = matches[(subscription.Kind, subscription.Target)]
                .Where(m => already is null || !already.Contains(m.Id))
                .Where(m => subscription.Kind == SubscriptionKind.Trending ||
                            candidates[m.Key].Days.Any(d => d >= from && d <= through))
                .ToList();
            selected.Add((subscription, fitting.Take(_options.MaxPapers).ToList(), Math.Max(0, fitting.Count - _options.MaxPapers)));
        }
        var papers = store.GetPapers(selected.SelectMany(s => s.Items).Select(m => m.Id)).ToDictionary(p => p.Id.Value, StringComparer.Ordinal);
        var digests = new List<Digest>();
        foreach (var (subscription, items, more) in selected)
        {
            var period = PeriodOf(subscription.Frequency, day);
            var (from, through) = windows[subscription.Id];
            var shown = items.Where(m => papers.ContainsKey(m.Id)).Select(m => new DigestItem(papers[m.Id], m.Score, m.Why)).ToList();
            if (shown.Count == 0)
            {
                periods.Add(new ProcessedPeriod(subscription.Id, period, through, null));
                continue;
            }
            var digest = new Digest(subscription, period, from, through, shown, more);
            digests.Add(digest);
            var message = Mails.DigestMessage(mail, digest, subscriptions.UnsubscribeLink(subscription.Id), subscriptions.FeedLink(subscription.Id), now);
            periods.Add(new ProcessedPeriod(subscription.Id, period, through, new NewOutboxMessage(
                message.MessageId!, subscription.Id, "digest", period, subscription.Email, Mails.Bytes(message), from, through,
                shown.Select(i => i.Paper.Id.Value).ToList())));
        }
        return new DigestBuild(day, due.Count, digests, periods, modelsTrained, notes);
    }

    /// <summary>
    /// The days a subscription's digest covers: its period for a first digest; else from a few days before its last one
    /// (<see cref="DigestOptions.LookbackDays"/>), at most <see cref="DigestOptions.MaxWindowDays"/> back.
    /// </summary>
    private (DateOnly From, DateOnly Through) Window(Subscription subscription, DateOnly day)
    {
        var periodDays = subscription.Frequency == DigestFrequency.Weekly ? 7 : 1;
        var from = subscription.CoveredThrough is { } covered
            ? covered.AddDays(-_options.LookbackDays)
            : day.AddDays(1 - periodDays);
        var earliest = day.AddDays(1 - _options.MaxWindowDays);
        return (from < earliest ? earliest : from > day ? day : from, day);
    }

    private static List<Match> SearchMatches(KeywordIndex.CandidateMatcher matcher, string target, Func<long, string> idOf)
    {
        var query = SearchQuery.Parse(target);
        return matcher.Match(query)
            .Select(m => new Match(m.Key, idOf(m.Key), m.Score, m.MatchedWords.Count > 0
                ? $"matches your search \u201c{target}\u201d: {string.Join(", ", m.MatchedWords)}"
                : $"matches your search \u201c{target}\u201d"))
            .ToList();
    }

    private List<Match> CategoryMatches(KeywordIndex.CandidateMatcher matcher, string category, Func<long, string> idOf)
    {
        var matched = matcher.Match(SearchQuery.Parse($"cat:{category}")).Select(m => m.Key).ToList();
        var primary = store.PrimaryCategories(matched);
        // Papers whose own field it is first, then cross-lists; newest (highest row) first within each.
        return matched
            .Select(key => (Key: key, Primary: primary.TryGetValue(key, out var p) && CategoryCovers(category, p), Category: primary.GetValueOrDefault(key)))
            .OrderByDescending(m => m.Primary).ThenByDescending(m => m.Key)
            .Select(m => new Match(m.Key, idOf(m.Key), m.Primary ? 1 : 0.5,
                m.Primary ? $"new in {m.Category}" : $"cross-listed to {category} from {m.Category}"))
            .ToList();
    }

    private static bool CategoryCovers(string followed, string category) =>
        string.Equals(followed, category, StringComparison.OrdinalIgnoreCase) ||
        (!followed.Contains('.', StringComparison.Ordinal) && category.StartsWith(followed + ".", StringComparison.OrdinalIgnoreCase));

    /// <summary>Each candidate's authors, parsed once, by name block (first initial and surname).</summary>
    private Dictionary<string, List<(long Key, string Id, int Position, string Written, PersonName Name)>> CandidateAuthors(IEnumerable<long> keys)
    {
        var byBlock = new Dictionary<string, List<(long, string, int, string, PersonName)>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, id, position, written) in store.AuthorsOf(keys))
        {
            var name = PersonName.Parse(written);
            if (name.Surname.Length == 0)
            {
                continue;
            }
            if (!byBlock.TryGetValue(name.BlockKey, out var list))
            {
                byBlock[name.BlockKey] = list = [];
            }
            list.Add((key, id, position, written, name));
        }
        return byBlock;
    }

    /// <summary>
    /// Papers with an author whose name can be the followed one: the same surname and first initial, and given names
    /// that do not contradict it ("Y. LeCun" can be "Yann LeCun"; "Yang Liu" is not "Yu Liu"). Homonyms who share a
    /// full name cannot be told apart on a day's papers alone; the digest says which name matched.
    /// </summary>
    private static List<Match> AuthorMatches(Dictionary<string, List<(long Key, string Id, int Position, string Written, PersonName Name)>> byBlock, string followed)
    {
        var wanted = PersonName.Parse(followed);
        if (!byBlock.TryGetValue(wanted.BlockKey, out var list))
        {
            return [];
        }
        return list
            .Where(a => GivenNames.Compare(a.Name.Given, wanted.Given) != GivenNameMatch.Incompatible)
            .GroupBy(a => a.Key)
            .Select(g => g.First())
            .OrderByDescending(a => string.Equals(a.Written, followed, StringComparison.OrdinalIgnoreCase)).ThenByDescending(a => a.Key)
            .Select(a => new Match(a.Key, a.Id, string.Equals(a.Written, followed, StringComparison.OrdinalIgnoreCase) ? 1 : 0.5,
                $"by {a.Written}, an author you follow"))
            .ToList();
    }

    /// <summary>
    /// Papers by a followed person: the author entries disambiguation linked to them (or to an id since retired into
    /// theirs). An entry not linked to anyone yet (a paper imported since the last `index`) matches on the name, as a
    /// name subscription does, with half the score and saying so. Only the name's block is looked at: a person whom a
    /// correction joined across spellings gets the papers written with the name followed.
    /// </summary>
    private List<Match> PersonMatches(Dictionary<string, List<(long Key, string Id, int Position, string Written, PersonName Name)>> byBlock,
        string followedPerson, string followedName)
    {
        // A retired id leads to the person its papers went to; one retired with nobody to go to matches nothing.
        var resolved = AuthorProfiles.ResolvePerson(store, followedPerson);
        var name = PersonName.Parse(followedName);
        if (resolved is { Id: null } || !byBlock.TryGetValue(name.BlockKey, out var list))
        {
            return [];
        }
        var personId = resolved?.Id ?? followedPerson;
        var linked = store.PersonIdsOfPapers(list.Select(a => a.Id));
        return list
            .Select(a => linked.TryGetValue((a.Id, a.Position), out var person)
                ? person == personId ? new Match(a.Key, a.Id, 1, $"by {a.Written}, a person you follow") : null
                : GivenNames.Compare(a.Name.Given, name.Given) != GivenNameMatch.Incompatible
                    ? new Match(a.Key, a.Id, 0.5, $"by {a.Written}, the name of a person you follow (not yet told apart from namesakes)")
                    : null)
            .OfType<Match>()
            .GroupBy(m => m.Key)
            .Select(g => g.OrderByDescending(m => m.Score).First())
            .OrderByDescending(m => m.Score).ThenByDescending(m => m.Key)
            .ToList();
    }

    private List<Match> TrendingMatches(DateOnly day) => store.TrendingPapers(day, _options.TrendingDays, _options.MaxPapers * 5)
        .Select(t => (Trending: t, Key: store.PaperKeys([t.Paper.Id.Value]).GetValueOrDefault(t.Paper.Id.Value)))
        .Select(t => new Match(t.Key, t.Trending.Paper.Id.Value, t.Trending.Score,
            $"trending this week: {t.Trending.Paper.Community?.Upvotes ?? 0} upvotes, {t.Trending.Citations} citations"))
        .ToList();

    private sealed record Candidate(long Key, string Id, List<DateOnly> Days);

    internal sealed record Match(long Key, string Id, double Score, string Why);

    /// <summary>Scores candidates with each "papers like these" subscription's model, trained when missing or stale.</summary>
    private sealed class LikeMatcher
    {
        private readonly PaperStore _store;
        private readonly DigestOptions _options;
        private readonly string? _embedder;
        private readonly int _dimensions;
        private readonly long[] _keys = [];
        private readonly float[] _values = [];
        private readonly Dictionary<long, int> _rowOf = [];
        private readonly IReadOnlyDictionary<long, string> _candidates;

        public LikeMatcher(PaperStore store, DigestOptions options, IReadOnlyDictionary<long, string> candidates)
        {
            _store = store;
            _options = options;
            _candidates = candidates;
            var vectors = new VectorStore(store);
            _embedder = vectors.CurrentEmbedder;
            var stored = vectors.Embedders().FirstOrDefault(e => e.Name == _embedder);
            if (_embedder is null || stored is null)
            {
                Unavailable = "papers-like-these digests need the papers' vectors: run paperradar index";
                return;
            }
            _dimensions = stored.Dimensions;
            (_keys, _values) = vectors.LoadVectors(_embedder, _dimensions);
            for (var i = 0; i < _keys.Length; i++)
            {
                _rowOf[_keys[i]] = i;
            }
        }

        public string? Unavailable { get; }

        private ReadOnlySpan<float> Vector(long key) => _values.AsSpan(_rowOf[key] * _dimensions, _dimensions);

        public IReadOnlyList<Match> Matches(Subscription subscription, ref int trained)
        {
            if (Unavailable is not null)
            {
                return [];
            }
            var library = _store.PaperKeys(subscription.Target.Split(',')).Where(p => _rowOf.ContainsKey(p.Value)).ToList();
            if (library.Count == 0)
            {
                return [];
            }
            var modelKey = $"{_embedder}|{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(subscription.Target)))[..16]}|c{LikeModel.DefaultC}|q{LikeModel.NegativeQuantile}";
            var model = _store.LikeModel(subscription.Id, modelKey) is { } bytes ? LikeModel.FromBytes(bytes) : null;
            if (model is null || model.Dimensions != _dimensions)
            {
                model = Train(library.Select(p => p.Value).ToHashSet(), subscription.Id);
                _store.SaveLikeModel(subscription.Id, modelKey, model.ToBytes());
                trained++;
            }
            var titles = _store.GetPapers(library.Select(p => p.Key)).ToDictionary(p => p.Id.Value, p => p.Title, StringComparer.Ordinal);
            var libraryKeys = library.Select(p => p.Value).ToHashSet();
            var results = new List<Match>();
            foreach (var (key, id) in _candidates)
            {
                if (!_rowOf.ContainsKey(key) || libraryKeys.Contains(key))
                {
                    continue;
                }
                var vector = Vector(key);
                var score = model.Score(vector);
                if (score <= model.Threshold)
                {
                    continue;
                }
                // The library paper it is closest to, to say why it was picked.
                var (nearestId, similarity) = ("", float.MinValue);
                foreach (var (libraryId, libraryKey) in library)
                {
                    var cosine = TensorPrimitives.CosineSimilarity(Vector(libraryKey), vector);
                    if (cosine > similarity)
                    {
                        (nearestId, similarity) = (libraryId, cosine);
                    }
                }
                results.Add(new Match(key, id, score,
                    $"like your saved paper \u201c{titles.GetValueOrDefault(nearestId, nearestId)}\u201d (similarity {similarity:0.00}; model score {score:0.00})"));
            }
            return results.OrderByDescending(r => r.Score).ThenBy(r => r.Key).ToList();
        }

        /// <summary>The library against a sample of the other papers (the same sample for the same subscription).</summary>
        private LikeModel Train(HashSet<long> library, long subscriptionId)
        {
            var positives = library.SelectMany(key => Vector(key).ToArray()).ToArray();
            var random = new Random(unchecked((int)subscriptionId * 7919));
            var count = Math.Min(_options.LikeNegatives, _keys.Length - library.Count);
            var chosen = new HashSet<long>();
            while (chosen.Count < count)
            {
                var key = _keys[random.Next(_keys.Length)];
                if (!library.Contains(key))
                {
                    chosen.Add(key);
                }
            }
            var negatives = chosen.SelectMany(key => Vector(key).ToArray()).ToArray();
            return LikeModel.Train(positives, negatives, _dimensions);
        }
    }
}
