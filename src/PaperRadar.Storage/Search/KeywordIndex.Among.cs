using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;
using PaperRadar.Core.Search;

namespace PaperRadar.Storage.Search;

/// <summary>A paper among the few a <see cref="KeywordIndex.CandidateMatcher"/> holds that matches a query: its BM25 score and the words it matched.</summary>
public sealed record CandidateMatch(long Key, double Score, IReadOnlyList<string> MatchedWords);

public sealed partial class KeywordIndex
{
    private static int _candidateTables;

    /// <summary>
    /// A matcher over a few papers (a day's new ones): many queries (the saved searches of every subscription) are
    /// answered against them alone. Each query over the whole index costs milliseconds (FTS5 reads every query term's
    /// list of papers); over a table of a few hundred papers it costs a fraction of one, whatever the corpus size.
    /// Only papers the keyword index holds are matched (run <c>index</c> after importing).
    /// </summary>
    public CandidateMatcher MatchAmong(IReadOnlyCollection<long> keys) => new(Connection, keys);

    /// <summary>A throwaway FTS5 table in the connection's temporary database, with the index's tokenizer and field weights.</summary>
    public sealed partial class CandidateMatcher : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly string _table;

        internal CandidateMatcher(SqliteConnection connection, IReadOnlyCollection<long> keys)
        {
            _connection = connection;
            _table = $"candidates_{Interlocked.Increment(ref _candidateTables)}";
            _connection.Execute($"CREATE VIRTUAL TABLE temp.{_table} USING fts5 (title, abstract, authors, comments, tokenize = '{Tokenizer}')");
            foreach (var chunk in keys.Chunk(5_000))
            {
                _connection.Execute(
                    $"INSERT INTO temp.{_table} (rowid, title, abstract, authors, comments) " +
                    "SELECT rowid, title, abstract, authors, comments FROM paper_text WHERE rowid IN @chunk",
                    new { chunk });
            }
            Count = _connection.ExecuteScalar<long>($"SELECT count(*) FROM temp.{_table}");
        }

        /// <summary>The papers held (those of the keys the keyword index has).</summary>
        public long Count { get; }

        /// <summary>
        /// The papers held that match every word of <paramref name="query"/> and pass its filters, best first. A digest
        /// wants precision: unlike a search, there is no fallback to papers with only some of the words.
        /// </summary>
        public IReadOnlyList<CandidateMatch> Match(SearchQuery query)
        {
            if (query.IsEmpty)
            {
                return [];
            }
            var filters = new FilterSql(query);
            if (!query.HasWords)
            {
                return _connection.Query<long>(
                        $"SELECT p.rowid FROM papers p WHERE p.rowid IN (SELECT rowid FROM temp.{_table}) AND {filters.Where} ORDER BY p.rowid",
                        filters.Parameters(0, 0))
                    .Select(key => new CandidateMatch(key, 0, []))
                    .ToList();
            }
            var parameters = filters.Parameters(0, 0, KeywordIndex.Match(query, FtsExpression.AllOf(RequiredGroups(query))));
            parameters.Add("start", MarkStart.ToString());
            parameters.Add("end", MarkEnd.ToString());
            return _connection.Query<(long Key, double Rank, string? Title, string? Abstract)>(
                    $"SELECT t.rowid, {RankFunction(_table)}, highlight({_table}, 0, @start, @end), highlight({_table}, 1, @start, @end) " +
                    $"FROM temp.{_table} t JOIN papers p ON p.rowid = t.rowid WHERE {_table} MATCH @match AND {filters.Where} " +
                    $"ORDER BY 2, t.rowid",
                    parameters)
                .Select(r => new CandidateMatch(r.Key, -r.Rank, MarkedWords(r.Title, r.Abstract)))
                .ToList();
        }

        private static string RankFunction(string table) =>
            $"bm25({table}, " + string.Join(", ", FieldWeights.Select(w => w.ToString("0.0##", System.Globalization.CultureInfo.InvariantCulture))) + ")";

        /// <summary>The distinct words marked in the title and abstract (as written, lower case), at most six.</summary>
        private static List<string> MarkedWords(params string?[] texts) => texts.OfType<string>()
            .SelectMany(text => MarkedRegex().Matches(text).Select(m => m.Groups[1].Value.ToLowerInvariant()))
            .Distinct(StringComparer.Ordinal)
            .Take(6)
            .ToList();

        [GeneratedRegex("\uE000([^\uE001]*)\uE001")]
        private static partial Regex MarkedRegex();

        public void Dispose() => _connection.Execute($"DROP TABLE IF EXISTS temp.{_table}");
    }
}
