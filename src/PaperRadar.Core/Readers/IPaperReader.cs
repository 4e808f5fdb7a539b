using PaperRadar.Core.Model;

namespace PaperRadar.Core.Readers;

/// <summary>Reads one source format as a stream of records; never touches the store.</summary>
public interface IPaperReader
{
    /// <summary>The format's name, as given to <c>--format</c> and shown in provenance.</summary>
    string Format { get; }

    /// <summary>
    /// Reads the records of one file in order, in constant memory. A malformed record yields a rejection and the
    /// reader goes on with the next; a damaged stream yields a last rejection and ends.
    /// </summary>
    /// <param name="stream">The decompressed content.</param>
    /// <param name="sourcePath">The file's path, for provenance (and, for some formats, the listing day in its name).</param>
    IEnumerable<ReadOutcome> Read(Stream stream, string sourcePath, CancellationToken cancellationToken = default);
}
