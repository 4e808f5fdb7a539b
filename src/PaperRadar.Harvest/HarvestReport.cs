using PaperRadar.Core.Model;
using PaperRadar.Storage;

namespace PaperRadar.Harvest;

/// <summary>What a harvest did, counted like an import's report (new, updated, unchanged, rejected).</summary>
public sealed class HarvestReport(string source, string endpoint)
{
    /// <summary>At most this many rejections are kept in the report; the count goes on.</summary>
    public const int RejectionsKept = 100;

    private readonly List<Rejection> _rejections = [];
    private readonly List<string> _notes = [];

    /// <summary>arxiv (OAI-PMH), arxiv-api, hf, openalex.</summary>
    public string Source { get; } = source;

    public string Endpoint { get; } = endpoint;
    public int Requests { get; set; }
    public int Pages { get; set; }
    public long Read { get; set; }
    public long New { get; set; }
    public long Updated { get; set; }
    public long Unchanged { get; set; }
    public long Rejected { get; set; }
    public long Deleted { get; set; }

    /// <summary>Outbound citations the stored records state (OpenAlex's referenced_works).</summary>
    public long References { get; set; }

    /// <summary>Works cited by the fetched ones that were looked up and found to be stored papers (OpenAlex).</summary>
    public long CitedWorksResolved { get; set; }

    /// <summary>The source said it has nothing for the request (OAI-PMH noRecordsMatch, an empty feed).</summary>
    public bool NothingNew { get; set; }

    /// <summary>An OAI-PMH list was resumed from a token stored by an earlier, interrupted harvest.</summary>
    public string? ResumedFromToken { get; set; }

    /// <summary>The OAI-PMH harvest state after the harvest.</summary>
    public HarvestState? State { get; set; }

    /// <summary>Why the harvest stopped before its end; null when it ended.</summary>
    public string? Error { get; set; }

    public IReadOnlyList<Rejection> Rejections => _rejections;

    /// <summary>What the user should know besides the counts (a restart after a bad token, ids not found).</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>0: done; 2: done with rejected records or ids not found; 1: the harvest failed.</summary>
    public int ExitCode => Error is not null ? 1 : Rejected > 0 || Missing > 0 ? 2 : 0;

    /// <summary>Ids asked for by <c>fetch</c> that the source does not have.</summary>
    public long Missing { get; set; }

    internal void Note(string note) => _notes.Add(note);

    internal void Count(IReadOnlyList<RecordOutcome> outcomes)
    {
        foreach (var outcome in outcomes)
        {
            switch (outcome)
            {
                case RecordOutcome.New: New++; break;
                case RecordOutcome.Updated: Updated++; break;
                default: Unchanged++; break;
            }
        }
    }

    internal void Reject(Rejection rejection)
    {
        Rejected++;
        if (_rejections.Count < RejectionsKept)
        {
            _rejections.Add(rejection);
        }
    }
}

/// <summary>Where a harvest is: pages and records so far, and what it is doing now.</summary>
public readonly record struct HarvestProgress(int Pages, long Records, long? Expected, string Activity);
