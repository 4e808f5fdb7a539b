using System.Text;
using Microsoft.Data.Sqlite;

namespace PaperRadar.Storage.Sqlite;

/// <summary>
/// Buffers rows for one table and writes them with multi-row INSERT statements: SQLite's per-statement cost, not its
/// B-tree work, dominated the import when every author, category and version row was its own statement.
/// </summary>
internal sealed class BulkInserter : IDisposable
{
    private const int RowsPerStatement = 48;

    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly string _table;
    private readonly string[] _columns;
    private readonly string _conflictClause;
    private readonly List<object> _values = [];
    private readonly Dictionary<int, SqliteCommand> _commands = [];
    private readonly BulkInserter? _parent;

    /// <param name="parent">The table this one's foreign keys point at: its queued rows are written first.</param>
    public BulkInserter(SqliteConnection connection, SqliteTransaction transaction, string table, string[] columns,
        string conflictClause = "", BulkInserter? parent = null)
    {
        _parent = parent;
        _connection = connection;
        _transaction = transaction;
        _table = table;
        _columns = columns;
        _conflictClause = conflictClause;
    }

    public void Add(params object[] row)
    {
        if (row.Length != _columns.Length)
        {
            throw new ArgumentException($"{_table} takes {_columns.Length} values, got {row.Length}", nameof(row));
        }
        _values.AddRange(row);
        if (_values.Count == RowsPerStatement * _columns.Length)
        {
            Flush();
        }
    }

    public void Flush()
    {
        if (_values.Count == 0)
        {
            return;
        }
        _parent?.Flush();
        var rows = _values.Count / _columns.Length;
        var command = CommandFor(rows);
        for (var i = 0; i < _values.Count; i++)
        {
            command.Parameters[i].Value = _values[i];
        }
        command.ExecuteNonQuery();
        _values.Clear();
    }

    private SqliteCommand CommandFor(int rows)
    {
        if (_commands.TryGetValue(rows, out var cached))
        {
            return cached;
        }
        var sql = new StringBuilder($"INSERT INTO {_table} ({string.Join(", ", _columns)}) VALUES ");
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < _columns.Length; column++)
            {
                var name = $"$p{row * _columns.Length + column}";
                sql.Append(column == 0 ? name : ", " + name);
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }
            sql.Append(')');
        }
        command.CommandText = sql.Append(' ').Append(_conflictClause).ToString();
        command.Prepare();
        _commands[rows] = command;
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }
    }
}
