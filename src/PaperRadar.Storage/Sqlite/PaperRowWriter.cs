using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PaperRadar.Core.Model;

namespace PaperRadar.Storage.Sqlite;

/// <summary>Writes a merged <see cref="Paper"/> into the query tables with prepared statements (the import hot path).</summary>
internal sealed class PaperRowWriter : IDisposable
{
    private static readonly string[] PaperColumns =
    [
        "id", "title", "abstract", "primary_category", "comments", "pages", "figures", "tables", "venue",
        "publication_status", "journal_ref", "doi", "report_no", "license", "submitter", "msc_class", "acm_class",
        "latest_version", "year", "sources", "field_sources",
    ];

    private readonly BulkInserter _papers;
    private readonly BulkInserter _authors;
    private readonly BulkInserter _categories;
    private readonly BulkInserter _versions;
    private readonly BulkInserter _listings;
    private readonly SqliteCommand _deleteChildren;
    private readonly SqliteCommand _deletePaper;

    public PaperRowWriter(SqliteConnection connection, SqliteTransaction transaction)
    {
        _papers = new BulkInserter(connection, transaction, "papers", PaperColumns,
            "ON CONFLICT (id) DO UPDATE SET " + string.Join(", ", PaperColumns.Skip(1).Select(c => $"{c} = excluded.{c}")));
        _authors = new BulkInserter(connection, transaction, "paper_authors", ["paper_id", "position", "name", "affiliation"], parent: _papers);
        _categories = new BulkInserter(connection, transaction, "paper_categories", ["paper_id", "position", "category"], parent: _papers);
        _versions = new BulkInserter(connection, transaction, "paper_versions", ["paper_id", "version", "submitted", "size"], parent: _papers);
        _listings = new BulkInserter(connection, transaction, "paper_listings", ["paper_id", "day"], parent: _papers);
        _deleteChildren = Prepare(connection, transaction, """
            DELETE FROM paper_authors WHERE paper_id = $id;
            DELETE FROM paper_categories WHERE paper_id = $id;
            DELETE FROM paper_versions WHERE paper_id = $id;
            DELETE FROM paper_listings WHERE paper_id = $id;
            """, "$id");
        _deletePaper = Prepare(connection, transaction, "DELETE FROM papers WHERE id = $id", "$id");
    }

    /// <summary>Queues a paper's rows; <see cref="Flush"/> writes them (papers before their children).</summary>
    /// <param name="isStored">Whether the store held this paper before; a new paper has no child rows to delete.</param>
    public void Write(Paper paper, bool isStored)
    {
        var id = paper.Id.Value;
        if (isStored)
        {
            _deleteChildren.Parameters["$id"].Value = id;
            _deleteChildren.ExecuteNonQuery();
        }
        var facts = paper.CommentFacts;
        _papers.Add(id, paper.Title, Db(paper.Abstract), Db(paper.PrimaryCategory), Db(paper.Comments), Db(facts.Pages),
            Db(facts.Figures), Db(facts.Tables), Db(facts.Venue), Db(facts.Status?.ToString()), Db(paper.JournalRef),
            Db(paper.Doi), Db(paper.ReportNo), Db(paper.License), Db(paper.Submitter), Db(paper.MscClass),
            Db(paper.AcmClass), Db(paper.LatestVersion), paper.Year, StoredSources.Serialize(paper.Sources),
            StoredSources.SerializeFields(paper.FieldSources, paper.Sources));
        for (var i = 0; i < paper.Authors.Count; i++)
        {
            _authors.Add(id, i, paper.Authors[i].Name, Db(paper.Authors[i].Affiliation));
        }
        for (var i = 0; i < paper.Categories.Count; i++)
        {
            _categories.Add(id, i, paper.Categories[i]);
        }
        foreach (var version in paper.Versions)
        {
            _versions.Add(id, version.Number,
                version.Submitted.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                Db(version.Size));
        }
        foreach (var day in paper.ListedOn)
        {
            _listings.Add(id, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Writes what is queued: paper rows first, since the child rows' foreign keys point at them.</summary>
    public void Flush()
    {
        _papers.Flush();
        _authors.Flush();
        _categories.Flush();
        _versions.Flush();
        _listings.Flush();
    }

    /// <summary>Removes a paper none of whose records remain (its children go with it).</summary>
    public void Delete(ArxivId id)
    {
        _deletePaper.Parameters["$id"].Value = id.Value;
        _deletePaper.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _papers.Dispose();
        _authors.Dispose();
        _categories.Dispose();
        _versions.Dispose();
        _listings.Dispose();
        _deleteChildren.Dispose();
        _deletePaper.Dispose();
    }

    internal static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql,
        params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
        command.Prepare();
        return command;
    }

    private static object Db(string? value) => value is null ? DBNull.Value : value;
    private static object Db(int? value) => value is null ? DBNull.Value : value.Value;
}

/// <summary>Provenance columns: the records merged into a paper, and the record each field came from.</summary>
internal static class StoredSources
{
    public static string Serialize(IReadOnlyList<SourceLocation> sources) =>
        JsonSerializer.Serialize(sources.Select(ToArray));

    /// <summary>Each field names its record by position in the paper's sources, which keeps the column small.</summary>
    public static string SerializeFields(IReadOnlyDictionary<string, SourceLocation> fields, IReadOnlyList<SourceLocation> sources) =>
        JsonSerializer.Serialize(fields.OrderBy(f => f.Key, StringComparer.Ordinal)
            .ToDictionary(f => f.Key, f => IndexOf(sources, f.Value)));

    private static int IndexOf(IReadOnlyList<SourceLocation> sources, SourceLocation source)
    {
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] == source)
            {
                return i;
            }
        }
        throw new InvalidOperationException($"field source {source} is not among the paper's sources");
    }

    public static IReadOnlyList<SourceLocation> DeserializeSources(string json) =>
        (JsonSerializer.Deserialize<string[][]>(json) ?? [])
        .Select(FromArray)
        .ToList();

    public static IReadOnlyDictionary<string, SourceLocation> DeserializeFields(string json, IReadOnlyList<SourceLocation> sources) =>
        (JsonSerializer.Deserialize<Dictionary<string, int>>(json) ?? [])
        .ToDictionary(f => f.Key, f => sources[f.Value], StringComparer.Ordinal);

    private static string[] ToArray(SourceLocation s) => [s.Format, s.File, s.Line.ToString(CultureInfo.InvariantCulture)];

    private static SourceLocation FromArray(string[] s) =>
        new(s[1], long.Parse(s[2], CultureInfo.InvariantCulture), s[0]);
}
