using Dapper;
using PaperRadar.Core.Search;

namespace PaperRadar.Storage.Search;

public sealed partial class KeywordIndex
{
    // FTS5's bm25() constants (fts5_aux.c).
    private const double Bm25K1 = 1.2;
    private const double Bm25B = 0.75;

    /// <summary>The index's row count and token count (FTS5's "averages" record); null until read since the last refresh.</summary>
    private (long Rows, long Tokens)? _totals;

    /// <summary>
    /// The candidates that match <paramref name="match"/> and pass the filters, ranked by BM25 computed here exactly as
    /// FTS5's <c>bm25()</c> with the index's field weights would; null when a word of the query does not read as one
    /// token (then FTS5 ranks the query).
    /// </summary>
    /// <remarks>
    /// Written here because FTS5 offers no way to keep what <c>bm25()</c> needs between queries: it counts the papers
    /// having each phrase by walking the phrase's whole list, in every statement, which cost ten times the match
    /// itself for the benchmark's queries. Here those counts come from <see cref="DocumentCount"/> (kept until the
    /// index changes), the corpus totals from FTS5's own record of them, and each candidate's word counts from a small
    /// FTS5 table in the connection's temporary database that holds only the candidates, with the index's tokenizer
    /// (its <c>fts5vocab</c> "instance" view lists every token of every row). The query's words are put in the same
    /// table, one row each, so their tokens come from the same tokenizer (stemmed as the index stems them).
    /// </remarks>
    private List<KeywordHit>? RankCandidates(
        List<IReadOnlyList<SearchTerm>> required, string match, List<long> candidates, int count, FilterSql filters)
    {
        if (candidates.Count == 0)
        {
            return [];
        }
        var connection = Connection;
        connection.Execute($"""
            CREATE VIRTUAL TABLE IF NOT EXISTS temp.candidate_text USING fts5 (title, abstract, authors, comments, tokenize = '{Tokenizer}');
            CREATE VIRTUAL TABLE IF NOT EXISTS temp.candidate_tokens USING fts5vocab (temp, candidate_text, instance);
            """);
        var words = required.Select(group => group[0]).ToList();
        List<long> matched;
        Dictionary<(long Row, string Token), double> weightedCounts = [];
        Dictionary<long, long> rowTokens = [];
        Dictionary<long, string> wordTokens = [];
        using (var transaction = connection.BeginTransaction())
        {
            connection.Execute(
                "INSERT INTO temp.candidate_text (rowid, title, abstract, authors, comments) " +
                "SELECT rowid, title, abstract, authors, comments FROM paper_text WHERE rowid IN @candidates",
                new { candidates }, transaction);
            // Row -(i+1) holds the query's i-th word; candidates have positive rowids.
            connection.Execute(
                "INSERT INTO temp.candidate_text (rowid, title) VALUES (@row, @word)",
                words.Select((word, i) => new { row = -(i + 1L), word = word.Text }), transaction);
            matched = connection.Query<long>(
                "SELECT rowid FROM temp.candidate_text WHERE candidate_text MATCH @match AND rowid > 0",
                new { match }, transaction).ToList();
            var tokenCounts = connection.Query<(string Token, long Row, string Column, long Count)>(
                "SELECT term, doc, col, count(*) FROM temp.candidate_tokens GROUP BY term, doc, col", transaction: transaction);
            var wordTokenCounts = new Dictionary<long, int>();
            foreach (var (token, row, column, tokens) in tokenCounts)
            {
                if (row < 0)
                {
                    wordTokens[row] = token;
                    wordTokenCounts[row] = wordTokenCounts.GetValueOrDefault(row) + (int)tokens;
                    continue;
                }
                var weight = FieldWeights[Array.IndexOf(FieldNames, column)];
                weightedCounts[(row, token)] = weightedCounts.GetValueOrDefault((row, token)) + weight * tokens;
                rowTokens[row] = rowTokens.GetValueOrDefault(row) + tokens;
            }
            // Empties the table again (nothing of the store's was written).
            transaction.Rollback();
            if (words.Select((_, i) => -(i + 1L)).Any(row => wordTokenCounts.GetValueOrDefault(row) != 1))
            {
                return null;
            }
        }
        if (matched.Count == 0)
        {
            return [];
        }

        var (rows, totalTokens) = IndexTotals();
        var averageTokens = (double)totalTokens / rows;
        var inverseFrequencies = words.Select(word =>
        {
            var papers = DocumentCount(FtsExpression.Term(word));
            var idf = Math.Log((rows - papers + 0.5) / (papers + 0.5));
            return idf <= 0 ? 1e-6 : idf;
        }).ToList();
        var ranked = matched.Select(row =>
        {
            double score = 0;
            var lengthNorm = Bm25K1 * (1 - Bm25B + (Bm25B * rowTokens.GetValueOrDefault(row) / averageTokens));
            for (var i = 0; i < words.Count; i++)
            {
                var frequency = weightedCounts.GetValueOrDefault((row, wordTokens[-(i + 1L)]));
                score += inverseFrequencies[i] * (frequency * (Bm25K1 + 1.0) / (frequency + lengthNorm));
            }
            return (Key: row, Score: score);
        }).ToList();

        var parameters = filters.Parameters(0, 0);
        parameters.Add("keys", matched);
        var papers = connection.Query<(long Key, string Id, string Title)>(
                $"SELECT p.rowid, p.id, p.title FROM papers p WHERE p.rowid IN @keys AND {filters.Where}", parameters)
            .ToDictionary(r => r.Key);
        return ranked.Where(r => papers.ContainsKey(r.Key))
            .OrderByDescending(r => r.Score).ThenBy(r => r.Key)
            .Take(count)
            .Select(r => new KeywordHit(r.Key, papers[r.Key].Id, papers[r.Key].Title, r.Score, MatchedAllWords: true))
            .ToList();
    }

    private static readonly string[] FieldNames = ["title", "abstract", "authors", "comments"];

    /// <summary>
    /// The row and token counts FTS5 keeps for the whole index (the "averages" record, rowid 1 of its data table: a
    /// varint row count and one varint token total per column), as its <c>bm25()</c> reads them.
    /// </summary>
    private (long Rows, long Tokens) IndexTotals()
    {
        if (_totals is { } known)
        {
            return known;
        }
        var record = Connection.ExecuteScalar<byte[]>("SELECT block FROM paper_text_data WHERE id = 1") ?? [];
        var offset = 0;
        var rows = ReadVarint(record, ref offset);
        long tokens = 0;
        while (offset < record.Length)
        {
            tokens += ReadVarint(record, ref offset);
        }
        var totals = (Math.Max(rows, 1), tokens);
        _totals = totals;
        return totals;
    }

    /// <summary>SQLite's variable-length integer (big-endian, 7 bits a byte, the ninth byte whole), as FTS5 writes them.</summary>
    private static long ReadVarint(byte[] data, ref int offset)
    {
        long value = 0;
        for (var i = 0; i < 8; i++)
        {
            var b = data[offset++];
            value = (value << 7) | (long)(b & 0x7f);
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
        return (value << 8) | data[offset++];
    }
}
