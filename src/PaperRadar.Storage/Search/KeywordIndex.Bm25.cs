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
    /// (its <c>fts5vocab</c> "instance" view lists every token of every row, here only the query's), and each
    /// candidate's length from the index's own record of it.
    /// </remarks>
    private List<KeywordHit>? RankCandidates(
        List<IReadOnlyList<SearchTerm>> required, string match, List<long> candidates, int count, FilterSql filters)
    {
        if (candidates.Count == 0)
        {
            return [];
        }
        if (Stems(required) is not { } stems)
        {
            return null;
        }
        var connection = Connection;
        connection.Execute($"""
            CREATE VIRTUAL TABLE IF NOT EXISTS temp.candidate_text USING fts5 (title, abstract, authors, comments, tokenize = '{Tokenizer}');
            CREATE VIRTUAL TABLE IF NOT EXISTS temp.candidate_tokens USING fts5vocab (temp, candidate_text, instance);
            """);
        List<long> matched;
        Dictionary<(long Row, string Token), double> weightedCounts = [];
        using (var transaction = connection.BeginTransaction())
        {
            connection.Execute(
                "INSERT INTO temp.candidate_text (rowid, title, abstract, authors, comments) " +
                "SELECT rowid, title, abstract, authors, comments FROM paper_text WHERE rowid IN @candidates",
                new { candidates }, transaction);
            matched = connection.Query<long>(
                "SELECT rowid FROM temp.candidate_text WHERE candidate_text MATCH @match",
                new { match }, transaction).ToList();
            var tokenCounts = connection.Query<(string Token, long Row, string Column, long Count)>(
                "SELECT term, doc, col, count(*) FROM temp.candidate_tokens WHERE term IN @stems GROUP BY term, doc, col",
                new { stems = stems.Distinct().ToList() }, transaction);
            foreach (var (token, row, column, tokens) in tokenCounts)
            {
                var weight = FieldWeights[Array.IndexOf(FieldNames, column)];
                weightedCounts[(row, token)] = weightedCounts.GetValueOrDefault((row, token)) + weight * tokens;
            }
            // Empties the table again (nothing of the store's was written).
            transaction.Rollback();
        }
        if (matched.Count == 0)
        {
            return [];
        }
        // A row's length in tokens as FTS5's bm25() reads it: the sum of its column sizes in the index's docsize table.
        var rowTokens = connection.Query<(long Row, byte[] Sizes)>(
                "SELECT id, sz FROM paper_text_docsize WHERE id IN @matched", new { matched })
            .ToDictionary(r => r.Row, r => SumOfVarints(r.Sizes));

        var (rows, totalTokens) = IndexTotals();
        var averageTokens = (double)totalTokens / rows;
        var words = required.Select(group => group[0]).ToList();
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
                var frequency = weightedCounts.GetValueOrDefault((row, stems[i]));
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

    /// <summary>
    /// The token the index holds for each required word (stemmed by the index's tokenizer: a tokenizer is not something
    /// to imitate), in order; null when a word is not exactly one token ("gpt-4" is two), which leaves the query to FTS5.
    /// Kept between queries: a word's token does not depend on the papers.
    /// </summary>
    private List<string>? Stems(List<IReadOnlyList<SearchTerm>> required)
    {
        var words = required.Select(group => group[0].Text).ToList();
        var unknown = words.Where(word => !_stems.ContainsKey(word)).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            var connection = Connection;
            connection.Execute($"""
                CREATE VIRTUAL TABLE IF NOT EXISTS temp.query_words USING fts5 (word, tokenize = '{Tokenizer}');
                CREATE VIRTUAL TABLE IF NOT EXISTS temp.query_word_tokens USING fts5vocab (temp, query_words, instance);
                """);
            using var transaction = connection.BeginTransaction();
            connection.Execute(
                "INSERT INTO temp.query_words (rowid, word) VALUES (@row, @word)",
                unknown.Select((word, i) => new { row = i + 1L, word }), transaction);
            var tokens = connection.Query<(long Row, string Token)>("SELECT doc, term FROM temp.query_word_tokens", transaction: transaction)
                .GroupBy(t => t.Row)
                .ToDictionary(g => g.Key, g => g.Select(t => t.Token).ToList());
            transaction.Rollback();
            for (var i = 0; i < unknown.Count; i++)
            {
                _stems[unknown[i]] = tokens.TryGetValue(i + 1L, out var found) && found.Count == 1 ? found[0] : null;
            }
        }
        var stems = words.Select(word => _stems[word]).ToList();
        return stems.Any(stem => stem is null) ? null : stems.OfType<string>().ToList();
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> _stems = new(StringComparer.Ordinal);

    private static long SumOfVarints(byte[] data)
    {
        long sum = 0;
        for (var offset = 0; offset < data.Length;)
        {
            sum += ReadVarint(data, ref offset);
        }
        return sum;
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
        var totals = (Math.Max(rows, 1), SumOfVarints(record[offset..]));
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
