using System.Threading.Channels;
using PaperRadar.Core.IO;
using PaperRadar.Core.Model;
using PaperRadar.Core.Readers;

namespace PaperRadar.Storage.Import;

public sealed record ImportOptions
{
    /// <summary>Read every file as this format instead of detecting it.</summary>
    public string? Format { get; init; }

    /// <summary>Records per transaction: large enough to be fast, small enough that a kill loses little work.</summary>
    public int BatchSize { get; init; } = 2_000;

    /// <summary>
    /// Whether to drop the lookup indices for the import and build them at its end; null decides by size: an
    /// import of at least 8 MiB of files that is at least an eighth of the store's size. Building an index costs
    /// time in proportion to the whole store, updating it in proportion to the rows written (about twelve times as
    /// much per row, measured on the astro-ph listings), so the break-even is near an eighth.
    /// </summary>
    public bool? RebuildLookupIndices { get; init; }
}

/// <summary>What happened to one file.</summary>
public sealed class FileImportResult(string path)
{
    public string Path { get; } = path;
    public string? Format { get; set; }
    public long Read { get; set; }
    public long New { get; set; }
    public long Updated { get; set; }
    public long Unchanged { get; set; }
    public long Rejected { get; set; }

    /// <summary>Records saying their source deleted a paper (OAI-PMH deleted headers): the papers are marked deleted.</summary>
    public long Deleted { get; set; }

    /// <summary>Records stored from an earlier version of this file at lines that no longer hold them.</summary>
    public long Removed { get; set; }

    /// <summary>Why the file could not be read (entirely, or past some point); null when it was read to its end.</summary>
    public string? Error { get; set; }

    /// <summary>Found while walking a folder, and not in a format this build reads; not an error.</summary>
    public bool Skipped { get; set; }
}

public sealed record ImportReport(IReadOnlyList<FileImportResult> Files)
{
    public long Read => Files.Sum(f => f.Read);
    public long New => Files.Sum(f => f.New);
    public long Updated => Files.Sum(f => f.Updated);
    public long Unchanged => Files.Sum(f => f.Unchanged);
    public long Rejected => Files.Sum(f => f.Rejected);
    public long Deleted => Files.Sum(f => f.Deleted);

    /// <summary>0: everything imported; 2: some records or files were rejected; 1: nothing could be imported.</summary>
    public int ExitCode
    {
        get
        {
            var attempted = Files.Where(f => !f.Skipped).ToList();
            if (attempted.Count == 0 || attempted.All(f => f.Error is not null && f.Read == 0))
            {
                return 1;
            }
            return attempted.Any(f => f.Error is not null || f.Rejected > 0) ? 2 : 0;
        }
    }
}

public readonly record struct ImportProgress(long Records, long BytesRead, long BytesTotal, int FilesDone, int FilesTotal);

/// <summary>
/// Reads files with their format's reader on one thread and writes batches to the store on another. Each batch is
/// one transaction, so a killed import leaves a consistent store, and running it again finishes the job.
/// </summary>
public sealed class Importer(PaperStore store, ImportOptions? options = null)
{
    private readonly ImportOptions _options = options ?? new ImportOptions();

    /// <summary>Files to import: each path given, and every file under each folder given (in name order).</summary>
    public static IReadOnlyList<(string Path, bool Named)> ExpandPaths(IEnumerable<string> paths)
    {
        var files = new List<(string, bool)>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => !System.IO.Path.GetFileName(f).StartsWith('.'))
                    .Order(StringComparer.Ordinal)
                    .Select(f => (RealPath(f), false)));
            }
            else
            {
                files.Add((RealPath(path), true));
            }
        }
        // A file named twice (or through a link) is read once: its records are keyed by its path.
        return files.DistinctBy(f => f.Item1, StringComparer.Ordinal).ToList();
    }

    /// <summary>The absolute path with symbolic links resolved, so one file always has one key in the store.</summary>
    private static string RealPath(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        try
        {
            return new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException)
        {
            return full;
        }
    }

    public ImportReport Import(
        IEnumerable<string> paths,
        Action<Rejection>? onRejected = null,
        IProgress<ImportProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        if (store.DerivedPapersAreStale)
        {
            store.RederiveAllPapers();
        }
        var files = ExpandPaths(paths);
        var results = files.Select(f => new FileImportResult(f.Path)).ToArray();
        var sizes = files.Select(f => File.Exists(f.Path) ? new FileInfo(f.Path).Length : 0).ToArray();
        var bytesTotal = sizes.Sum();
        var rebuildIndices = _options.RebuildLookupIndices
            ?? (bytesTotal >= 8L << 20 && bytesTotal >= store.FileBytes / 8);
        using var suspendedIndices = rebuildIndices ? store.SuspendLookupIndices() : null;
        // Bounded: the reader runs ahead of the writer by at most a few MB, which keeps peak memory flat.
        var channel = Channel.CreateBounded<Item>(new BoundedChannelOptions(2_048)
        {
            SingleReader = true,
            SingleWriter = true,
        });
        long bytesDone = 0;
        using var readerFailed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() => Produce(files, sizes, results, channel.Writer,
            b => Interlocked.Exchange(ref bytesDone, b), readerFailed.Token), readerFailed.Token);

        var pending = new List<(int File, PreparedRecord Record)>(_options.BatchSize);
        var pendingCitations = new List<(int File, CitationEdge Edge)>(_options.BatchSize);
        // What the records of OAI-PMH responses say about deletions, in file order, stored with the records they came
        // with: a deleted header marks its paper, a record with metadata lifts an earlier mark (as a harvest does).
        var pendingMarks = new List<(PaperId Id, SourceDeletion? Deletion)>();
        // Files are read one after another, so only the current file's lines need remembering, until its records are
        // written: a batch spans files (many day files hold a few hundred records each, and a commit per file rewrote
        // pages all over the store), so a finished file waits for the next flush before its unseen lines are retired.
        var seenLines = new HashSet<long>();
        var finishedFiles = new List<(int File, HashSet<long> SeenLines)>();
        long records = 0;
        var filesDone = 0;

        void ReportProgress() =>
            progress?.Report(new ImportProgress(records, Interlocked.Read(ref bytesDone), bytesTotal, filesDone, files.Count));

        void Count(int file, RecordOutcome outcome)
        {
            var result = results[file];
            switch (outcome)
            {
                case RecordOutcome.New: result.New++; break;
                case RecordOutcome.Updated: result.Updated++; break;
                default: result.Unchanged++; break;
            }
        }

        void Flush()
        {
            if (pending.Count > 0 || pendingMarks.Count > 0)
            {
                var outcomes = store.WriteRecords(pending.Select(p => p.Record).ToList(), pendingMarks);
                for (var i = 0; i < outcomes.Count; i++)
                {
                    Count(pending[i].File, outcomes[i]);
                }
                pending.Clear();
                pendingMarks.Clear();
            }
            if (pendingCitations.Count > 0)
            {
                var outcomes = store.WriteCitations(pendingCitations.Select(p => p.Edge).ToList());
                for (var i = 0; i < outcomes.Count; i++)
                {
                    Count(pendingCitations[i].File, outcomes[i]);
                }
                pendingCitations.Clear();
            }
            foreach (var (file, seen) in finishedFiles)
            {
                results[file].Removed = store.RemoveRecordsNotSeen(results[file].Path, seen);
            }
            finishedFiles.Clear();
            ReportProgress();
        }

        try
        {
            while (channel.Reader.WaitToReadAsync(cancellationToken).AsTask().GetAwaiter().GetResult())
            {
                while (channel.Reader.TryRead(out var item))
                {
                    switch (item)
                    {
                        case RecordItem r:
                            records++;
                            results[r.File].Read++;
                            seenLines.Add(r.Record.Record.Source.Line);
                            pending.Add((r.File, r.Record));
                            if (r.Record.Record.Source.Format == OaiPmhReader.FormatName)
                            {
                                pendingMarks.Add((r.Record.Record.Id, null));
                            }
                            if (pending.Count >= _options.BatchSize)
                            {
                                Flush();
                            }
                            break;
                        case CitationItem c:
                            records++;
                            results[c.File].Read++;
                            seenLines.Add(c.Edge.Source.Line);
                            pendingCitations.Add((c.File, c.Edge));
                            if (pendingCitations.Count >= _options.BatchSize * 8)
                            {
                                Flush();
                            }
                            break;
                        case DeletionItem x:
                            records++;
                            results[x.File].Read++;
                            results[x.File].Deleted++;
                            // The line holds a deletion now: a record stored from it before stays (and is marked).
                            seenLines.Add(x.Deletion.Location.Line);
                            pendingMarks.Add((x.Deletion.Id, x.Deletion.Deletion));
                            break;
                        case RejectionItem j:
                            records++;
                            results[j.File].Read++;
                            results[j.File].Rejected++;
                            // A line that held a good record and is now damaged keeps that record: bad input never
                            // deletes data.
                            seenLines.Add(j.Rejection.Location.Line);
                            onRejected?.Invoke(j.Rejection);
                            break;
                        case FileDoneItem d:
                            filesDone++;
                            if (results[d.File] is { Read: 0, Error: null, Skipped: false, Format: { } format } empty)
                            {
                                empty.Error = $"no {format} records in it (is that its format?)";
                            }
                            if (d.ReadToEnd && results[d.File].Read > results[d.File].Rejected)
                            {
                                // Only a file read to its end that gave records may retire records it no longer holds:
                                // a truncated copy, or a file read in the wrong format, must not delete what was stored.
                                finishedFiles.Add((d.File, seenLines));
                                seenLines = [];
                            }
                            else
                            {
                                seenLines.Clear();
                            }
                            ReportProgress();
                            break;
                    }
                }
            }
            Flush();
        }
        catch
        {
            readerFailed.Cancel();
            throw;
        }
        producer.GetAwaiter().GetResult();
        return new ImportReport(results);
    }

    private void Produce(IReadOnlyList<(string Path, bool Named)> files, long[] sizes, FileImportResult[] results,
        ChannelWriter<Item> writer, Action<long> reportBytes, CancellationToken cancellationToken)
    {
        long bytesBefore = 0;
        try
        {
            for (var index = 0; index < files.Count; index++)
            {
                var (path, named) = files[index];
                var result = results[index];
                var readToEnd = false;
                try
                {
                    if (!File.Exists(path))
                    {
                        result.Error = "no such file or folder";
                        continue;
                    }
                    var reason = "";
                    var format = _options.Format ?? PaperReaders.Detect(path, out reason);
                    if (format is null)
                    {
                        result.Skipped = !named;
                        result.Error = named ? $"cannot tell the format: {reason} (use --format)" : null;
                        continue;
                    }
                    result.Format = format;
                    var reader = PaperReaders.Create(format);
                    using var raw = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                    using var observed = new FaultObservingStream(SourceFile.Decompressed(raw));
                    long sinceReport = 0;
                    foreach (var outcome in reader.Read(observed, path, cancellationToken))
                    {
                        Item item = outcome.Record is { } record ? new RecordItem(index, PreparedRecord.From(record))
                            : outcome.Citation is { } citation ? new CitationItem(index, citation)
                            : outcome.Deletion is { } deletion ? new DeletionItem(index, deletion)
                            : new RejectionItem(index, outcome.Rejection!);
                        Write(writer, item, cancellationToken);
                        if (++sinceReport >= 1_000)
                        {
                            sinceReport = 0;
                            reportBytes(bytesBefore + raw.Position);
                        }
                    }
                    if (observed.Fault is { } fault)
                    {
                        result.Error ??= fault;
                    }
                    readToEnd = observed.Fault is null;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Whatever went wrong with this file (unreadable, or a reader fault), the other files still import.
                    result.Error = e is IOException or UnauthorizedAccessException or ArgumentException
                        ? e.Message
                        : $"could not be read ({e.GetType().Name}: {e.Message})";
                }
                finally
                {
                    if (result.Error is null && !result.Skipped && result.Format is not null && !readToEnd)
                    {
                        result.Error = "the file was not read to its end";
                    }
                    bytesBefore += sizes[index];
                    reportBytes(bytesBefore);
                    if (!cancellationToken.IsCancellationRequested)
                    {
                        Write(writer, new FileDoneItem(index, readToEnd), cancellationToken);
                    }
                }
            }
        }
        finally
        {
            writer.TryComplete();
        }
    }

    private static void Write(ChannelWriter<Item> writer, Item item, CancellationToken cancellationToken)
    {
        if (!writer.TryWrite(item))
        {
            writer.WriteAsync(item, cancellationToken).AsTask().GetAwaiter().GetResult();
        }
    }

    private abstract record Item(int File);

    private sealed record RecordItem(int File, PreparedRecord Record) : Item(File);

    private sealed record RejectionItem(int File, Rejection Rejection) : Item(File);

    private sealed record CitationItem(int File, CitationEdge Edge) : Item(File);

    private sealed record DeletionItem(int File, PaperDeletion Deletion) : Item(File);

    private sealed record FileDoneItem(int File, bool ReadToEnd) : Item(File);
}
