using PaperRadar.Core.Text;

namespace PaperRadar.Core.Model;

/// <summary>
/// One paper as the store knows it: every record of its arXiv id merged (see <see cref="PaperMerger"/>), with the
/// source of each field.
/// </summary>
public sealed record Paper
{
    public required PaperId Id { get; init; }
    public required string Title { get; init; }
    public IReadOnlyList<AuthorName> Authors { get; init; } = [];

    /// <summary>
    /// The person id <c>paperradar index</c> stored for each author (same order as <see cref="Authors"/>; null where
    /// none is stored, or the entry changed since); empty when the paper was not read from a store.
    /// </summary>
    public IReadOnlyList<string?> AuthorPersonIds { get; init; } = [];

    /// <summary>The stored person id of the author at <paramref name="position"/>, if any.</summary>
    public string? PersonIdOfAuthor(int position) => position < AuthorPersonIds.Count ? AuthorPersonIds[position] : null;
    public string? Abstract { get; init; }

    /// <summary>Categories, primary first.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    public string? PrimaryCategory => Categories.Count > 0 ? Categories[0] : null;
    public string? Comments { get; init; }
    public CommentFacts CommentFacts { get; init; } = CommentFacts.None;
    public string? JournalRef { get; init; }
    public string? Doi { get; init; }
    public string? ReportNo { get; init; }
    public string? License { get; init; }
    public string? Submitter { get; init; }
    public string? MscClass { get; init; }
    public string? AcmClass { get; init; }
    public IReadOnlyList<PaperVersion> Versions { get; init; } = [];
    public IReadOnlyList<DateOnly> ListedOn { get; init; } = [];

    /// <summary>The newest version any source names, if any does.</summary>
    public int? LatestVersion { get; init; }

    /// <summary>
    /// Day of first appearance: v1's date, else the first listing day, else the earliest date a source gives for its
    /// metadata, else the first of the id's month.
    /// </summary>
    public DateOnly FirstAppeared { get; init; }

    public int Year => FirstAppeared.Year;

    /// <summary>The code repository the comments or abstract link to (see <see cref="CodeLinks"/>), if any.</summary>
    public string? CodeUrl { get; init; }

    /// <summary>The latest community snapshot (Hugging Face upvotes, comments, organisation), if any source has one.</summary>
    public CommunitySignals? Community { get; init; }

    /// <summary>
    /// The citation count a bibliographic database gives (OpenAlex's <c>cited_by_count</c>; the latest count when
    /// several records give one), counting citing papers the store may not hold; null when no source gave one.
    /// </summary>
    public CitationCount? CitedByCount { get; init; }

    /// <summary>
    /// Set when the paper's source deleted it (arXiv's OAI-PMH): it is then left out of search, listings and digests,
    /// but kept, with its records and citations, so citations naming it still resolve.
    /// </summary>
    public SourceDeletion? DeletedAtSource { get; init; }

    /// <summary>Other ids the sources know this paper by (DOI, ACL id, Semantic Scholar id), sorted.</summary>
    public IReadOnlyList<PaperId> OtherIds { get; init; } = [];

    /// <summary>Novelty and impact as <c>paperradar analyze</c> last computed them; null before any analysis.</summary>
    public PaperScores? Scores { get; init; }

    /// <summary>Every record merged into this paper, newest metadata first.</summary>
    public IReadOnlyList<SourceLocation> Sources { get; init; } = [];

    /// <summary>For each field (title, abstract, authors, ...), the record it was taken from.</summary>
    public IReadOnlyDictionary<string, SourceLocation> FieldSources { get; init; } =
        new Dictionary<string, SourceLocation>();
}
