using PaperRadar.Core.IO;

namespace PaperRadar.Storage.Import;

/// <summary>
/// Passes reads through and remembers the first read that failed (a truncated or damaged gzip member), so the
/// importer knows a file was not read to its end whatever its reader did with the error.
/// </summary>
internal sealed class FaultObservingStream(Stream inner) : ReadOnlyStream
{
    public string? Fault { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return inner.Read(buffer);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            Fault ??= e.Message;
            throw;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
