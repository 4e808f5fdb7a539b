using System.Globalization;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using PaperRadar.Core.Authors;
using PaperRadar.Core.Model;
using PaperRadar.Storage.Sqlite;

namespace PaperRadar.Storage;

/// <summary>What disambiguation reads of one paper: the fields its author entries' signatures are made from.</summary>
public sealed record PersonInputPaper(
    string Id, string Title, string? Abstract, int Year, string? Venue, IReadOnlyList<string> Categories, IReadOnlyList<AuthorName> Authors)
{
    public static PersonInputPaper Of(Paper paper) =>
        new(paper.Id.Value, paper.Title, paper.Abstract, paper.Year, paper.CommentFacts.Venue, paper.Categories, paper.Authors);
}

/// <summary>One author entry's stored person: who, how sure, why, and the name the entry had then.</summary>
public sealed record PersonLink(string PaperId, int Position, string Name, string Block, string PersonId, double Confidence, IReadOnlyList<string> Evidence)
{
    /// <summary>The entry as disambiguation names it ("2401.00001#3").</summary>
    public string SignatureId => PersonEntries.SignatureId(PaperId, Position);
}

/// <summary>A person id that no longer names anyone, and where its papers went.</summary>
public sealed record RetiredPersonId(string PersonId, string? Successor, string Reason);

/// <summary>One name block's people as computed, ready to store.</summary>
public sealed record PersonBlockWrite(string Block, byte[] Fingerprint, IReadOnlyList<PersonLink> Links);

/// <summary>How author entries are named as signatures.</summary>
public static class PersonEntries
{
    public static string SignatureId(string paperId, int position) => $"{paperId}#{position.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The paper and position of a signature id made by <see cref="SignatureId"/>.</summary>
    public static (string PaperId, int Position) Parse(string signatureId)
    {
        var hash = signatureId.LastIndexOf('#');
        return (signatureId[..hash], int.Parse(signatureId.AsSpan(hash + 1), CultureInfo.InvariantCulture));
    }
}

public sealed partial class PaperStore
{
    /// <summary>
    /// What disambiguation reads of every paper (<paramref name="ids"/>: only these), in no particular order (the
    /// table's own order reads fastest). Three streamed queries for the whole store instead of the per-paper child
    /// queries of <see cref="AllPapers"/>.
    /// </summary>
    public IReadOnlyList<PersonInputPaper> PersonInputPapers(IReadOnlyCollection<string>? ids = null)
    {
        if (ids is not null)
        {
            return ids.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Chunk(500)
                .SelectMany(chunk => ReadPersonInputs(chunk))
                .ToList();
        }
        return ReadPersonInputs(null);
    }

    // Read with plain data readers: Dapper's per-row mapping took ten times as long on the 394,638 author entries.
    private List<PersonInputPaper> ReadPersonInputs(IReadOnlyList<string>? ids)
    {
        SqliteCommand Command(string sql, string idColumn)
        {
            var command = _connection.CreateCommand();
            if (ids is null)
            {
                command.CommandText = string.Format(CultureInfo.InvariantCulture, sql, "");
                return command;
            }
            var names = ids.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)).ToList();
            command.CommandText = string.Format(CultureInfo.InvariantCulture, sql, $"WHERE {idColumn} IN ({string.Join(", ", names)})");
            for (var i = 0; i < ids.Count; i++)
            {
                command.Parameters.AddWithValue(names[i], ids[i]);
            }
            return command;
        }
        var authors = new Dictionary<string, List<AuthorName>>(StringComparer.Ordinal);
        using (var command = Command("SELECT paper_id, name, affiliation FROM paper_authors {0} ORDER BY paper_id, position", "paper_id"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var paperId = reader.GetString(0);
                if (!authors.TryGetValue(paperId, out var list))
                {
                    authors[paperId] = list = [];
                }
                list.Add(new AuthorName(reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
            }
        }
        var categories = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        using (var command = Command("SELECT paper_id, category FROM paper_categories {0} ORDER BY paper_id, position", "paper_id"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var paperId = reader.GetString(0);
                if (!categories.TryGetValue(paperId, out var list))
                {
                    categories[paperId] = list = [];
                }
                list.Add(reader.GetString(1));
            }
        }
        var papers = new List<PersonInputPaper>();
        using (var command = Command("SELECT id, title, abstract, year, first_appeared, venue FROM papers {0}", "id"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var id = reader.GetString(0);
                // The year as Paper.Year has it: the year of first appearance (stored as year when the day is unknown).
                var year = reader.IsDBNull(4) ? (int)reader.GetInt64(3) : int.Parse(reader.GetString(4).AsSpan(0, 4), CultureInfo.InvariantCulture);
                papers.Add(new PersonInputPaper(id, reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), year,
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    categories.TryGetValue(id, out var paperCategories) ? paperCategories : [],
                    authors.TryGetValue(id, out var paperAuthors) ? paperAuthors : []));
            }
        }
        return papers;
    }

    /// <summary>Every name block's stored fingerprint.</summary>
    public IReadOnlyDictionary<string, byte[]> PersonBlockFingerprints() =>
        _connection.Query<(string Block, byte[] Fingerprint)>("SELECT block, fingerprint FROM person_blocks")
            .ToDictionary(b => b.Block, b => b.Fingerprint, StringComparer.Ordinal);

    /// <summary>One name block's stored fingerprint, if it was ever computed.</summary>
    public byte[]? PersonBlockFingerprint(string block) =>
        _connection.QuerySingleOrDefault<byte[]?>("SELECT fingerprint FROM person_blocks WHERE block = @block", new { block });

    /// <summary>Whether disambiguation was ever stored (any block, or any correction that awaits one).</summary>
    public bool HasPersonIndex => _connection.ExecuteScalar<long>("SELECT EXISTS (SELECT 1 FROM person_blocks)") == 1;

    /// <summary>Every id a person holds or once held: a new person never gets one of them.</summary>
    public HashSet<string> PersonIdsEverUsed() => _connection.Query<string>(
            "SELECT DISTINCT person_id FROM person_links UNION SELECT person_id FROM person_retired_ids")
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether any author entry is linked to <paramref name="personId"/>.</summary>
    public bool PersonIdHeld(string personId) =>
        _connection.ExecuteScalar<long>("SELECT EXISTS (SELECT 1 FROM person_links WHERE person_id = @personId)", new { personId }) == 1;

    /// <summary>Every author entry's name (paper, position, name as written), streamed.</summary>
    public IEnumerable<(string PaperId, int Position, string Name)> AuthorEntryNames() =>
        _connection.Query<(string PaperId, long Position, string Name)>("SELECT paper_id, position, name FROM paper_authors", buffered: false)
            .Select(e => (e.PaperId, (int)e.Position, e.Name));

    public bool PersonIdEverUsed(string personId) => _connection.ExecuteScalar<long>("""
        SELECT EXISTS (SELECT 1 FROM person_links WHERE person_id = @personId)
            OR EXISTS (SELECT 1 FROM person_retired_ids WHERE person_id = @personId)
        """, new { personId }) == 1;

    /// <summary>The stored links of these blocks (stale ones included: they say which person an entry was).</summary>
    public IReadOnlyList<PersonLink> PersonLinksInBlocks(IEnumerable<string> blocks) =>
        blocks.Distinct(StringComparer.Ordinal).Chunk(500)
            .SelectMany(chunk => _connection.Query<LinkRow>("SELECT * FROM person_links WHERE block IN @chunk", new { chunk }))
            .Select(ToLink)
            .ToList();

    /// <summary>
    /// Each stored entry's person in these blocks (stale entries included: they say which person an entry was), as
    /// signature id → person id, without the evidence. Many blocks are read in one pass over the table.
    /// </summary>
    public IReadOnlyDictionary<string, (string Block, string PersonId)> PersonIdsInBlocks(IReadOnlyCollection<string> blocks)
    {
        var wanted = blocks.ToHashSet(StringComparer.Ordinal);
        var result = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        using var command = _connection.CreateCommand();
        if (wanted.Count > 1_000)
        {
            command.CommandText = "SELECT paper_id, position, block, person_id FROM person_links";
            Read();
            return result;
        }
        foreach (var chunk in wanted.Chunk(500))
        {
            command.Parameters.Clear();
            var names = chunk.Select((_, i) => "$b" + i.ToString(CultureInfo.InvariantCulture)).ToList();
            command.CommandText = $"SELECT paper_id, position, block, person_id FROM person_links WHERE block IN ({string.Join(", ", names)})";
            for (var i = 0; i < chunk.Length; i++)
            {
                command.Parameters.AddWithValue(names[i], chunk[i]);
            }
            Read();
        }
        return result;

        void Read()
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var block = reader.GetString(2);
                if (wanted.Contains(block))
                {
                    result[PersonEntries.SignatureId(reader.GetString(0), (int)reader.GetInt64(1))] = (block, reader.GetString(3));
                }
            }
        }
    }

    /// <summary>
    /// The stored links of one person whose entries still read as they did when linked (a paper re-merged with other
    /// authors since is left out until the next index), in paper order.
    /// </summary>
    public IReadOnlyList<PersonLink> PersonLinksOf(string personId) => _connection.Query<LinkRow>("""
            SELECT l.* FROM person_links l JOIN paper_authors a ON a.paper_id = l.paper_id AND a.position = l.position AND a.name = l.name
            WHERE l.person_id = @personId ORDER BY l.paper_id, l.position
            """, new { personId })
        .Select(ToLink).ToList();

    /// <summary>The person of each current author entry of these papers that has one: (paper, position) → person id.</summary>
    public IReadOnlyDictionary<(string PaperId, int Position), string> PersonIdsOfPapers(IEnumerable<string> paperIds)
    {
        var result = new Dictionary<(string, int), string>();
        foreach (var chunk in paperIds.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            foreach (var (paperId, position, personId) in _connection.Query<(string, long, string)>("""
                         SELECT l.paper_id, l.position, l.person_id FROM person_links l
                         JOIN paper_authors a ON a.paper_id = l.paper_id AND a.position = l.position AND a.name = l.name
                         WHERE l.paper_id IN @chunk
                         """, new { chunk }))
            {
                result[(paperId, (int)position)] = personId;
            }
        }
        return result;
    }

    public RetiredPersonId? RetiredPersonId(string personId) => _connection
        .QuerySingleOrDefault<(string PersonId, string? Successor, string Reason)?>(
            "SELECT person_id, successor, reason FROM person_retired_ids WHERE person_id = @personId", new { personId })
        is { } row ? new RetiredPersonId(row.PersonId, row.Successor, row.Reason) : null;

    /// <summary>
    /// Replaces the stored people of <paramref name="blocks"/> (and removes those of <paramref name="removedBlocks"/>,
    /// which no entry falls in any more), retires <paramref name="retired"/> ids, all in one transaction.
    /// </summary>
    public void WritePersonBlocks(IReadOnlyList<PersonBlockWrite> blocks, IReadOnlyCollection<string> removedBlocks,
        IReadOnlyList<RetiredPersonId> retired)
    {
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        using var transaction = _connection.BeginTransaction();
        var stored = new HashSet<string>(_connection.Query<string>("SELECT block FROM person_blocks", transaction: transaction), StringComparer.Ordinal);
        using var deleteLinks = PaperRowWriter.Prepare(_connection, transaction, "DELETE FROM person_links WHERE block = $block", "$block");
        using var deleteBlock = PaperRowWriter.Prepare(_connection, transaction, "DELETE FROM person_blocks WHERE block = $block", "$block");
        using var links = new RawStatement(_connection, "person_links",
            ["paper_id", "position", "name", "block", "person_id", "confidence", "evidence"], """
            ON CONFLICT (paper_id, position) DO UPDATE SET name = excluded.name, block = excluded.block,
                person_id = excluded.person_id, confidence = excluded.confidence, evidence = excluded.evidence
            """);
        using var block = new RawStatement(_connection, "person_blocks", ["block", "fingerprint", "entries", "people", "computed_at"], """
            ON CONFLICT (block) DO UPDATE SET fingerprint = excluded.fingerprint, entries = excluded.entries,
                people = excluded.people, computed_at = excluded.computed_at
            """);
        using var retire = new RawStatement(_connection, "person_retired_ids", ["person_id", "successor", "reason", "retired_at"], """
            ON CONFLICT (person_id) DO UPDATE SET successor = excluded.successor, reason = excluded.reason, retired_at = excluded.retired_at
            """);
        foreach (var removed in removedBlocks)
        {
            deleteLinks.Parameters["$block"].Value = removed;
            deleteLinks.ExecuteNonQuery();
            deleteBlock.Parameters["$block"].Value = removed;
            deleteBlock.ExecuteNonQuery();
        }
        foreach (var write in blocks)
        {
            if (stored.Contains(write.Block))
            {
                deleteLinks.Parameters["$block"].Value = write.Block;
                deleteLinks.ExecuteNonQuery();
            }
            foreach (var link in write.Links)
            {
                links.Insert(link.PaperId, link.Position, link.Name, link.Block, link.PersonId, link.Confidence,
                    JsonSerializer.Serialize(link.Evidence));
            }
            block.Insert(write.Block, write.Fingerprint, write.Links.Count, write.Links.Select(l => l.PersonId).Distinct(StringComparer.Ordinal).Count(), now);
        }
        foreach (var id in retired)
        {
            retire.Insert(id.PersonId, id.Successor, id.Reason, now);
        }
        transaction.Commit();
    }

    /// <summary>
    /// Gives the entries of <paramref name="personIds"/> to <paramref name="survivor"/> and retires those ids with
    /// <paramref name="reason"/>: one person, known under one id, whose old ids lead to it.
    /// </summary>
    public void JoinPersons(string survivor, IReadOnlyCollection<string> personIds, string reason)
    {
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        using var transaction = _connection.BeginTransaction();
        foreach (var id in personIds.Where(id => id != survivor))
        {
            _connection.Execute("UPDATE person_links SET person_id = @survivor WHERE person_id = @id", new { survivor, id }, transaction);
            _connection.Execute("""
                INSERT INTO person_retired_ids (person_id, successor, reason, retired_at) VALUES (@id, @survivor, @reason, @now)
                ON CONFLICT (person_id) DO UPDATE SET successor = excluded.successor, reason = excluded.reason, retired_at = excluded.retired_at
                """, new { id, survivor, reason, now }, transaction);
            // Ids retired earlier into this one now lead straight to the survivor.
            _connection.Execute("UPDATE person_retired_ids SET successor = @survivor WHERE successor = @id", new { survivor, id }, transaction);
        }
        _connection.Execute("DELETE FROM person_retired_ids WHERE person_id = @survivor", new { survivor }, transaction);
        transaction.Commit();
    }

    /// <summary>Gives some entries (signature ids) a person id of their own, before their blocks are computed again.</summary>
    public void MoveEntriesToPerson(IReadOnlyCollection<string> signatureIds, string personId)
    {
        using var transaction = _connection.BeginTransaction();
        foreach (var signature in signatureIds)
        {
            var (paperId, position) = PersonEntries.Parse(signature);
            _connection.Execute("UPDATE person_links SET person_id = @personId WHERE paper_id = @paperId AND position = @position",
                new { personId, paperId, position }, transaction);
        }
        transaction.Commit();
    }

    /// <summary>Stores a correction with the entries it is about; returns its id (corrections apply in id order).</summary>
    public long AddPersonCorrection(CorrectionKind kind, string personId, string otherPersonId,
        IReadOnlyList<PersonLink> first, IReadOnlyList<PersonLink> second)
    {
        using var transaction = _connection.BeginTransaction();
        var id = _connection.ExecuteScalar<long>("""
            INSERT INTO person_corrections (kind, person_id, other_person_id, created_at) VALUES (@kind, @personId, @otherPersonId, @now)
            RETURNING id
            """, new
        {
            kind = kind == CorrectionKind.Merge ? "merge" : "split",
            personId,
            otherPersonId,
            now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        }, transaction);
        foreach (var (links, side) in new[] { (first, 0), (second, 1) })
        {
            foreach (var link in links)
            {
                _connection.Execute("""
                    INSERT INTO person_correction_entries (correction_id, paper_id, position, name, side)
                    VALUES (@id, @PaperId, @Position, @Name, @side) ON CONFLICT DO NOTHING
                    """, new { id, link.PaperId, link.Position, link.Name, side }, transaction);
            }
        }
        transaction.Commit();
        return id;
    }

    /// <summary>
    /// Every stored correction, its entries as the papers have them now: an entry is found at its position when the
    /// name there is the same, else at the paper's first position with that name (the author list was reordered);
    /// an entry whose paper or name is gone is left out.
    /// </summary>
    public IReadOnlyList<CorrectionFact> PersonCorrectionFacts()
    {
        var corrections = _connection.Query<(long Id, string Kind, string PersonId, string OtherPersonId)>(
            "SELECT id, kind, person_id, other_person_id FROM person_corrections ORDER BY id").ToList();
        if (corrections.Count == 0)
        {
            return [];
        }
        var entries = _connection.Query<(long CorrectionId, string PaperId, long Position, string Name, long Side)>(
                "SELECT correction_id, paper_id, position, name, side FROM person_correction_entries ORDER BY correction_id, paper_id, position")
            .ToList();
        var authors = _connection.Query<(string PaperId, long Position, string Name)>(
                "SELECT paper_id, position, name FROM paper_authors WHERE paper_id IN (SELECT DISTINCT paper_id FROM person_correction_entries) ORDER BY paper_id, position")
            .ToLookup(a => a.PaperId, a => ((int)a.Position, a.Name), StringComparer.Ordinal);
        string? Resolve(string paperId, int position, string name)
        {
            var current = authors[paperId].ToList();
            if (current.Any(a => a.Item1 == position && a.Name == name))
            {
                return PersonEntries.SignatureId(paperId, position);
            }
            var moved = current.FirstOrDefault(a => a.Name == name);
            return moved.Name is null ? null : PersonEntries.SignatureId(paperId, moved.Item1);
        }
        var byCorrection = entries.ToLookup(e => e.CorrectionId);
        return corrections.Select(c =>
        {
            List<string> Side(int side) => byCorrection[c.Id].Where(e => e.Side == side)
                .Select(e => Resolve(e.PaperId, (int)e.Position, e.Name)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            return new CorrectionFact(c.Id, c.Kind == "merge" ? CorrectionKind.Merge : CorrectionKind.Split, c.PersonId, c.OtherPersonId,
                Side(0), Side(1));
        }).ToList();
    }

    private static PersonLink ToLink(LinkRow row) => new(row.paper_id, (int)row.position, row.name, row.block, row.person_id, row.confidence,
        JsonSerializer.Deserialize<List<string>>(row.evidence) ?? []);

#pragma warning disable IDE1006, CA1812 // names mirror the columns; instantiated by Dapper
    private sealed record LinkRow(string paper_id, long position, string name, string block, string person_id, double confidence, string evidence);
#pragma warning restore IDE1006, CA1812
}
