using System.Text;
using System.Text.Json;
using PaperRadar.Core.IO;

namespace PaperRadar.Core.Readers;

/// <summary>The readers this build knows, by format name, and detection of a file's format from its content.</summary>
public static class PaperReaders
{
    private static readonly Dictionary<string, Func<IPaperReader>> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        [ArxivDailyReader.FormatName] = () => new ArxivDailyReader(),
        [ArxivSnapshotReader.FormatName] = () => new ArxivSnapshotReader(),
        [ArxivListingReader.FormatName] = () => new ArxivListingReader(),
        [ArxivAbsReader.FormatName] = () => new ArxivAbsReader(),
        [HuggingFaceDailyReader.FormatName] = () => new HuggingFaceDailyReader(),
    };

    public static IReadOnlyCollection<string> Formats => Factories.Keys;

    public static IPaperReader Create(string format) =>
        Factories.TryGetValue(format, out var factory)
            ? factory()
            : throw new ArgumentException(
                $"unknown format '{format}'; known formats: {string.Join(", ", Factories.Keys.Order(StringComparer.Ordinal))}");

    /// <summary>
    /// Names the format of a file from its first bytes (decompressed), or null with the reason when none fits.
    /// </summary>
    public static string? Detect(string path, out string reason)
    {
        var (head, mayContinue, damage) = ReadHead(path, 64 * 1024);
        reason = "";
        var logicalName = SourceFile.LogicalName(path);
        if (logicalName.EndsWith(".abs", StringComparison.OrdinalIgnoreCase))
        {
            return ArxivAbsReader.FormatName;
        }
        var text = head.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.Length == 0)
        {
            reason = damage is null ? "the file is empty" : $"it cannot be decompressed: {damage}";
            return null;
        }
        if (text[0] == '{')
        {
            var newline = text.IndexOf('\n', StringComparison.Ordinal);
            var firstLine = newline < 0 ? text : text[..newline];
            HashSet<string> names;
            try
            {
                // A first record longer than the head (a paper with thousands of authors) is read as far as it goes.
                names = TopLevelNames(firstLine, complete: newline >= 0 || !mayContinue);
            }
            catch (JsonException)
            {
                reason = "starts like JSON but its first line is not a JSON object";
                return null;
            }
            if (names.Contains("authors_parsed") || names.Contains("update_date") || names.Contains("versions") ||
                names.Contains("submitter"))
            {
                return ArxivSnapshotReader.FormatName;
            }
            if (names.Contains("id") && (names.Contains("summary") || (names.Contains("pdf") && names.Contains("abs"))))
            {
                return ArxivDailyReader.FormatName;
            }
            reason = "JSON lines, but not a layout this build reads (arXiv snapshot, daily crawler)";
            return null;
        }
        if (text[0] == '[')
        {
            // One JSON document: a Hugging Face daily-papers response is an array of {paper: {...}, ...} entries.
            if (text.Contains("\"paper\"", StringComparison.Ordinal) && text.Contains("\"upvotes\"", StringComparison.Ordinal))
            {
                return HuggingFaceDailyReader.FormatName;
            }
            reason = "a JSON array, but not a layout this build reads (Hugging Face daily papers)";
            return null;
        }
        if (LooksLikeListing(text))
        {
            return ArxivListingReader.FormatName;
        }
        reason = "not a format this build reads (arXiv daily JSON lines, snapshot JSON lines, listing, .abs)";
        return null;
    }

    private static bool LooksLikeListing(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("Paper:", StringComparison.Ordinal) ||
                line.StartsWith("Paper (", StringComparison.Ordinal) ||
                (line.StartsWith("arXiv:", StringComparison.Ordinal) && text.Contains("\nTitle:", StringComparison.Ordinal)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The names of the top-level object's properties, as far as <paramref name="json"/> goes.</summary>
    private static HashSet<string> TopLevelNames(string json, bool complete)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), isFinalBlock: complete, state: default);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                names.Add(reader.GetString()!);
            }
        }
        return names;
    }

    /// <summary>
    /// Up to <paramref name="bytes"/> decompressed bytes as text, and whether the file may go on after them (it had
    /// that many, or its damage hid the rest).
    /// </summary>
    private static (string Text, bool MayContinue, string? Damage) ReadHead(string path, int bytes)
    {
        using var stream = SourceFile.Open(path);
        var buffer = new byte[bytes];
        var total = 0;
        string? damage = null;
        try
        {
            int read;
            while (total < bytes && (read = stream.Read(buffer, total, bytes - total)) > 0)
            {
                total += read;
            }
        }
        catch (InvalidDataException e)
        {
            // A damaged gzip member still lets us see its start (what was read before the damage is kept); the
            // reader reports the damage with a line number.
            damage = e.Message;
        }
        return (Encoding.UTF8.GetString(buffer, 0, total), damage is not null || total == bytes, damage);
    }
}
