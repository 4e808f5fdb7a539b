using System.Formats.Tar;
using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using PaperRadar.Core.Model;
using PaperRadar.Core.Text;

namespace PaperRadar.Core.Readers;

/// <summary>
/// The ACL Anthology's metadata XML: one <c>&lt;collection&gt;</c> per file, volumes with their <c>&lt;meta&gt;</c>
/// (booktitle, year), and papers with title, authors (<c>&lt;first&gt;</c>, <c>&lt;last&gt;</c>), abstract, DOI and
/// <c>&lt;url&gt;</c>, which is the paper's Anthology id (<c>P02-1040</c>, <c>2020.acl-main.1</c>). Reads a single
/// collection file or the Anthology's release, a tar (usually .tar.gz) of <c>data/xml/*.xml</c>, entry by entry.
/// </summary>
/// <remarks>
/// A record's line in a tar is counted through the whole archive (the lines of the entries before it, plus its line
/// in its entry), so that every paper in the archive has its own place, as a record of a single file does.
/// Frontmatter (a volume's front pages) is not a paper and is skipped.
/// </remarks>
public sealed class AclAnthologyXmlReader : IPaperReader
{
    public const string FormatName = "acl-anthology-xml";

    public string Format => FormatName;

    public IEnumerable<ReadOutcome> Read(Stream stream, string sourcePath, CancellationToken cancellationToken = default)
    {
        var head = new byte[512];
        var buffered = new BufferedStream(stream, 1 << 16);
        var read = buffered.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var whole = new PrefixedStream(head.AsMemory(0, read), buffered);
        return IsTar(head.AsSpan(0, read))
            ? ReadArchive(whole, sourcePath, cancellationToken)
            : ReadCollection(whole, sourcePath, 0, sourcePath, cancellationToken);
    }

    internal static bool IsTar(ReadOnlySpan<byte> head) =>
        head.Length >= 262 && head.Slice(257, 5).SequenceEqual("ustar"u8);

    private IEnumerable<ReadOutcome> ReadArchive(Stream stream, string sourcePath, CancellationToken cancellationToken)
    {
        using var tar = new TarReader(stream);
        long linesBefore = 0;
        while (true)
        {
            TarEntry? entry;
            string? damage = null;
            try
            {
                entry = tar.GetNextEntry();
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException or IOException)
            {
                entry = null;
                damage = e.Message;
            }
            if (damage is not null)
            {
                yield return ReadOutcome.Reject(new SourceLocation(sourcePath, linesBefore + 1, Format),
                    $"the archive is damaged after line {linesBefore} of its XML: {damage}");
                yield break;
            }
            if (entry is null)
            {
                yield break;
            }
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null ||
                !entry.Name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var lines = new LineCounter();
            foreach (var outcome in ReadCollection(entry.DataStream, sourcePath, linesBefore, entry.Name, cancellationToken, lines))
            {
                yield return outcome;
            }
            linesBefore += lines.Last;
        }
    }

    private sealed class LineCounter
    {
        public long Last { get; set; }
    }

    private IEnumerable<ReadOutcome> ReadCollection(Stream stream, string sourcePath, long linesBefore, string name,
        CancellationToken cancellationToken, LineCounter? lines = null)
    {
        using var xml = XmlReader.Create(stream, new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
        });
        var info = (IXmlLineInfo)xml;
        string? collection = null;
        string? volume = null;
        string? booktitle = null;
        int? volumeYear = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            XElement? element = null;
            string? error = null;
            var line = linesBefore + Math.Max(1, info.LineNumber);
            try
            {
                if (!xml.Read())
                {
                    break;
                }
                line = linesBefore + info.LineNumber;
                if (xml.NodeType == XmlNodeType.Element)
                {
                    switch (xml.LocalName)
                    {
                        case "collection":
                            collection = xml.GetAttribute("id");
                            break;
                        case "volume":
                            volume = xml.GetAttribute("id");
                            booktitle = null;
                            volumeYear = null;
                            break;
                        case "meta":
                            var meta = (XElement)XNode.ReadFrom(xml);
                            booktitle = Text(meta.Element("booktitle"));
                            volumeYear = Year(meta.Element("year"));
                            break;
                        case "paper":
                            element = (XElement)XNode.ReadFrom(xml);
                            break;
                    }
                }
            }
            catch (XmlException e)
            {
                error = $"{name} is not well-formed XML at its line {e.LineNumber}: {e.Message}";
            }
            if (error is not null)
            {
                yield return ReadOutcome.Reject(new SourceLocation(sourcePath, line, Format), error);
                break;
            }
            if (element is not null)
            {
                yield return Paper(element, new SourceLocation(sourcePath, line, Format), collection, volume, booktitle, volumeYear);
            }
        }
        if (lines is not null)
        {
            lines.Last = info.LineNumber;
        }
    }

    private static ReadOutcome Paper(XElement paper, SourceLocation location, string? collection, string? volume,
        string? booktitle, int? volumeYear)
    {
        var aclText = Text(paper.Element("url")) is { } url && !url.Contains("://", StringComparison.Ordinal)
            ? url
            : DerivedId(collection, volume, paper.Attribute("id")?.Value);
        if (!PaperId.TryForeign(PaperId.AclScheme, aclText, out var id, out var idError))
        {
            return ReadOutcome.Reject(location, $"the paper has no Anthology id: {idError}");
        }
        var title = Text(paper.Element("title"));
        if (string.IsNullOrWhiteSpace(title))
        {
            return ReadOutcome.Reject(location, $"{id} has no title");
        }
        var year = Year(paper.Element("year")) ?? volumeYear ?? YearOfId(id.LocalId);
        if (year is null)
        {
            return ReadOutcome.Reject(location, $"{id} has no year, neither its own, nor its volume's, nor one in its id");
        }
        var doi = Text(paper.Element("doi"));
        return ReadOutcome.Accept(new PaperRecord
        {
            Id = id,
            Title = title,
            Authors = paper.Elements("author")
                .Select(a => Whitespace.Collapse($"{Text(a.Element("first"))} {Text(a.Element("last"))}"))
                .Where(n => n.Length > 0)
                .Select(n => new AuthorName(n))
                .ToList(),
            Abstract = Text(paper.Element("abstract")),
            Doi = doi,
            Venue = booktitle,
            Year = year,
            // The Anthology's own record of a paper (cased titles, abstracts, DOIs) is better than the copies derived
            // from it (the ACL Anthology Network's title-cased titles), which state no date: dating it by its year
            // ranks it first when they merge.
            AsOf = new DateTimeOffset(year.Value, 1, 1, 0, 0, 0, TimeSpan.Zero),
            Source = location,
        });
    }

    /// <summary>
    /// The year an Anthology id names: the first four digits of a new-style id (<c>2020.acl-main.1</c>), the two after
    /// the venue letter of an old-style one (<c>A00-2001</c> is 2000, <c>J93-2004</c> 1993: the Anthology starts in 1965).
    /// Some old volumes state no year in their metadata, and the id is how the Anthology itself dates them.
    /// </summary>
    internal static int? YearOfId(string aclId)
    {
        if (aclId.Length >= 5 && aclId[4] == '.' && int.TryParse(aclId.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            return year;
        }
        if (aclId.Length >= 4 && char.IsAsciiLetterUpper(aclId[0]) && char.IsAsciiDigit(aclId[1]) && char.IsAsciiDigit(aclId[2]) && aclId[3] == '-')
        {
            var yy = (aclId[1] - '0') * 10 + (aclId[2] - '0');
            return yy >= 65 ? 1900 + yy : 2000 + yy;
        }
        return null;
    }

    /// <summary>The id the Anthology gives a paper without a url: <c>P02</c> volume 1 paper 40 is <c>P02-1040</c>.</summary>
    private static string? DerivedId(string? collection, string? volume, string? paper)
    {
        if (collection is null || volume is null || paper is null)
        {
            return null;
        }
        return collection.Contains('.', StringComparison.Ordinal)
            ? $"{collection}-{volume}.{paper}"
            : int.TryParse(paper, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? $"{collection}-{volume}{number:000}"
                : null;
    }

    /// <summary>An element's text with its markup (<c>&lt;fixed-case&gt;</c>, <c>&lt;tex-math&gt;</c>) flattened.</summary>
    private static string? Text(XElement? element) =>
        element is null ? null : Whitespace.NullIfBlank(Whitespace.Collapse(element.Value));

    private static int? Year(XElement? element) =>
        int.TryParse(Text(element), NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1900 and <= 2100
            ? year
            : null;

    /// <summary>Reads back the bytes sniffed from the front of a stream that cannot seek, then the rest of it.</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : Stream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_prefix.IsEmpty)
            {
                return rest.Read(buffer);
            }
            var n = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..n].CopyTo(buffer);
            _prefix = _prefix[n..];
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
