using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PaperRadar.Core.IO;
using PaperRadar.Core.Model;
using PaperRadar.Core.Readers;
using PaperRadar.Tests.IO;

namespace PaperRadar.Tests.Readers;

/// <summary>
/// The daily crawler's files in ../shared/data/arxiv-daily. Success cases read the real files; the broken inputs
/// are real records altered here (a wrong field, bad bytes, a cut gzip), since the real files are all well formed.
/// </summary>
public sealed class ArxivDailyReaderTests
{
    private const string Day = "2025-03-18";
    private static readonly string DayFile = SharedData.Path("arxiv-daily", Day + ".jsonl.gz");

    [Fact]
    public void EveryRealDailyFileIsReadWithoutARejection()
    {
        var files = Directory.GetFiles(SharedData.Path("arxiv-daily"), "*.jsonl.gz");
        var accepted = 0;
        var rejected = new List<Rejection>();
        var ids = new HashSet<ArxivId>();

        foreach (var file in files)
        {
            var day = DateOnly.ParseExact(Path.GetFileName(file)[..10], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            foreach (var outcome in ReaderRuns.ReadFile(new ArxivDailyReader(), file))
            {
                if (outcome.Record is { } record)
                {
                    accepted++;
                    ids.Add(record.Id.Arxiv!.Value);
                    Assert.Equal([day], record.ListedOn);
                    Assert.Equal(file, record.Source.File);
                    Assert.NotNull(record.Abstract);
                }
                else
                {
                    rejected.Add(outcome.Rejection!);
                }
            }
        }

        Assert.Equal(379, files.Length);
        Assert.Empty(rejected);
        Assert.Equal(108_525, accepted);
        Assert.Equal(67_802, ids.Count);
    }

    [Fact]
    public void RealRecordIsReadFieldByField()
    {
        var records = ReaderRuns.ReadFile(new ArxivDailyReader(), DayFile).Select(o => o.Record!).ToList();
        var raw = JsonDocument.Parse(RealDaily.Lines(DayFile)[1]).RootElement;

        var paper = records[1];

        Assert.Equal(ArxivId.Parse("2503.11742"), paper.Id);
        Assert.Null(paper.Version);
        Assert.Equal("Safe Vision-Language Models via Unsafe Weights Manipulation", paper.Title);
        Assert.Equal(
            ["Moreno D'Incà", "Elia Peruzzo", "Xingqian Xu", "Humphrey Shi", "Nicu Sebe", "Massimiliano Mancini"],
            paper.Authors.Select(a => a.Name));
        Assert.All(paper.Authors, a => Assert.Null(a.Affiliation));
        Assert.Equal(["cs.CV", "cs.AI"], paper.Categories);
        Assert.Equal("Work in progress", paper.Comments);
        // The crawler hard-wraps the abstract at ~80 columns; the record holds one paragraph.
        var expectedAbstract = string.Join(' ', raw.GetProperty("summary").GetString()!.Split('\n'));
        Assert.Equal(expectedAbstract, paper.Abstract);
        Assert.StartsWith("Vision-language models (VLMs) often inherit the biases and unsafe associations present",
            paper.Abstract, StringComparison.Ordinal);
        Assert.EndsWith("training-based state-of-the-art methods on safe ones.", paper.Abstract, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', paper.Abstract!);
        Assert.Equal([new DateOnly(2025, 3, 18)], paper.ListedOn);
        Assert.Equal(new DateTimeOffset(2025, 3, 18, 0, 0, 0, TimeSpan.Zero), paper.AsOf);
        Assert.Equal(new SourceLocation(DayFile, 2, "arxiv-daily"), paper.Source);
        Assert.Empty(paper.Versions);
        Assert.Null(paper.Doi);
    }

    [Fact]
    public void FoldedTitleAndAuthorNamesAreWhitespaceCollapsed()
    {
        // Real record with its title and a name folded the way arXiv folds long fields.
        var node = RealDaily.Node(DayFile, 1);
        node["title"] = "  Safe Vision-Language Models\n  via Unsafe\tWeights   Manipulation ";
        node["authors"] = new JsonArray("Moreno\n  D'Incà", " ", "Elia Peruzzo");

        var record = Assert.Single(ReaderRuns.ReadLines(new ArxivDailyReader(), Day + ".jsonl", node.ToJsonString())).Record;

        Assert.NotNull(record);
        Assert.Equal("Safe Vision-Language Models via Unsafe Weights Manipulation", record.Title);
        Assert.Equal(["Moreno D'Incà", "Elia Peruzzo"], record.Authors.Select(a => a.Name));
    }

    [Theory]
    [InlineData("bad JSON", "invalid JSON")]
    [InlineData("JSON array", "expected a JSON object, found Array")]
    [InlineData("missing id", "missing field 'id'")]
    [InlineData("short new-style id", "invalid field 'id': '2401.999' has a 3-digit number")]
    [InlineData("old-style id with month 13", "invalid field 'id': 'hep-th/9913001' has month 13")]
    [InlineData("id as a number", "field 'id' should be a string, found Number")]
    [InlineData("missing title", "missing field 'title'")]
    [InlineData("blank title", "missing field 'title'")]
    [InlineData("authors as a number", "field 'authors' should be an array, found Number")]
    [InlineData("author as a number", "field 'authors' should hold strings, found Number")]
    [InlineData("categories as a string", "field 'categories' should be an array, found String")]
    [InlineData("summary as an object", "field 'summary' should be a string, found Object")]
    public void BrokenRecordIsRejectedWithItsLineAndReasonAndTheOthersAreRead(string broken, string reason)
    {
        var lines = RealDaily.Lines(DayFile).Take(3).ToArray();
        lines[1] = Break(RealDaily.Node(DayFile, 1), broken);

        var outcomes = ReaderRuns.ReadLines(new ArxivDailyReader(), Day + ".jsonl", lines);

        ReaderRuns.AssertRejectedBetweenAcceptedRecords(outcomes, rejectedLine: 2, reason,
            expectedIds: ["2503.11731", "2503.11750"]);
        Assert.Equal(Day + ".jsonl", outcomes[1].Rejection!.Location.File);
    }

    private static string Break(JsonNode node, string how)
    {
        switch (how)
        {
            case "bad JSON":
                var text = node.ToJsonString();
                return text[..(text.Length / 2)];
            case "JSON array":
                return new JsonArray(node["id"]!.DeepClone(), node["title"]!.DeepClone()).ToJsonString();
            case "missing id":
                node.AsObject().Remove("id");
                break;
            case "short new-style id":
                node["id"] = "2401.999";
                break;
            case "old-style id with month 13":
                node["id"] = "hep-th/9913001";
                break;
            case "id as a number":
                node["id"] = 2503.11742;
                break;
            case "missing title":
                node.AsObject().Remove("title");
                break;
            case "blank title":
                node["title"] = " \n ";
                break;
            case "authors as a number":
                node["authors"] = 5;
                break;
            case "author as a number":
                node["authors"] = new JsonArray("Moreno D'Incà", 7);
                break;
            case "categories as a string":
                node["categories"] = "cs.CV cs.AI";
                break;
            case "summary as an object":
                node["summary"] = new JsonObject { ["text"] = "abstract" };
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(how), how, "no such breakage");
        }
        return node.ToJsonString();
    }

    [Fact]
    public void InvalidUtf8BytesInARecordAreRejectedAndTheOthersAreRead()
    {
        var lines = RealDaily.Lines(DayFile).Take(3).Select(l => Encoding.UTF8.GetBytes(l)).ToArray();
        // A Latin-1 'à' (0xE0 followed by an ASCII letter) inside "D'Incà" of the real second record.
        var at = Encoding.UTF8.GetString(lines[1]).IndexOf("Incà", StringComparison.Ordinal) + 3;
        lines[1] = [.. lines[1][..at], 0xE0, .. lines[1][(at + 2)..]];
        var bytes = lines.SelectMany(l => l.Append((byte)'\n')).ToArray();

        var outcomes = new ArxivDailyReader().Read(new MemoryStream(bytes), Day + ".jsonl").ToList();

        ReaderRuns.AssertRejectedBetweenAcceptedRecords(outcomes, rejectedLine: 2, "invalid UTF-8",
            expectedIds: ["2503.11731", "2503.11750"]);
    }

    [Fact]
    public void FiftyMegabyteLineIsRejectedAsTooLongAndTheOthersAreRead()
    {
        using var scratch = new ScratchDirectory();
        var path = scratch.File(Day + ".jsonl");
        var real = RealDaily.Lines(DayFile);
        const int megabytes = 50;
        // Written in 1 MiB chunks: the test never holds the long line in memory, nor should the reader.
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            file.Write(Encoding.UTF8.GetBytes(real[0] + "\n"));
            file.Write("{\"id\": \"2503.11742\", \"title\": \"Huge\", \"summary\": \""u8);
            var chunk = new byte[1 << 20];
            Array.Fill(chunk, (byte)'a');
            for (var i = 0; i < megabytes; i++)
            {
                file.Write(chunk);
            }
            file.Write("\"}\n"u8);
            file.Write(Encoding.UTF8.GetBytes(real[2] + "\n"));
        }

        var outcomes = ReaderRuns.ReadFile(new ArxivDailyReader(), path);

        ReaderRuns.AssertRejectedBetweenAcceptedRecords(outcomes, rejectedLine: 2, "longer than the limit",
            expectedIds: ["2503.11731", "2503.11750"]);
        Assert.Contains("52,428,", outcomes[1].Rejection!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CrlfLineEndingsGiveTheSameRecordsAsLf()
    {
        var lines = RealDaily.Lines(DayFile).Take(20).ToArray();

        var lf = ReaderRuns.ReadLines(new ArxivDailyReader(), Day + ".jsonl", lines);
        var crlf = new ArxivDailyReader()
            .Read(new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n")), Day + ".jsonl")
            .ToList();

        Assert.Equal(20, crlf.Count(o => o.Record is not null));
        Assert.Equal(lf.Select(o => Describe(o.Record!)), crlf.Select(o => Describe(o.Record!)));
        Assert.All(crlf, o => Assert.DoesNotContain('\r', Describe(o.Record!)));
    }

    [Fact]
    public void ByteOrderMarkBeforeTheFirstRecordIsIgnored()
    {
        var lines = RealDaily.Lines(DayFile).Take(3).ToArray();
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n")];

        var outcomes = new ArxivDailyReader().Read(new MemoryStream(bytes), Day + ".jsonl").ToList();

        Assert.Equal(["2503.11731", "2503.11742", "2503.11750"], outcomes.Select(o => o.Record!.Id.Value));
    }

    [Fact]
    public void TruncatedGzipYieldsTheRecordsBeforeTheCutThenAnError()
    {
        using var scratch = new ScratchDirectory();
        var real = SharedData.Path("arxiv-daily", "2026-05-19.jsonl.gz");
        var bytes = File.ReadAllBytes(real);
        var path = scratch.Write("2026-05-19.jsonl.gz", bytes[..(bytes.Length / 2)]);
        var intactIds = ReaderRuns.ReadFile(new ArxivDailyReader(), real).Select(o => o.Record!.Id).ToList();

        var outcomes = ReaderRuns.ReadFile(new ArxivDailyReader(), path);

        var records = outcomes.TakeWhile(o => o.Record is not null).Select(o => o.Record!).ToList();
        Assert.InRange(records.Count, intactIds.Count / 4, intactIds.Count - 1);
        Assert.Equal(intactIds.Take(records.Count), records.Select(r => r.Id));
        // Exactly one outcome follows the records: the error, on the line where the cut fell.
        Assert.Equal(records.Count + 1, outcomes.Count);
        var error = outcomes[^1].Rejection;
        Assert.NotNull(error);
        Assert.Equal(records.Count + 1, error.Location.Line);
        Assert.Equal(path, error.Location.File);
        Assert.Contains("truncated", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void GzipWithAFlippedCrcByteEndsWithADamageError()
    {
        using var scratch = new ScratchDirectory();
        var bytes = File.ReadAllBytes(DayFile);
        var path = scratch.Write(Day + ".jsonl.gz", GzipFixtures.FlipByte(bytes, fromEnd: 8));

        var outcomes = ReaderRuns.ReadFile(new ArxivDailyReader(), path);

        // Every record decompresses and is read; the check of the trailer then fails and says so.
        var records = outcomes.TakeWhile(o => o.Record is not null).ToList();
        Assert.Equal(records.Count + 1, outcomes.Count);
        Assert.Equal(465, records.Count);
        Assert.Equal(466, outcomes[^1].Rejection!.Location.Line);
        var error = outcomes[^1].Rejection!;
        Assert.Contains("damaged gzip", error.Reason, StringComparison.Ordinal);
        Assert.Contains("incorrect data check", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoConcatenatedGzipMembersReadAsOneFileWithBothMembersLines()
    {
        using var scratch = new ScratchDirectory();
        var first = SharedData.Path("arxiv-daily", "2025-03-19.jsonl.gz");
        var second = SharedData.Path("arxiv-daily", "2025-11-15.jsonl.gz");
        var path = scratch.Write("2025-03-19.jsonl.gz", [.. File.ReadAllBytes(first), .. File.ReadAllBytes(second)]);
        var expectedIds = ReaderRuns.ReadFile(new ArxivDailyReader(), first)
            .Concat(ReaderRuns.ReadFile(new ArxivDailyReader(), second))
            .Select(o => o.Record!.Id)
            .ToList();

        var outcomes = ReaderRuns.ReadFile(new ArxivDailyReader(), path);

        Assert.Equal(172 + 16, expectedIds.Count);
        Assert.All(outcomes, o => Assert.Null(o.Rejection));
        Assert.Equal(expectedIds, outcomes.Select(o => o.Record!.Id));
        Assert.Equal(Enumerable.Range(1, 188).Select(n => (long)n), outcomes.Select(o => o.Record!.Source.Line));
    }

    [Theory]
    [InlineData("2025-03-18.jsonl")]
    [InlineData("2025-03-18.jsonl.gz")]
    public void EmptyFileHasNoRecordsAndNoRejections(string name)
    {
        using var scratch = new ScratchDirectory();
        var path = scratch.Write(name, []);

        Assert.Empty(ReaderRuns.ReadFile(new ArxivDailyReader(), path));
    }

    [Fact]
    public void BlankLinesAreSkippedButCountedInLineNumbers()
    {
        var lines = RealDaily.Lines(DayFile).Take(2).ToArray();

        var outcomes = ReaderRuns.ReadLines(new ArxivDailyReader(), Day + ".jsonl", lines[0], "", "   ", lines[1]);

        Assert.Equal([1L, 4L], outcomes.Select(o => o.Record!.Source.Line));
    }

    [Fact]
    public void FileNameWithoutADateGivesNoListingDay()
    {
        var outcomes = ReaderRuns.ReadLines(new ArxivDailyReader(), "papers.jsonl", RealDaily.Lines(DayFile)[0]);

        var record = Assert.Single(outcomes).Record!;
        Assert.Empty(record.ListedOn);
        Assert.Null(record.AsOf);
    }

    private static string Describe(PaperRecord r) =>
        string.Join("|", r.Id, r.Title, string.Join(";", r.Authors.Select(a => a.Name)), r.Abstract, r.Comments,
            string.Join(";", r.Categories), r.Source.Line);
}

/// <summary>The first lines of a real daily file, as text and as editable JSON.</summary>
internal static class RealDaily
{
    public static string[] Lines(string gzipPath)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(gzipPath), CompressionMode.Decompress));
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }
        return [.. lines];
    }

    public static JsonNode Node(string gzipPath, int index) => JsonNode.Parse(Lines(gzipPath)[index])!;
}

/// <summary>Runs a reader over a file or over lines, collecting every outcome.</summary>
internal static class ReaderRuns
{
    public static List<ReadOutcome> ReadFile(IPaperReader reader, string path)
    {
        using var stream = SourceFile.Open(path);
        return reader.Read(stream, path).ToList();
    }

    public static List<ReadOutcome> ReadLines(IPaperReader reader, string sourcePath, params string[] lines)
    {
        var bytes = Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
        return reader.Read(new MemoryStream(bytes), sourcePath).ToList();
    }

    /// <summary>Three outcomes: a record, the rejection of line <paramref name="rejectedLine"/>, a record.</summary>
    public static void AssertRejectedBetweenAcceptedRecords(
        List<ReadOutcome> outcomes, long rejectedLine, string reason, string[] expectedIds)
    {
        Assert.Equal(3, outcomes.Count);
        Assert.Equal(expectedIds, new[] { outcomes[0], outcomes[2] }.Select(o => o.Record?.Id.Value));
        var rejection = outcomes[1].Rejection;
        Assert.NotNull(rejection);
        Assert.Null(outcomes[1].Record);
        Assert.Equal(rejectedLine, rejection.Location.Line);
        Assert.Contains(reason, rejection.Reason, StringComparison.Ordinal);
        Assert.Equal([1L, 3L], new[] { outcomes[0], outcomes[2] }.Select(o => o.Record!.Source.Line));
    }
}
