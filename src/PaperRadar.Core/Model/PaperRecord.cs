namespace PaperRadar.Core.Model;

/// <summary>Where a fact came from: the source file, the line its record starts on, and the reader's format.</summary>
public sealed record SourceLocation(string File, long Line, string Format)
{
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>An author name as written on a paper, with the affiliation the source gives for it.</summary>
public sealed record AuthorName(string Name, string? Affiliation = null);

/// <summary>One version of a paper: v1 is the first submission.</summary>
public sealed record PaperVersion(int Number, DateTimeOffset Submitted, string? Size = null);

/// <summary>
/// What one source record says about one paper. Readers produce these; the store merges all the records of one
/// id into the paper. Nullable fields are the ones a format may not carry.
/// </summary>
public sealed record PaperRecord
{
    public required PaperId Id { get; init; }

    /// <summary>The version the metadata describes, when the source says (e.g. the latest of <see cref="Versions"/>).</summary>
    public int? Version { get; init; }

    public required string Title { get; init; }
    public IReadOnlyList<AuthorName> Authors { get; init; } = [];
    public string? Abstract { get; init; }

    /// <summary>Categories, primary first.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    public string? Comments { get; init; }
    public string? JournalRef { get; init; }
    public string? Doi { get; init; }
    public string? ReportNo { get; init; }
    public string? License { get; init; }
    public string? Submitter { get; init; }
    public string? MscClass { get; init; }
    public string? AcmClass { get; init; }
    public IReadOnlyList<PaperVersion> Versions { get; init; } = [];

    /// <summary>Days this paper appeared in a listing (a daily file's day, a mailing's day).</summary>
    public IReadOnlyList<DateOnly> ListedOn { get; init; } = [];

    /// <summary>Upvotes and the like from a community site that featured the paper, when this record comes from one.</summary>
    public CommunitySignals? Community { get; init; }

    /// <summary>Year of publication, from sources that date papers by year only (ACL venues, Semantic Scholar).</summary>
    public int? Year { get; init; }

    /// <summary>Where the paper was published, when the source names it as such (ACL: "EMNLP").</summary>
    public string? Venue { get; init; }

    // The two lists below are null rather than empty when a source has none, so that records of the formats that never
    // carry them serialize (and hash) exactly as they did before the fields existed: re-importing a file into an older
    // store then finds its records unchanged.

    /// <summary>Other ids this source knows the paper by (its DOI, ACL id, Semantic Scholar id): records are linked by them.</summary>
    public IReadOnlyList<PaperId>? OtherIds { get; init; }

    /// <summary>The papers this one cites, as the source names them (they need not be in the store).</summary>
    public IReadOnlyList<PaperId>? References { get; init; }

    /// <summary>Papers the source says cite this one (Semantic Scholar lists both directions).</summary>
    public IReadOnlyList<PaperId>? CitedBy { get; init; }

    /// <summary>How often a bibliographic database says the paper is cited (OpenAlex), when this record comes from one.</summary>
    public CitationCount? CitedByCount { get; init; }

    /// <summary>When the metadata in this record was current: the latest version's date, or the listing day.</summary>
    public DateTimeOffset? AsOf { get; init; }

    public required SourceLocation Source { get; init; }
}
