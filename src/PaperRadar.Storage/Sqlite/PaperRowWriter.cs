using System.Buffers;
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
        "latest_version", "year", "sources", "field_sources", "first_appeared", "code_url",
        "upvotes", "community_comments", "community_day", "community_submitted_by", "organisation",
        "cited_by_count", "cited_by_count_day", "cited_by_count_source",
    ];

    private readonly RawStatement _papers;
    private readonly RawStatement _authors;
    private readonly RawStatement _categories;
    private readonly RawStatement _versions;
    private readonly RawStatement _listings;
    private readonly RawStatement _aliases;
    private readonly StoredSources _sources = new();
    private readonly SqliteCommand _deleteChildren;
    private readonly SqliteCommand _deletePaper;

    public PaperRowWriter(SqliteConnection connection, SqliteTransaction transaction)
    {
        _papers = new RawStatement(connection, "papers", PaperColumns,
            "ON CONFLICT (id) DO UPDATE SET " + string.Join(", ", PaperColumns.Skip(1).Select(c => $"{c} = excluded.{c}")));
        _authors = new RawStatement(connection, "paper_authors", ["paper_id", "position", "name", "affiliation"]);
        _categories = new RawStatement(connection, "paper_categories", ["paper_id", "position", "category"]);
        _versions = new RawStatement(connection, "paper_versions", ["paper_id", "version", "submitted", "size"]);
        _listings = new RawStatement(connection, "paper_listings", ["paper_id", "day"]);
        _aliases = new RawStatement(connection, "paper_aliases", ["alias", "paper_id"], "ON CONFLICT DO NOTHING");
        _deleteChildren = Prepare(connection, transaction, """
            DELETE FROM paper_authors WHERE paper_id = $id;
            DELETE FROM paper_categories WHERE paper_id = $id;
            DELETE FROM paper_versions WHERE paper_id = $id;
            DELETE FROM paper_listings WHERE paper_id = $id;
            DELETE FROM paper_aliases WHERE paper_id = $id;
            """, "$id");
        _deletePaper = Prepare(connection, transaction, "DELETE FROM papers WHERE id = $id", "$id");
    }

    /// <summary>Writes a paper's row and then its children's, whose foreign keys point at it.</summary>
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
        _papers.Insert(id, paper.Title, paper.Abstract, paper.PrimaryCategory, paper.Comments, facts.Pages,
            facts.Figures, facts.Tables, facts.Venue, facts.Status?.ToString(), paper.JournalRef,
            paper.Doi, paper.ReportNo, paper.License, paper.Submitter, paper.MscClass,
            paper.AcmClass, paper.LatestVersion, paper.Year, _sources.Serialize(paper.Sources),
            _sources.SerializeFields(paper.FieldSources, paper.Sources),
            paper.FirstAppeared.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), paper.CodeUrl,
            paper.Community?.Upvotes, paper.Community?.Comments,
            paper.Community?.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), paper.Community?.SubmittedBy,
            paper.Community?.Organisation, paper.CitedByCount?.Count,
            paper.CitedByCount?.Counted?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), paper.CitedByCount?.Source);
        for (var i = 0; i < paper.Authors.Count; i++)
        {
            _authors.Insert(id, i, paper.Authors[i].Name, paper.Authors[i].Affiliation);
        }
        for (var i = 0; i < paper.Categories.Count; i++)
        {
            _categories.Insert(id, i, paper.Categories[i]);
        }
        foreach (var version in paper.Versions)
        {
            _versions.Insert(id, version.Number,
                version.Submitted.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                version.Size);
        }
        foreach (var day in paper.ListedOn)
        {
            _listings.Insert(id, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        foreach (var other in paper.OtherIds)
        {
            _aliases.Insert(other.Value, id);
        }
    }

    /// <summary>Removes a paper none of whose records remain (its children go with it).</summary>
    public void Delete(string id)
    {
        _deletePaper.Parameters["$id"].Value = id;
        _deletePaper.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _papers.Dispose();
        _authors.Dispose();
        _categories.Dispose();
        _versions.Dispose();
        _listings.Dispose();
        _aliases.Dispose();
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
}

/// <summary>
/// Provenance columns: the records merged into a paper (<c>[[format, file, line], …]</c>) and, per field, the position
/// of the record it came from. Written by hand with a reused Utf8JsonWriter because the import writes one per paper.
/// </summary>
internal sealed class StoredSources
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _json;

    public StoredSources() => _json = new Utf8JsonWriter(_buffer);

    public ReadOnlyMemory<byte> Serialize(IReadOnlyList<SourceLocation> sources)
    {
        Start();
        _json.WriteStartArray();
        foreach (var source in sources)
        {
            _json.WriteStartArray();
            _json.WriteStringValue(source.Format);
            _json.WriteStringValue(source.File);
            _json.WriteNumberValue(source.Line);
            _json.WriteEndArray();
        }
        _json.WriteEndArray();
        return Finish();
    }

    public ReadOnlyMemory<byte> SerializeFields(IReadOnlyDictionary<string, SourceLocation> fields, IReadOnlyList<SourceLocation> sources)
    {
        Start();
        _json.WriteStartObject();
        foreach (var (field, source) in fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            _json.WriteNumber(field, IndexOf(sources, source));
        }
        _json.WriteEndObject();
        return Finish();
    }

    public static IReadOnlyList<SourceLocation> DeserializeSources(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray()
            .Select(s => new SourceLocation(s[1].GetString()!, s[2].GetInt64(), s[0].GetString()!))
            .ToList();
    }

    public static IReadOnlyDictionary<string, SourceLocation> DeserializeFields(string json, IReadOnlyList<SourceLocation> sources) =>
        (JsonSerializer.Deserialize<Dictionary<string, int>>(json) ?? [])
        .ToDictionary(f => f.Key, f => sources[f.Value], StringComparer.Ordinal);

    private void Start()
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
    }

    /// <summary>A copy: the bytes are bound after the next call has already reused the buffer.</summary>
    private ReadOnlyMemory<byte> Finish()
    {
        _json.Flush();
        return _buffer.WrittenSpan.ToArray();
    }

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
}
