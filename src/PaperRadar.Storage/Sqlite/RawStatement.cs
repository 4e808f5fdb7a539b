using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace PaperRadar.Storage.Sqlite;

/// <summary>
/// One prepared statement (an INSERT, or a one-row query) executed straight on the connection's SQLite handle, binding
/// values by position.
/// </summary>
/// <remarks>
/// The import writes ~15 rows per paper. Profiling showed Microsoft.Data.Sqlite spending most of the writer thread on
/// its per-execution work (resolving every parameter by name, marshalling the name, walking its statement list) rather
/// than in SQLite; binding by index through SQLitePCLRaw, the layer it is built on, removes that. Rows are written in
/// the connection's current transaction, like any command on it.
/// </remarks>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly int _columns;
    private byte[] _utf8 = new byte[4096];

    public RawStatement(SqliteConnection connection, string table, string[] columns, string conflictClause = "")
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        _columns = columns.Length;
        var sql = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES " +
                  $"({string.Join(", ", columns.Select((_, i) => $"?{i + 1}"))}) {conflictClause}";
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement), sql);
    }

    public void Insert(params object?[] values) => Step(values);

    /// <summary>Runs a one-row query (built with <see cref="Query"/>) and says whether it returned a row.</summary>
    public bool Exists(params object?[] values) => Step(values);

    /// <summary>A prepared SELECT whose parameters are ?1, ?2, … in order.</summary>
    public static RawStatement Query(SqliteConnection connection, string sql, int parameters) => new(connection, sql, parameters);

    private RawStatement(SqliteConnection connection, string sql, int parameters)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        _columns = parameters;
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement), sql);
    }

    private bool Step(object?[] values)
    {
        if (values.Length != _columns)
        {
            throw new ArgumentException($"expected {_columns} values, got {values.Length}", nameof(values));
        }
        for (var i = 0; i < values.Length; i++)
        {
            var index = i + 1;
            var rc = values[i] switch
            {
                null or DBNull => raw.sqlite3_bind_null(_statement, index),
                string text => BindText(index, text),
                ReadOnlyMemory<byte> utf8 => raw.sqlite3_bind_text(_statement, index, utf8.Span),
                int number => raw.sqlite3_bind_int64(_statement, index, number),
                long number => raw.sqlite3_bind_int64(_statement, index, number),
                double number => raw.sqlite3_bind_double(_statement, index, number),
                byte[] bytes => raw.sqlite3_bind_blob(_statement, index, bytes),
                var other => throw new ArgumentException($"cannot store a {other.GetType().Name}", nameof(values)),
            };
            Check(rc, "bind");
        }
        var step = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (step is not raw.SQLITE_DONE and not raw.SQLITE_ROW)
        {
            Check(step, "step");
        }
        return step == raw.SQLITE_ROW;
    }

    /// <summary>Encodes into one reused buffer; SQLite copies bound text (SQLITE_TRANSIENT), so it can be reused at once.</summary>
    private int BindText(int index, string text)
    {
        var needed = System.Text.Encoding.UTF8.GetMaxByteCount(text.Length);
        if (_utf8.Length < needed)
        {
            _utf8 = new byte[Math.Max(needed, _utf8.Length * 2)];
        }
        var length = System.Text.Encoding.UTF8.GetBytes(text, _utf8);
        return raw.sqlite3_bind_text(_statement, index, _utf8.AsSpan(0, length));
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int rc, string what)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException($"SQLite Error {rc}: '{raw.sqlite3_errmsg(_db).utf8_to_string()}' ({what})", rc);
        }
    }
}
