using PaperRadar.Core.Model;

namespace PaperRadar.Core.Readers;

/// <summary>
/// What an OAI-PMH response says besides its paper records, filled in by <see cref="OaiPmhReader"/> as it reads:
/// complete once the records have been enumerated. A harvester reads it after each page: the resumption token to
/// ask for next, the errors (<c>noRecordsMatch</c> means nothing new; <c>badResumptionToken</c> means start again),
/// the deleted records, and the latest datestamp seen.
/// </summary>
public sealed class OaiPmhResponse
{
    private readonly Dictionary<string, string> _request = new(StringComparer.Ordinal);
    private readonly List<OaiPmhError> _errors = [];
    private readonly List<OaiPmhDeletedRecord> _deleted = [];

    /// <summary>When the repository answered (<c>&lt;responseDate&gt;</c>).</summary>
    public DateTimeOffset? ResponseDate { get; internal set; }

    /// <summary>The repository's base URL, as its <c>&lt;request&gt;</c> element gives it.</summary>
    public string? BaseUrl { get; internal set; }

    /// <summary>The arguments of the request answered (verb, metadataPrefix, set, from, until, resumptionToken…).</summary>
    public IReadOnlyDictionary<string, string> Request => _request;

    /// <summary>The verb of the response's body (<c>ListRecords</c>, <c>GetRecord</c>, …); null for an error response.</summary>
    public string? Verb { get; internal set; }

    /// <summary>The metadata format of the records (<c>arXivRaw</c>, <c>arXiv</c>, <c>dc</c>), from the first one.</summary>
    public string? MetadataFormat { get; internal set; }

    /// <summary>The OAI-PMH errors the response carries instead of records.</summary>
    public IReadOnlyList<OaiPmhError> Errors => _errors;

    /// <summary>Records whose header says <c>status="deleted"</c>: no paper record, and not an error either.</summary>
    public IReadOnlyList<OaiPmhDeletedRecord> Deleted => _deleted;

    /// <summary>Records with metadata, accepted or rejected (deleted ones are counted in <see cref="Deleted"/>).</summary>
    public int Records { get; internal set; }

    /// <summary>The latest header datestamp of the page, deleted records included.</summary>
    public DateTimeOffset? LatestDatestamp { get; private set; }

    /// <summary>
    /// The resumption token of a list response: null when there is none (a complete list in one page, or a
    /// GetRecord); a token with an empty <see cref="OaiPmhResumptionToken.Token"/> marks the last page.
    /// </summary>
    public OaiPmhResumptionToken? ResumptionToken { get; internal set; }

    /// <summary>Whether the document was read to its end; false for a response that was cut short or malformed.</summary>
    public bool Complete { get; internal set; }

    /// <summary>Why the document could not be read to its end, when it could not.</summary>
    public string? Damage { get; internal set; }

    internal void AddRequestArgument(string name, string value) => _request[name] = value;

    internal void AddError(OaiPmhError error) => _errors.Add(error);

    internal void AddDeleted(OaiPmhDeletedRecord deleted) => _deleted.Add(deleted);

    internal void SawDatestamp(DateTimeOffset datestamp)
    {
        if (LatestDatestamp is null || datestamp > LatestDatestamp)
        {
            LatestDatestamp = datestamp;
        }
    }
}

/// <summary>An OAI-PMH error: its code (<c>badResumptionToken</c>, <c>noRecordsMatch</c>, …), message and line.</summary>
public sealed record OaiPmhError(string Code, string Message, long Line)
{
    /// <summary><c>noRecordsMatch</c>: the request was fine and there is nothing to harvest.</summary>
    public bool MeansNothingNew => Code == "noRecordsMatch";
}

/// <summary>A deleted record: its OAI identifier (and the arXiv id it names), its datestamp and line.</summary>
public sealed record OaiPmhDeletedRecord(string? Identifier, ArxivId? Id, DateTimeOffset? Datestamp, long Line);

/// <summary>
/// A resumption token with its attributes; arXiv's are <c>&lt;id&gt;|&lt;next cursor + 1&gt;</c>
/// (<c>496549|47001</c>).
/// </summary>
public sealed record OaiPmhResumptionToken(string Token, long? Cursor, long? CompleteListSize, DateTimeOffset? ExpirationDate)
{
    /// <summary>The empty token that ends a list: there is no next page.</summary>
    public bool EndsList => Token.Length == 0;
}
