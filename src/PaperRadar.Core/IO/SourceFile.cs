namespace PaperRadar.Core.IO;

/// <summary>Opens a source file for reading, decompressing gzip transparently (detected by its magic bytes).</summary>
public static class SourceFile
{
    public static Stream Open(string path) =>
        Decompressed(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16));

    /// <summary>
    /// The file's content: the file itself, or a gzip stream over it when it starts with gzip's magic bytes. The
    /// returned stream owns <paramref name="file"/>; callers may still read <c>file.Position</c> for progress.
    /// </summary>
    public static Stream Decompressed(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        var gzip = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        file.Position = 0;
        return gzip ? new ZlibGzipStream(file) : file;
    }

    /// <summary>The file name without a trailing <c>.gz</c>: <c>2025-03-18.jsonl.gz</c> is <c>2025-03-18.jsonl</c>.</summary>
    public static string LogicalName(string path)
    {
        var name = Path.GetFileName(path);
        return name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? name[..^3] : name;
    }
}
