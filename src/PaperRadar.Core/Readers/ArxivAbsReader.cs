using PaperRadar.Core.IO;
using PaperRadar.Core.Model;

namespace PaperRadar.Core.Readers;

/// <summary>
/// arXiv's per-paper <c>.abs</c> files (<c>ftp/&lt;archive&gt;/papers/&lt;yymm&gt;/&lt;id&gt;.abs</c>): the same header as
/// the listings (<see cref="ArxivHeaderBlock"/>) with the full version history, then the abstract between
/// <c>\\</c> lines. Files under <c>orig/</c> (<c>&lt;id&gt;v1.abs</c>) describe superseded versions and read the same
/// way; their dates simply stop at that version.
/// </summary>
/// <remarks>
/// A line of just <c>\\</c> inside an abstract is a TeX line break, not the end: only the last one closes it.
/// </remarks>
public sealed class ArxivAbsReader(LineReader? lines = null) : IPaperReader
{
    public const string FormatName = "arxiv-abs";

    private readonly LineReader _lines = lines ?? new LineReader();

    public string Format => FormatName;

    public IEnumerable<ReadOutcome> Read(Stream stream, string sourcePath, CancellationToken cancellationToken = default)
    {
        var any = false;
        foreach (var outcome in ArxivListingReader.ReadRecords(_lines, stream, sourcePath, Format, cancellationToken))
        {
            any = true;
            yield return outcome;
        }
        if (!any)
        {
            yield return ReadOutcome.Reject(new SourceLocation(sourcePath, 1, Format),
                "the file holds no record (no 'arXiv:' id line)");
        }
    }
}
