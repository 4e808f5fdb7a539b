using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using PaperRadar.Core.Search;
using PaperRadar.Core.Text;

namespace PaperRadar.Storage.Search;

/// <summary>One keyword match: the paper, its BM25 score (higher is better) and the matched words highlighted.</summary>
/// <param name="MatchedAllWords">False for results added because too few papers had every word (see <see cref="KeywordIndex"/>).</param>
/// <param name="TitleHighlighted">The title with matches between <see cref="KeywordIndex.MarkStart"/> and <see cref="KeywordIndex.MarkEnd"/>.</param>
/// <param name="Snippet">The part of the abstract around the matches, marked the same way.</param>
public sealed record KeywordHit(
    long Key, string Id, string Title, double Score, bool MatchedAllWords, string? TitleHighlighted = null,
    string? Snippet = null);

/// <summary>What refreshing the keyword index did.</summary>
public sealed record KeywordRefresh(long Added, long Changed, long Removed, long Unchanged);

/// <summary>
/// Keyword search with SQLite FTS5: BM25 over title, abstract, authors and comments with per-field weights, the
/// query syntax of <see cref="SearchQuery"/>, filters as SQL on the paper tables, and snippets.
/// </summary>
/// <remarks>
/// The index is derived from the papers and refreshed by <see cref="Refresh"/> (the <c>index</c> verb), not by every
/// import: indexing costs as much as importing, and a store being filled is searched after. A paper's indexed text is
/// kept with its hash so a refresh only rewrites what changed.
/// When fewer papers than asked for contain every word of a query of three or more words (a sentence pasted as a
/// query), the rest are filled with papers containing any of its rarer words, ranked after those that have them all.
/// </remarks>
public sealed partial class KeywordIndex(PaperStore store)
{
    /// <summary>Marks the start of a matched word in highlights and snippets (a private-use character: no text has it).</summary>
    public const char MarkStart = '\uE000';

    public const char MarkEnd = '\uE001';

    /// <summary>BM25 weights of title, abstract, authors, comments (measured by the relevance benchmark; docs/relevance.md).</summary>
    public static readonly double[] FieldWeights = [4.0, 1.0, 2.0, 0.5];

    /// <summary>The tokenizer of the <c>paper_text</c> table (migration 4), for tables that must split text the same way.</summary>
    private const string Tokenizer = "porter unicode61 remove_diacritics 2";

    private const int RelaxedMinimumTerms = 3;

    /// <summary>
    /// A term in at least this many papers is left out of the any-word fallback: it adds little to BM25 (low IDF),
    /// and ranking every paper that has "model" or "the" would take a hundred times longer.
    /// </summary>
    private const int CommonTermDocuments = 1_000;

    private const int RelaxedTerms = 6;

    /// <summary>Queries of this many required words or more are answered from the papers having their rarest words (<see cref="FewCandidates"/>).</summary>
    private const int CandidateMinimumGroups = 3;

    /// <summary>How many of the rarest words pick the candidates.</summary>
    private const int CandidateGeneratorGroups = 3;

    /// <summary>How many candidates <see cref="RankCandidates"/> scores at most (on arxiv-daily, three quarters of the benchmark's queries have no more).</summary>
    private const int MaxCandidates = 32;

    /// <summary>
    /// How many papers each term is in, counted up to <see cref="CommonTermDocuments"/> or just past half the papers,
    /// whichever is more (enough for every decision taken on it); cleared by a refresh.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _documentCounts = new(StringComparer.Ordinal);

    /// <summary>How many papers the index holds (-1: not counted since the last refresh).</summary>
    private long _indexedPapers = -1;

    /// <summary>SQLite's <c>data_version</c> when the counts were last checked: it changes when another connection commits.</summary>
    private long _dataVersion = -1;

    private void ForgetCounts()
    {
        _documentCounts.Clear();
        Interlocked.Exchange(ref _indexedPapers, -1);
        _totals = null;
    }

    /// <summary>
    /// Forgets the counts kept between queries when another connection (another process's <c>index</c>, a web node's
    /// refresh) has written to the store since: they would otherwise describe an index that is no longer there.
    /// </summary>
    private void ForgetCountsIfStoreChanged()
    {
        var version = Connection.ExecuteScalar<long>("PRAGMA data_version");
        if (Interlocked.Exchange(ref _dataVersion, version) != version)
        {
            ForgetCounts();
        }
    }

    private SqliteConnection Connection => store.Connection;

    /// <summary>Papers whose text changed since the last refresh, or that the index lacks or should drop.</summary>
    public long CountStale() => Connection.ExecuteScalar<long>("""
        SELECT (SELECT count(*) FROM papers WHERE rowid NOT IN (SELECT paper_rowid FROM paper_text_state) AND id NOT IN (SELECT paper_id FROM paper_deletions))
             + (SELECT count(*) FROM paper_text_state WHERE paper_rowid NOT IN (SELECT rowid FROM papers WHERE id NOT IN (SELECT paper_id FROM paper_deletions)))
        """);

    /// <summary>
    /// Brings the index up to date with the papers: adds new ones, rewrites changed ones, drops removed ones and those
    /// their source deleted (<see cref="PaperStore.WriteHarvestPage"/>).
    /// </summary>
    public KeywordRefresh Refresh(IProgress<(long Done, long Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        var connection = Connection;
        var total = connection.ExecuteScalar<long>("SELECT count(*) FROM papers WHERE id NOT IN (SELECT paper_id FROM paper_deletions)");
        var known = connection.Query<(long Key, byte[] Hash)>("SELECT paper_rowid, text_hash FROM paper_text_state")
            .ToDictionary(r => r.Key, r => r.Hash);
        long added = 0, changed = 0, unchanged = 0, done = 0;
        var seen = new HashSet<long>();

        using var read = connection.CreateCommand();
        read.CommandText = """
            SELECT p.rowid, p.title, p.abstract,
                   (SELECT group_concat(a.name, '; ' ORDER BY a.position) FROM paper_authors a WHERE a.paper_id = p.id),
                   p.comments
            FROM papers p WHERE p.id NOT IN (SELECT paper_id FROM paper_deletions) ORDER BY p.rowid
            """;
        var batch = new List<(long Key, string Title, string? Abstract, string? Authors, string? Comments, byte[] Hash, bool Known)>();
        using (var reader = read.ExecuteReader())
        {
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var key = reader.GetInt64(0);
                var row = (key, reader.GetString(1), NullableString(reader, 2), NullableString(reader, 3), NullableString(reader, 4));
                var hash = Hash(row.Item2, row.Item3, row.Item4, row.Item5);
                seen.Add(key);
                var isKnown = known.TryGetValue(key, out var stored);
                if (isKnown && stored.AsSpan().SequenceEqual(hash))
                {
                    unchanged++;
                    done++;
                    continue;
                }
                batch.Add((key, row.Item2, row.Item3, row.Item4, row.Item5, hash, isKnown));
                if (isKnown)
                {
                    changed++;
                }
                else
                {
                    added++;
                }
                if (batch.Count == 5_000)
                {
                    done += Write(batch);
                    progress?.Report((done, total));
                }
            }
        }
        done += Write(batch);

        var removed = known.Keys.Where(k => !seen.Contains(k)).ToList();
        using (var transaction = connection.BeginTransaction())
        {
            foreach (var key in removed)
            {
                connection.Execute("DELETE FROM paper_text WHERE rowid = @key", new { key }, transaction);
                connection.Execute("DELETE FROM paper_text_state WHERE paper_rowid = @key", new { key }, transaction);
            }
            // Persisted in the FTS5 table: ORDER BY rank then uses these weights and FTS5's fast path.
            connection.Execute(
                "INSERT INTO paper_text (paper_text, rank) VALUES ('rank', @rank)",
                new { rank = RankFunction }, transaction);
            transaction.Commit();
        }
        // After a bulk change, merge the index into one segment: a term is then looked up once instead of once per
        // segment (on arxiv-daily: all-words queries 2.5 -> 1.9 ms at the median, for 1.3 s of merging). Small
        // changes are left to FTS5's own incremental merging.
        if ((added + changed + removed.Count) * 10L >= Math.Max(total, 1))
        {
            connection.Execute("INSERT INTO paper_text (paper_text) VALUES ('optimize')");
        }
        progress?.Report((total, total));
        ForgetCounts();
        return new KeywordRefresh(added, changed, removed.Count, unchanged);

        long Write(List<(long Key, string Title, string? Abstract, string? Authors, string? Comments, byte[] Hash, bool Known)> rows)
        {
            using var transaction = connection.BeginTransaction();
            using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM paper_text WHERE rowid = $key";
            var deleteKey = delete.Parameters.Add("$key", SqliteType.Integer);
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO paper_text (rowid, title, abstract, authors, comments) VALUES ($key, $title, $abstract, $authors, $comments);
                INSERT INTO paper_text_state (paper_rowid, text_hash) VALUES ($key, $hash)
                    ON CONFLICT (paper_rowid) DO UPDATE SET text_hash = excluded.text_hash;
                """;
            var parameters = new[] { "$key", "$title", "$abstract", "$authors", "$comments", "$hash" }
                .Select(n => insert.Parameters.Add(n, SqliteType.Text)).ToArray();
            foreach (var row in rows)
            {
                if (row.Known)
                {
                    deleteKey.Value = row.Key;
                    delete.ExecuteNonQuery();
                }
                parameters[0].Value = row.Key;
                parameters[1].Value = row.Title;
                parameters[2].Value = (object?)row.Abstract ?? DBNull.Value;
                parameters[3].Value = (object?)row.Authors ?? DBNull.Value;
                parameters[4].Value = (object?)row.Comments ?? DBNull.Value;
                parameters[5].Value = row.Hash;
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
            var count = rows.Count;
            rows.Clear();
            return count;
        }
    }

    private static string RankFunction =>
        "bm25(" + string.Join(", ", FieldWeights.Select(w => w.ToString("0.0##", CultureInfo.InvariantCulture))) + ")";

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static byte[] Hash(string title, string? abstractText, string? authors, string? comments) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', title, abstractText, authors, comments)));

    /// <summary>
    /// The papers matching <paramref name="query"/>, best first (or newest first for <see cref="SearchSort.Date"/>),
    /// <paramref name="limit"/> of them after skipping <paramref name="offset"/>; with snippets when asked.
    /// </summary>
    public IReadOnlyList<KeywordHit> Search(SearchQuery query, int limit, int offset = 0, bool withSnippets = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (limit == 0 || query.IsEmpty)
        {
            return [];
        }
        ForgetCountsIfStoreChanged();
        var filters = new FilterSql(query);
        if (!query.HasWords)
        {
            return Connection.Query<(long Key, string Id, string Title)>(
                    $"SELECT p.rowid, p.id, p.title FROM papers p WHERE {filters.Where} " +
                    "ORDER BY p.first_appeared DESC, p.id DESC LIMIT @limit OFFSET @offset",
                    filters.Parameters(limit, offset))
                .Select(r => new KeywordHit(r.Key, r.Id, r.Title, 0, MatchedAllWords: true))
                .ToList();
        }

        var required = RankedGroups(query);
        var allWords = Match(query, FtsExpression.AllOf(required));
        var hits = query.Sort == SearchSort.Relevance && FewCandidates(required) is { } candidates
                   && RankCandidates(required, allWords, candidates, limit + offset, filters) is { } ranked
            ? ranked
            : Run(allWords, limit + offset, matchedAll: true);
        var relaxable = query.Include.Count >= RelaxedMinimumTerms && query.Sort == SearchSort.Relevance;
        if (hits.Count < limit + offset && relaxable && SpecificTerms(query) is { Count: > 0 } specific)
        {
            var seen = hits.Select(h => h.Key).ToHashSet();
            var anyWord = Match(query, FtsExpression.AnyOf(specific));
            hits.AddRange(Run(anyWord, limit + offset, matchedAll: false).Where(h => !seen.Contains(h.Key)));
        }
        var page = hits.Skip(offset).Take(limit).ToList();
        return withSnippets ? AddSnippets(page, query) : page;

        List<KeywordHit> Run(string match, int count, bool matchedAll)
        {
            if (filters.IsEmpty && query.Sort == SearchSort.Relevance)
            {
                // Ranked in the FTS5 table alone, then the few papers shown looked up: joining the papers table in the
                // ranking query took twice as long (5.3 against 2.7 ms at the median on arxiv-daily).
                var ranked = Connection.Query<(long Key, double Rank)>(
                    "SELECT rowid, rank FROM paper_text WHERE paper_text MATCH @match ORDER BY rank LIMIT @limit",
                    new { match, limit = count }).ToList();
                var papers = Connection.Query<(long Key, string Id, string Title)>(
                        "SELECT rowid, id, title FROM papers WHERE rowid IN @keys", new { keys = ranked.Select(r => r.Key) })
                    .ToDictionary(r => r.Key);
                return ranked.Where(r => papers.ContainsKey(r.Key))
                    .Select(r => new KeywordHit(r.Key, papers[r.Key].Id, papers[r.Key].Title, -r.Rank, matchedAll))
                    .ToList();
            }
            if (query.Sort == SearchSort.Date)
            {
                return NewestMatching(match, count, filters);
            }
            return Connection.Query<(long Key, string Id, string Title, double Rank)>(
                    $"SELECT p.rowid, p.id, p.title, t.rank FROM paper_text t JOIN papers p ON p.rowid = t.rowid " +
                    $"WHERE paper_text MATCH @match AND {filters.Where} ORDER BY t.rank LIMIT @limit",
                    filters.Parameters(count, 0, match))
                .Select(r => new KeywordHit(r.Key, r.Id, r.Title, -r.Rank, matchedAll))
                .ToList();
        }
    }

    /// <summary>
    /// The newest <paramref name="count"/> papers matching <paramref name="match"/> (newest first, then by id like a
    /// listing), unscored: BM25 orders nothing here, and FTS5 computes it by walking every term's whole list of papers.
    /// </summary>
    /// <remarks>
    /// A word in many papers ("model", a feed of a one-word search) is answered by walking the papers from the newest
    /// and keeping those in the word's list, which stops after <paramref name="count"/>; sorting all its papers by date
    /// took 60–300 ms on arxiv-daily, the walk 2–30 ms. A rarer word's papers are fewer than the walk would visit, so
    /// they are looked up and sorted.
    /// </remarks>
    private List<KeywordHit> NewestMatching(string match, int count, FilterSql filters)
    {
        var source = CountUpTo(match, CommonTermDocuments) >= CommonTermDocuments
            ? "papers p INDEXED BY papers_first_appeared WHERE +p.rowid IN (SELECT rowid FROM paper_text WHERE paper_text MATCH @match)"
            : "paper_text t JOIN papers p ON p.rowid = t.rowid WHERE paper_text MATCH @match";
        return Connection.Query<(long Key, string Id, string Title)>(
                $"SELECT p.rowid, p.id, p.title FROM {source} AND {filters.Where} ORDER BY p.first_appeared DESC, p.id DESC LIMIT @limit",
                filters.Parameters(count, 0, match))
            .Select(r => new KeywordHit(r.Key, r.Id, r.Title, 0, MatchedAllWords: true))
            .ToList();
    }

    /// <summary>
    /// Every paper that can have all of <paramref name="required"/>, when the query's rarest words narrow them to at
    /// most <see cref="MaxCandidates"/>; null when they do not (the query is then ranked by FTS5 in one pass).
    /// </summary>
    /// <remarks>
    /// Why: FTS5 evaluates an <c>AND</c> by walking every term's list of papers, and its <c>bm25()</c> walks each
    /// term's whole list again to count the papers having it, for every query; a pasted sentence of twenty words pays
    /// for the lists of "learning" and "language" (tens of thousands of papers each) even when its rare words leave
    /// one paper. The papers having all the words are among those having the rarest ones, and those few are scored by
    /// <see cref="RankCandidates"/> with the same BM25 from counts kept between queries (docs/performance.md).
    /// Only queries of plain words qualify: a phrase, a prefix or a field-restricted word is left to FTS5.
    /// </remarks>
    private List<long>? FewCandidates(List<IReadOnlyList<SearchTerm>> required)
    {
        if (required.Count < CandidateMinimumGroups
            || required.Any(group => group.Count != 1 || group[0].IsPhrase || group[0].IsPrefix || group[0].Field != TermField.Any))
        {
            return null;
        }
        var counted = required.Select(group => (Group: group, Papers: DocumentCount(FtsExpression.Term(group[0])))).ToList();
        if (counted.Any(g => g.Papers > IndexedPapers / 2))
        {
            // Only words in more than half the papers (RankedGroups kept them): their counts are capped, not exact.
            return null;
        }
        var rarest = counted.OrderBy(g => g.Papers).Take(CandidateGeneratorGroups).Select(g => g.Group).ToList();
        var candidates = Connection.Query<long>(
            "SELECT rowid FROM paper_text WHERE paper_text MATCH @match LIMIT @limit",
            new { match = FtsExpression.AllOf(rarest), limit = MaxCandidates + 1 }).ToList();
        return candidates.Count <= MaxCandidates ? candidates : null;
    }

    private long DocumentCount(string match) =>
        _documentCounts.GetOrAdd(match, m => CountUpTo(m, Math.Max(CommonTermDocuments, IndexedPapers / 2 + 1)));

    /// <summary>How many papers match <paramref name="match"/>, counted no further than <paramref name="limit"/>.</summary>
    private long CountUpTo(string match, long limit) => Connection.ExecuteScalar<long>(
        "SELECT count(*) FROM (SELECT 1 FROM paper_text WHERE paper_text MATCH @match LIMIT @limit)", new { match, limit });

    private long IndexedPapers
    {
        get
        {
            var papers = Interlocked.Read(ref _indexedPapers);
            if (papers < 0)
            {
                papers = Connection.ExecuteScalar<long>("SELECT count(*) FROM paper_text_state");
                Interlocked.Exchange(ref _indexedPapers, papers);
            }
            return papers;
        }
    }

    /// <summary>How many papers have every word and pass the filters (for a result count and paging).</summary>
    public long Count(SearchQuery query)
    {
        if (query.IsEmpty)
        {
            return 0;
        }
        ForgetCountsIfStoreChanged();
        var filters = new FilterSql(query);
        return query.HasWords
            ? Connection.ExecuteScalar<long>(
                $"SELECT count(*) FROM paper_text t JOIN papers p ON p.rowid = t.rowid WHERE paper_text MATCH @match AND {filters.Where}",
                filters.Parameters(0, 0, Match(query, FtsExpression.AllOf(RankedGroups(query)))))
            : Connection.ExecuteScalar<long>($"SELECT count(*) FROM papers p WHERE {filters.Where}", filters.Parameters(0, 0));
    }

    /// <summary>
    /// Which of <paramref name="keys"/> pass the query's filters and exclusions (for results found another way, such
    /// as by meaning); their words need not match.
    /// </summary>
    public IReadOnlySet<long> Accepting(SearchQuery query, IReadOnlyCollection<long> keys)
    {
        if (keys.Count == 0 || (!query.HasFilters && query.Exclude.Count == 0))
        {
            return keys.ToHashSet();
        }
        var filters = new FilterSql(query, excludeByWords: true);
        var parameters = filters.Parameters(0, 0);
        parameters.Add("keys", keys);
        return Connection.Query<long>($"SELECT p.rowid FROM papers p WHERE p.rowid IN @keys AND {filters.Where}", parameters).ToHashSet();
    }

    /// <summary>Every paper that passes the query's filters and exclusions (to restrict a search by meaning); null when it has none.</summary>
    public IReadOnlySet<long>? AcceptingAll(SearchQuery query)
    {
        if (!query.HasFilters && query.Exclude.Count == 0)
        {
            return null;
        }
        var filters = new FilterSql(query, excludeByWords: true);
        return Connection.Query<long>($"SELECT p.rowid FROM papers p WHERE {filters.Where}", filters.Parameters(0, 0)).ToHashSet();
    }

    /// <summary>Titles and snippets of papers found another way: the query's words highlighted where they occur.</summary>
    public IReadOnlyList<KeywordHit> Describe(SearchQuery query, IReadOnlyList<long> keys)
    {
        var rows = Connection.Query<(long Key, string Id, string Title, string? Abstract)>(
                "SELECT rowid, id, title, abstract FROM papers WHERE rowid IN @keys", new { keys })
            .ToDictionary(r => r.Key);
        var hits = keys.Where(rows.ContainsKey)
            .Select(k => new KeywordHit(k, rows[k].Id, rows[k].Title, 0, MatchedAllWords: false))
            .ToList();
        var described = query.HasWords ? AddSnippets(hits, query) : hits;
        return described.Select(h => h.Snippet is null && rows[h.Key].Abstract is { } text
            ? h with { Snippet = Shorten(text, 240) }
            : h).ToList();
    }

    private static string Shorten(string text, int length)
    {
        if (text.Length <= length)
        {
            return text;
        }
        var cut = text.LastIndexOf(' ', length);
        return text[..(cut > length / 2 ? cut : length)] + " …";
    }

    /// <summary>
    /// The groups of terms a paper must match: function words ("the", "of") are not required unless the query is
    /// made of nothing else; they would only slow the search (every paper has them) and sink titles that lack one.
    /// </summary>
    private static List<IReadOnlyList<SearchTerm>> RequiredGroups(SearchQuery query)
    {
        var required = query.Include.Where(group => group.Any(term =>
            term.IsPhrase || term.IsPrefix || !EnglishStopWords.Contains(term.Text.ToLowerInvariant()))).ToList();
        return required.Count > 0 ? required : [.. query.Include];
    }

    /// <summary>
    /// The groups a search requires: <see cref="RequiredGroups"/> without the single words that are in more than half
    /// of the papers ("model", "results" in arXiv's machine-learning papers), unless nothing else is left. BM25 gives
    /// such a word no weight (FTS5 floors an IDF at or below zero to 1e-6), so requiring it changes the order of
    /// nothing and only drops the few papers that lack it, while its list of papers is the longest to walk: on
    /// arxiv-daily the results of 592 of 600 benchmark queries were identical and the all-words query took a
    /// quarter less time (docs/performance.md).
    /// </summary>
    private List<IReadOnlyList<SearchTerm>> RankedGroups(SearchQuery query)
    {
        var required = RequiredGroups(query);
        var half = IndexedPapers / 2;
        var specific = required.Where(group =>
                group.Count != 1 || group[0].IsPhrase || group[0].IsPrefix || DocumentCount(FtsExpression.Term(group[0])) <= half)
            .ToList();
        return specific.Count > 0 ? specific : required;
    }

    /// <summary>
    /// Up to <see cref="RelaxedTerms"/> of the query's rarest terms among those in fewer than
    /// <see cref="CommonTermDocuments"/> papers: the any-word fallback matches a few thousand papers at most.
    /// </summary>
    private List<SearchTerm> SpecificTerms(SearchQuery query) =>
        query.Include.SelectMany(g => g)
            .Select(term => (Term: term, Papers: DocumentCount(FtsExpression.Term(term))))
            .Where(t => t.Papers < CommonTermDocuments)
            .OrderBy(t => t.Papers)
            .Take(RelaxedTerms)
            .Select(t => t.Term)
            .ToList();

    private static string Match(SearchQuery query, string positive) =>
        query.Exclude.Count == 0 ? positive : $"({positive}) NOT ({FtsExpression.AnyOf(query.Exclude)})";

    private List<KeywordHit> AddSnippets(List<KeywordHit> hits, SearchQuery query)
    {
        if (hits.Count == 0)
        {
            return hits;
        }
        // Highlights come from an FTS5 table holding only the papers shown, with the same tokenizer as the index, so
        // a word is marked exactly when the index matched it. Asking the big index instead made FTS5 open every query
        // term's doclist once per paper (3-4 ms for ten results where common words were in the query; the small table
        // takes ~1.6 ms whatever the corpus size). The table lives in the connection's temporary database and is
        // created once: creating it for every search cost three times as much as filling it.
        var connection = Connection;
        connection.Execute($"CREATE VIRTUAL TABLE IF NOT EXISTS temp.snippet_text USING fts5 (title, abstract, tokenize = '{Tokenizer}')");
        using var transaction = connection.BeginTransaction();
        connection.Execute(
            "INSERT INTO temp.snippet_text (rowid, title, abstract) SELECT rowid, title, abstract FROM papers WHERE rowid IN @keys",
            new { keys = hits.Select(h => h.Key).ToArray() }, transaction);
        var snippets = connection.Query<(long Key, string? Title, string? Snippet)>(
                "SELECT rowid, highlight(snippet_text, 0, @start, @end), snippet(snippet_text, 1, @start, @end, '…', 40) " +
                "FROM temp.snippet_text WHERE snippet_text MATCH @match",
                new { start = MarkStart.ToString(), end = MarkEnd.ToString(), match = FtsExpression.AnyOf(query) },
                transaction)
            .ToDictionary(r => r.Key);
        // Empties the table again (nothing of the store's was written).
        transaction.Rollback();
        return hits.Select(h => snippets.TryGetValue(h.Key, out var s)
            ? h with { TitleHighlighted = s.Title, Snippet = string.IsNullOrEmpty(s.Snippet) ? null : s.Snippet }
            : h).ToList();
    }

    /// <summary>The SQL conditions on <c>papers p</c> for a query's filters, with their parameters.</summary>
    private sealed class FilterSql
    {
        private readonly DynamicParameters _parameters = new();

        /// <param name="excludeByWords">Whether to test <c>-word</c> exclusions in SQL; the keyword search tests them in FTS5
        /// when the query has words to match.</param>
        public FilterSql(SearchQuery query, bool? excludeByWords = null)
        {
            var conditions = new List<string>();
            for (var i = 0; i < query.Authors.Count; i++)
            {
                var name = query.Authors[i];
                _parameters.Add($"author{i}", name);
                // A full name matches exactly (any case); a single word matches a surname.
                conditions.Add(name.Contains(' ', StringComparison.Ordinal)
                    ? $"EXISTS (SELECT 1 FROM paper_authors a WHERE a.paper_id = p.id AND a.name = @author{i} COLLATE NOCASE)"
                    : $"EXISTS (SELECT 1 FROM paper_authors a WHERE a.paper_id = p.id AND (a.name = @author{i} COLLATE NOCASE OR a.name LIKE '% ' || @author{i}))");
            }
            if (query.Categories.Count > 0)
            {
                var alternatives = new List<string>();
                for (var i = 0; i < query.Categories.Count; i++)
                {
                    var category = query.Categories[i];
                    var archive = category.TrimEnd('*').TrimEnd('.');
                    if (category.EndsWith('*') || !category.Contains('.', StringComparison.Ordinal))
                    {
                        _parameters.Add($"archive{i}", archive);
                        _parameters.Add($"archivePattern{i}", archive.Replace("_", "\\_", StringComparison.Ordinal) + ".%");
                        alternatives.Add($"c.category = @archive{i} COLLATE NOCASE OR c.category LIKE @archivePattern{i} ESCAPE '\\'");
                    }
                    else
                    {
                        _parameters.Add($"category{i}", category);
                        alternatives.Add($"c.category = @category{i} COLLATE NOCASE");
                    }
                }
                conditions.Add($"EXISTS (SELECT 1 FROM paper_categories c WHERE c.paper_id = p.id AND ({string.Join(" OR ", alternatives)}))");
            }
            if (query.YearFrom is { } from)
            {
                _parameters.Add("yearFrom", from);
                conditions.Add("p.year >= @yearFrom");
            }
            if (query.YearTo is { } to)
            {
                _parameters.Add("yearTo", to);
                conditions.Add("p.year <= @yearTo");
            }
            if (query.Since is { } since)
            {
                _parameters.Add("since", since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                conditions.Add("p.first_appeared >= @since");
            }
            if (query.Until is { } until)
            {
                _parameters.Add("until", until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                conditions.Add("p.first_appeared <= @until");
            }
            if (query.Has.HasFlag(PaperFeatures.Code))
            {
                conditions.Add("p.code_url IS NOT NULL");
            }
            if (query.Has.HasFlag(PaperFeatures.Doi))
            {
                conditions.Add("p.doi IS NOT NULL");
            }
            if (query.Has.HasFlag(PaperFeatures.JournalRef))
            {
                conditions.Add("p.journal_ref IS NOT NULL");
            }
            if ((excludeByWords ?? !query.HasWords) && query.Exclude.Count > 0)
            {
                _parameters.Add("exclude", FtsExpression.AnyOf(query.Exclude));
                conditions.Add("p.rowid NOT IN (SELECT rowid FROM paper_text WHERE paper_text MATCH @exclude)");
            }
            IsEmpty = conditions.Count == 0;
            // Papers their source deleted are never found (their rows stay for the citations naming them).
            Where = string.Join(" AND ", conditions.Append("p.id NOT IN (SELECT paper_id FROM paper_deletions)"));
        }

        public bool IsEmpty { get; }

        public string Where { get; }

        public DynamicParameters Parameters(int limit, int offset, string? match = null)
        {
            var parameters = new DynamicParameters(_parameters);
            parameters.Add("limit", limit);
            parameters.Add("offset", offset);
            if (match is not null)
            {
                parameters.Add("match", match);
            }
            return parameters;
        }
    }
}

/// <summary>
/// Writes <see cref="SearchQuery"/> terms as an FTS5 query. Every term is a quoted FTS5 string, so nothing the user
/// typed is read as FTS5 syntax; the tokenizer then splits it into words exactly as it split the indexed text.
/// </summary>
internal static class FtsExpression
{
    public static string AllOf(IEnumerable<IReadOnlyList<SearchTerm>> groups) =>
        string.Join(" AND ", groups.Select(group =>
            group.Count == 1 ? Term(group[0]) : "(" + string.Join(" OR ", group.Select(Term)) + ")"));

    public static string AnyOf(SearchQuery query) => AnyOf(query.Include.SelectMany(g => g));

    public static string AnyOf(IEnumerable<SearchTerm> terms) => string.Join(" OR ", terms.Select(Term));

    public static string Term(SearchTerm term)
    {
        var quoted = "\"" + term.Text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" + (term.IsPrefix ? "*" : "");
        return term.Field switch
        {
            TermField.Title => "title : " + quoted,
            TermField.Abstract => "abstract : " + quoted,
            _ => quoted,
        };
    }
}
