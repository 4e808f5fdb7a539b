using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PaperRadar.Core.Model;

namespace PaperRadar.Storage.Sqlite;

/// <summary>Writes a merged <see cref="Paper"/> into the query tables with prepared statements (the import hot path).</summary>
internal sealed class PaperRowWriter : IDisposable
{
    private readonly SqliteCommand _upsertPaper;
    private readonly SqliteCommand _deleteChildren;
    private readonly SqliteCommand _insertAuthor;
    private readonly SqliteCommand _insertCategory;
    private readonly SqliteCommand _insertVersion;
    private readonly SqliteCommand _insertListing;
    private readonly SqliteCommand _deletePaper;

    public PaperRowWriter(SqliteConnection connection, SqliteTransaction transaction)
    {
        _upsertPaper = Prepare(connection, transaction, """
            INSERT INTO papers (id, title, abstract, primary_category, comments, pages, figures, tables, venue,
                publication_status, journal_ref, doi, report_no, license, submitter, msc_class, acm_class,
                latest_version, year, sources, field_sources)
            VALUES ($id, $title, $abstract, $primary_category, $comments, $pages, $figures, $tables, $venue,
                $publication_status, $journal_ref, $doi, $report_no, $license, $submitter, $msc_class, $acm_class,
                $latest_version, $year, $sources, $field_sources)
            ON CONFLICT (id) DO UPDATE SET title = excluded.title, abstract = excluded.abstract,
                primary_category = excluded.primary_category, comments = excluded.comments, pages = excluded.pages,
                figures = excluded.figures, tables = excluded.tables, venue = excluded.venue,
                publication_status = excluded.publication_status, journal_ref = excluded.journal_ref,
                doi = excluded.doi, report_no = excluded.report_no, license = excluded.license,
                submitter = excluded.submitter, msc_class = excluded.msc_class, acm_class = excluded.acm_class,
                latest_version = excluded.latest_version, year = excluded.year, sources = excluded.sources,
                field_sources = excluded.field_sources
            """, "$id", "$title", "$abstract", "$primary_category", "$comments", "$pages", "$figures", "$tables",
            "$venue", "$publication_status", "$journal_ref", "$doi", "$report_no", "$license", "$submitter",
            "$msc_class", "$acm_class", "$latest_version", "$year", "$sources", "$field_sources");
        _deleteChildren = Prepare(connection, transaction, """
            DELETE FROM paper_authors WHERE paper_id = $id;
            DELETE FROM paper_categories WHERE paper_id = $id;
            DELETE FROM paper_versions WHERE paper_id = $id;
            DELETE FROM paper_listings WHERE paper_id = $id;
            """, "$id");
        _insertAuthor = Prepare(connection, transaction,
            "INSERT INTO paper_authors (paper_id, position, name, affiliation) VALUES ($id, $p, $n, $a)",
            "$id", "$p", "$n", "$a");
        _insertCategory = Prepare(connection, transaction,
            "INSERT INTO paper_categories (paper_id, position, category) VALUES ($id, $p, $c)", "$id", "$p", "$c");
        _insertVersion = Prepare(connection, transaction,
            "INSERT INTO paper_versions (paper_id, version, submitted, size) VALUES ($id, $v, $s, $z)",
            "$id", "$v", "$s", "$z");
        _insertListing = Prepare(connection, transaction,
            "INSERT INTO paper_listings (paper_id, day) VALUES ($id, $d)", "$id", "$d");
        _deletePaper = Prepare(connection, transaction, "DELETE FROM papers WHERE id = $id", "$id");
    }

    public void Write(Paper paper)
    {
        var id = paper.Id.Value;
        var p = _upsertPaper.Parameters;
        p["$id"].Value = id;
        p["$title"].Value = paper.Title;
        p["$abstract"].Value = Db(paper.Abstract);
        p["$primary_category"].Value = Db(paper.PrimaryCategory);
        p["$comments"].Value = Db(paper.Comments);
        p["$pages"].Value = Db(paper.CommentFacts.Pages);
        p["$figures"].Value = Db(paper.CommentFacts.Figures);
        p["$tables"].Value = Db(paper.CommentFacts.Tables);
        p["$venue"].Value = Db(paper.CommentFacts.Venue);
        p["$publication_status"].Value = Db(paper.CommentFacts.Status?.ToString());
        p["$journal_ref"].Value = Db(paper.JournalRef);
        p["$doi"].Value = Db(paper.Doi);
        p["$report_no"].Value = Db(paper.ReportNo);
        p["$license"].Value = Db(paper.License);
        p["$submitter"].Value = Db(paper.Submitter);
        p["$msc_class"].Value = Db(paper.MscClass);
        p["$acm_class"].Value = Db(paper.AcmClass);
        p["$latest_version"].Value = Db(paper.LatestVersion);
        p["$year"].Value = paper.Year;
        p["$sources"].Value = StoredSources.Serialize(paper.Sources);
        p["$field_sources"].Value = StoredSources.SerializeFields(paper.FieldSources, paper.Sources);
        _upsertPaper.ExecuteNonQuery();

        _deleteChildren.Parameters["$id"].Value = id;
        _deleteChildren.ExecuteNonQuery();

        for (var i = 0; i < paper.Authors.Count; i++)
        {
            var a = _insertAuthor.Parameters;
            a["$id"].Value = id;
            a["$p"].Value = i;
            a["$n"].Value = paper.Authors[i].Name;
            a["$a"].Value = Db(paper.Authors[i].Affiliation);
            _insertAuthor.ExecuteNonQuery();
        }
        for (var i = 0; i < paper.Categories.Count; i++)
        {
            var c = _insertCategory.Parameters;
            c["$id"].Value = id;
            c["$p"].Value = i;
            c["$c"].Value = paper.Categories[i];
            _insertCategory.ExecuteNonQuery();
        }
        foreach (var version in paper.Versions)
        {
            var v = _insertVersion.Parameters;
            v["$id"].Value = id;
            v["$v"].Value = version.Number;
            v["$s"].Value = version.Submitted.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            v["$z"].Value = Db(version.Size);
            _insertVersion.ExecuteNonQuery();
        }
        foreach (var day in paper.ListedOn)
        {
            _insertListing.Parameters["$id"].Value = id;
            _insertListing.Parameters["$d"].Value = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            _insertListing.ExecuteNonQuery();
        }
    }

    /// <summary>Removes a paper none of whose records remain (its children go with it).</summary>
    public void Delete(ArxivId id)
    {
        _deletePaper.Parameters["$id"].Value = id.Value;
        _deletePaper.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _upsertPaper.Dispose();
        _deleteChildren.Dispose();
        _insertAuthor.Dispose();
        _insertCategory.Dispose();
        _insertVersion.Dispose();
        _insertListing.Dispose();
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
