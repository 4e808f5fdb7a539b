using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PaperRadar.Storage.Sqlite;

/// <summary>
/// The store's schema as an ordered list of migrations. A store file records the version it is at in
/// <c>schema_version</c>; opening it applies the missing ones, each in its own transaction.
/// </summary>
public static class Migrations
{
    public static readonly IReadOnlyList<(int Version, string Description, string Sql)> All =
    [
        (1, "papers, their authors, categories, versions and listing days; the source records they merge", """
            CREATE TABLE papers (
                id TEXT PRIMARY KEY,
                title TEXT NOT NULL,
                abstract TEXT,
                primary_category TEXT,
                comments TEXT,
                pages INTEGER,
                figures INTEGER,
                tables INTEGER,
                venue TEXT,
                publication_status TEXT,
                journal_ref TEXT,
                doi TEXT,
                report_no TEXT,
                license TEXT,
                submitter TEXT,
                msc_class TEXT,
                acm_class TEXT,
                latest_version INTEGER,
                year INTEGER NOT NULL,
                sources TEXT NOT NULL,
                field_sources TEXT NOT NULL
            );
            CREATE TABLE paper_authors (
                paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                name TEXT NOT NULL,
                affiliation TEXT,
                PRIMARY KEY (paper_id, position)
            ) WITHOUT ROWID;
            CREATE TABLE paper_categories (
                paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                category TEXT NOT NULL,
                PRIMARY KEY (paper_id, position)
            ) WITHOUT ROWID;
            CREATE TABLE paper_versions (
                paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
                version INTEGER NOT NULL,
                submitted TEXT NOT NULL,
                size TEXT,
                PRIMARY KEY (paper_id, version)
            ) WITHOUT ROWID;
            CREATE TABLE paper_listings (
                paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
                day TEXT NOT NULL,
                PRIMARY KEY (paper_id, day)
            ) WITHOUT ROWID;
            CREATE TABLE source_records (
                id INTEGER PRIMARY KEY,
                source_file TEXT NOT NULL,
                line INTEGER NOT NULL,
                format TEXT NOT NULL,
                paper_id TEXT NOT NULL,
                content_hash BLOB NOT NULL,
                payload BLOB NOT NULL,
                UNIQUE (source_file, line)
            );
            CREATE INDEX source_records_paper ON source_records (paper_id);
            """),
        (2, "indices for listings by category, day and year; a log of import runs", """
            CREATE INDEX paper_categories_category ON paper_categories (category, paper_id);
            CREATE INDEX paper_listings_day ON paper_listings (day, paper_id);
            CREATE INDEX papers_year ON papers (year);
            CREATE TABLE import_runs (
                id INTEGER PRIMARY KEY,
                started_at TEXT NOT NULL,
                finished_at TEXT,
                files INTEGER NOT NULL DEFAULT 0,
                read INTEGER NOT NULL DEFAULT 0,
                new INTEGER NOT NULL DEFAULT 0,
                updated INTEGER NOT NULL DEFAULT 0,
                unchanged INTEGER NOT NULL DEFAULT 0,
                rejected INTEGER NOT NULL DEFAULT 0
            );
            """),
        (3, "store facts: which version of the merge derived the stored papers", """
            CREATE TABLE store_meta (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            );
            """),
        (4, "day of first appearance and code link of each paper; the keyword index (FTS5) and the stored vectors", """
            ALTER TABLE papers ADD COLUMN first_appeared TEXT;
            ALTER TABLE papers ADD COLUMN code_url TEXT;
            CREATE INDEX papers_first_appeared ON papers (first_appeared);
            CREATE INDEX paper_authors_name ON paper_authors (name COLLATE NOCASE);
            CREATE VIRTUAL TABLE paper_text USING fts5 (
                title, abstract, authors, comments,
                tokenize = 'porter unicode61 remove_diacritics 2'
            );
            CREATE TABLE paper_text_state (
                paper_rowid INTEGER PRIMARY KEY,
                text_hash BLOB NOT NULL
            );
            CREATE TABLE embedders (
                name TEXT PRIMARY KEY,
                dimensions INTEGER NOT NULL,
                trained_on INTEGER NOT NULL,
                created_at TEXT NOT NULL,
                model BLOB
            );
            CREATE TABLE paper_vectors (
                embedder TEXT NOT NULL REFERENCES embedders(name) ON DELETE CASCADE,
                paper_rowid INTEGER NOT NULL,
                text_hash BLOB NOT NULL,
                vector BLOB NOT NULL,
                PRIMARY KEY (embedder, paper_rowid)
            ) WITHOUT ROWID;
            CREATE TABLE vector_indexes (
                embedder TEXT PRIMARY KEY REFERENCES embedders(name) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                vector_count INTEGER NOT NULL,
                vectors_hash BLOB NOT NULL,
                built_at TEXT NOT NULL,
                graph BLOB NOT NULL
            );
            """),
        (5, "community signals of each paper (Hugging Face upvotes, comments, submitter, organisation, day featured)", """
            ALTER TABLE papers ADD COLUMN upvotes INTEGER;
            ALTER TABLE papers ADD COLUMN community_comments INTEGER;
            ALTER TABLE papers ADD COLUMN community_day TEXT;
            ALTER TABLE papers ADD COLUMN community_submitted_by TEXT;
            ALTER TABLE papers ADD COLUMN organisation TEXT;
            """),
        (6, "harvest state per endpoint, set and metadata format: the last complete datestamp and the pending resumption token", """
            CREATE TABLE harvest_state (
                endpoint TEXT NOT NULL,
                set_spec TEXT NOT NULL,
                metadata_prefix TEXT NOT NULL,
                last_complete_datestamp TEXT,
                pending_token TEXT,
                pending_from TEXT,
                pending_until TEXT,
                pending_latest_datestamp TEXT,
                pending_records INTEGER NOT NULL DEFAULT 0,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (endpoint, set_spec, metadata_prefix)
            ) WITHOUT ROWID;
            """),
        (7, "citations as their sources state them, and the other ids (DOI, ACL, Semantic Scholar) papers are known by", """
            CREATE TABLE paper_aliases (
                alias TEXT NOT NULL,
                paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
                PRIMARY KEY (alias, paper_id)
            ) WITHOUT ROWID;
            CREATE INDEX paper_aliases_paper ON paper_aliases (paper_id);
            CREATE TABLE citations (
                source_file TEXT NOT NULL,
                line INTEGER NOT NULL,
                citing TEXT NOT NULL,
                cited TEXT NOT NULL,
                PRIMARY KEY (source_file, line, citing, cited)
            ) WITHOUT ROWID;
            CREATE INDEX citations_cited ON citations (cited, citing);
            CREATE INDEX citations_citing ON citations (citing, cited);
            -- Each end of a citation as the paper the store knows it by: a DOI or ACL id that names a stored paper
            -- resolves to that paper's id; an id the store does not know stays as it is (the citation still counts).
            CREATE VIEW resolved_citations AS
            SELECT
                COALESCE((SELECT a.paper_id FROM paper_aliases a WHERE a.alias = c.citing ORDER BY a.paper_id LIMIT 1), c.citing) AS citing,
                COALESCE((SELECT a.paper_id FROM paper_aliases a WHERE a.alias = c.cited ORDER BY a.paper_id LIMIT 1), c.cited) AS cited
            FROM citations c;
            """),
        (8, "novelty and impact scores per paper with what explains them (paperradar analyze)", """
            -- A paper's novelty: computed from the vector (embedder, text_hash) and the set of earlier papers it was
            -- compared with (earlier_papers, earlier_fingerprint: the XOR of their identities); a row whose inputs
            -- changed is recomputed, the others are kept.
            CREATE TABLE paper_novelty (
                paper_id TEXT PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
                embedder TEXT NOT NULL,
                text_hash BLOB NOT NULL,
                earlier_papers INTEGER NOT NULL,
                earlier_fingerprint INTEGER NOT NULL,
                distance REAL,
                percentile REAL,
                peer_group TEXT,
                nearest TEXT NOT NULL,
                nearest_matured TEXT NOT NULL,
                unscored TEXT
            ) WITHOUT ROWID;
            CREATE TABLE paper_impact (
                paper_id TEXT PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
                field TEXT NOT NULL,
                outcome TEXT,
                score REAL,
                expected REAL,
                factors TEXT NOT NULL,
                unscored TEXT
            ) WITHOUT ROWID;
            """),
        (9, "subscriptions, their confirmation tokens, and the outbox of confirmation and digest mails", """
            CREATE TABLE subscriptions (
                id INTEGER PRIMARY KEY,
                email TEXT NOT NULL COLLATE NOCASE,
                kind TEXT NOT NULL,
                target TEXT NOT NULL,
                frequency TEXT NOT NULL,
                created_at TEXT NOT NULL,
                confirmed_at TEXT,
                unsubscribed_at TEXT,
                last_period TEXT,
                covered_through TEXT,
                model BLOB,
                model_key TEXT,
                UNIQUE (email, kind, target, frequency)
            );
            CREATE TABLE subscription_tokens (
                token_hash BLOB PRIMARY KEY,
                subscription_id INTEGER NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
                purpose TEXT NOT NULL,
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                used_at TEXT
            ) WITHOUT ROWID;
            CREATE TABLE subscription_requests (
                email TEXT NOT NULL COLLATE NOCASE,
                client TEXT NOT NULL,
                requested_at TEXT NOT NULL
            );
            CREATE INDEX subscription_requests_email ON subscription_requests (email, requested_at);
            CREATE TABLE outbox (
                id INTEGER PRIMARY KEY,
                message_id TEXT NOT NULL UNIQUE,
                subscription_id INTEGER REFERENCES subscriptions(id) ON DELETE SET NULL,
                purpose TEXT NOT NULL,
                period TEXT,
                recipient TEXT NOT NULL,
                covered_from TEXT,
                covered_through TEXT,
                paper_ids TEXT NOT NULL DEFAULT '',
                message BLOB NOT NULL,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at TEXT NOT NULL,
                last_error TEXT,
                claimed_by TEXT,
                created_at TEXT NOT NULL,
                sent_at TEXT,
                UNIQUE (subscription_id, period)
            );
            CREATE INDEX outbox_status ON outbox (status, next_attempt_at);
            """),
        (10, "people: each author entry's stored person id with its confidence and evidence, the blocks they were computed from, retired ids, and user corrections as facts", """
            -- One row per author entry (paper, position) that disambiguation attributed: its person, how sure, why.
            -- The name is the entry's name when it was attributed; a paper re-merged with other authors since then
            -- leaves rows whose name no longer matches, which readers skip and the next index replaces.
            CREATE TABLE person_links (
                paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                name TEXT NOT NULL,
                block TEXT NOT NULL,
                person_id TEXT NOT NULL,
                confidence REAL NOT NULL,
                evidence TEXT NOT NULL,
                PRIMARY KEY (paper_id, position)
            ) WITHOUT ROWID;
            CREATE INDEX person_links_person ON person_links (person_id);
            CREATE INDEX person_links_block ON person_links (block);
            -- Each name block as last disambiguated: the fingerprint of everything that went in (the entries, their
            -- papers' fields, the corrections); a block whose fingerprint is unchanged is not computed again.
            CREATE TABLE person_blocks (
                block TEXT PRIMARY KEY,
                fingerprint BLOB NOT NULL,
                entries INTEGER NOT NULL,
                people INTEGER NOT NULL,
                computed_at TEXT NOT NULL
            ) WITHOUT ROWID;
            -- Ids no person holds any more, and the person most of their papers went to, so old links still lead somewhere.
            CREATE TABLE person_retired_ids (
                person_id TEXT PRIMARY KEY,
                successor TEXT,
                reason TEXT NOT NULL,
                retired_at TEXT NOT NULL
            ) WITHOUT ROWID;
            -- Users' corrections, kept as facts about author entries (not about ids, which disambiguation may redraw):
            -- merge: side 0 = the first person's entries, side 1 = the second's; split: side 0 = the entries moved out
            -- (to other_person_id), side 1 = the ones left. No foreign key to papers: a fact outlives a paper's removal.
            CREATE TABLE person_corrections (
                id INTEGER PRIMARY KEY,
                kind TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
                person_id TEXT NOT NULL,
                other_person_id TEXT NOT NULL,
                created_at TEXT NOT NULL
            );
            CREATE TABLE person_correction_entries (
                correction_id INTEGER NOT NULL REFERENCES person_corrections(id) ON DELETE CASCADE,
                paper_id TEXT NOT NULL,
                position INTEGER NOT NULL,
                name TEXT NOT NULL,
                side INTEGER NOT NULL CHECK (side IN (0, 1)),
                PRIMARY KEY (correction_id, paper_id, position)
            ) WITHOUT ROWID;
            """),
        (11, "citation counts a bibliographic database gives (OpenAlex cited_by_count); papers deleted at their source (OAI-PMH deleted records)", """
            ALTER TABLE papers ADD COLUMN cited_by_count INTEGER;
            ALTER TABLE papers ADD COLUMN cited_by_count_day TEXT;
            ALTER TABLE papers ADD COLUMN cited_by_count_source TEXT;
            -- A paper its source says is deleted (an OAI-PMH header with status="deleted"): the paper's row, records
            -- and citations stay (citations to it still resolve) but it leaves search, listings and feeds.
            CREATE TABLE paper_deletions (
                paper_id TEXT PRIMARY KEY,
                deleted_at TEXT NOT NULL,
                source TEXT NOT NULL,
                recorded_at TEXT NOT NULL
            ) WITHOUT ROWID;
            """),
        (12, "outbox: when a message was last handed whole to the mail server (status in-doubt: handed over, the server's answer never read)", """
            ALTER TABLE outbox ADD COLUMN transmitted_at TEXT;
            """),
        (13, "when each OpenAlex work was last fetched, so serve refreshes the oldest citation counts first", """
            -- Keyed like the work's stored record (source_records.source_file: the URL that returns the work alone).
            CREATE TABLE openalex_fetches (
                source_file TEXT PRIMARY KEY,
                fetched_at TEXT NOT NULL
            ) WITHOUT ROWID;
            """),
    ];

    public static int LatestVersion => All[^1].Version;

    /// <summary>
    /// The indices that only serve lookups (by author name, category, day, year): no import reads them. A bulk
    /// import drops them and builds them again at its end (<see cref="PaperStore.SuspendLookupIndices"/>), which on
    /// the astro-ph listings took 0.9 s where keeping them up to date row by row cost ~10 s. Each names the
    /// migration that created it; the statements match those migrations'.
    /// </summary>
    public static readonly (int Version, string Name, string Create)[] LookupIndices =
    [
        (2, "paper_categories_category", "CREATE INDEX IF NOT EXISTS paper_categories_category ON paper_categories (category, paper_id)"),
        (2, "paper_listings_day", "CREATE INDEX IF NOT EXISTS paper_listings_day ON paper_listings (day, paper_id)"),
        (2, "papers_year", "CREATE INDEX IF NOT EXISTS papers_year ON papers (year)"),
        (4, "papers_first_appeared", "CREATE INDEX IF NOT EXISTS papers_first_appeared ON papers (first_appeared)"),
        (4, "paper_authors_name", "CREATE INDEX IF NOT EXISTS paper_authors_name ON paper_authors (name COLLATE NOCASE)"),
    ];

    /// <summary>
    /// Builds any lookup index a store at this version should have and lacks: after a bulk import was killed
    /// between dropping and rebuilding them, the next open restores them.
    /// </summary>
    internal static void RestoreLookupIndices(SqliteConnection connection)
    {
        var version = CurrentVersion(connection);
        using var command = connection.CreateCommand();
        // Building an index is a sort; SQLite may use helper threads for it. At the end of an import the reader
        // thread has stopped, so a second core is free.
        command.CommandText = $"PRAGMA threads = {Math.Min(Environment.ProcessorCount, 4)}";
        command.ExecuteNonQuery();
        foreach (var (_, _, create) in LookupIndices.Where(i => i.Version <= version))
        {
            command.CommandText = create;
            command.ExecuteNonQuery();
        }
        command.CommandText = "PRAGMA threads = 0";
        command.ExecuteNonQuery();
    }


    public static int CurrentVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'";
        if (Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            return 0;
        }
        command.CommandText = "SELECT coalesce(max(version), 0) FROM schema_version";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Brings the store to <paramref name="targetVersion"/> (default: the latest this program knows).</summary>
    public static void Apply(SqliteConnection connection, string storePath, int? targetVersion = null)
    {
        var target = targetVersion ?? LatestVersion;
        using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE IF NOT EXISTS schema_version (
                    version INTEGER PRIMARY KEY,
                    description TEXT NOT NULL,
                    applied_at TEXT NOT NULL
                )
                """;
            create.ExecuteNonQuery();
        }
        var current = CurrentVersion(connection);
        if (current > LatestVersion)
        {
            throw new StoreException(
                $"{storePath} is at schema version {current}, newer than this program's {LatestVersion}; " +
                "upgrade PaperRadar to open it (the file was left untouched)");
        }
        foreach (var (version, description, sql) in All.Where(m => m.Version > current && m.Version <= target))
        {
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.ExecuteNonQuery();
            command.CommandText = "INSERT INTO schema_version (version, description, applied_at) VALUES ($v, $d, $t)";
            command.Parameters.AddWithValue("$v", version);
            command.Parameters.AddWithValue("$d", description);
            command.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            command.ExecuteNonQuery();
            transaction.Commit();
        }
    }
}

/// <summary>The store cannot do what was asked; the message says which file and why.</summary>
public sealed class StoreException(string message, Exception? inner = null) : Exception(message, inner);
