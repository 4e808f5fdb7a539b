using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using PaperRadar.Core.Model;
using PaperRadar.Core.Text;

namespace PaperRadar.Core.Readers;

/// <summary>
/// An OAI-PMH response as arXiv serves it (<c>ListRecords</c> or <c>GetRecord</c>), with its records in any of the
/// metadata formats arXiv offers:
/// <list type="bullet">
/// <item><c>arXivRaw</c>: the full version history (each version's date and size), the submitter, authors as one
/// line of free text;</item>
/// <item><c>arXiv</c>: authors split into keyname, forenames, suffix and affiliations; only the days of v1
/// (<c>created</c>) and of the latest version (<c>updated</c>, when there are several);</item>
/// <item><c>oai_dc</c>: Dublin Core, mapped as <see cref="ArxivDublinCore"/> says.</item>
/// </list>
/// The XML is read as a stream, one <c>&lt;record&gt;</c> at a time, so a page's size does not matter.
/// </summary>
/// <remarks>
/// <para>A record whose header says <c>status="deleted"</c> carries no metadata: it yields a deletion of the paper it
/// names (neither a paper nor a fault; nothing when its identifier names no arXiv paper) and is listed in
/// <see cref="OaiPmhResponse.Deleted"/>.</para>
/// <para>An OAI-PMH error (<c>badResumptionToken</c>, <c>noRecordsMatch</c>, <c>idDoesNotExist</c>, …) yields a
/// rejection that names its code and arXiv's message, since the file holds no records; the error is also in
/// <see cref="OaiPmhResponse.Errors"/>, where a harvester tells "nothing new" from a failure. A response of another
/// verb (Identify, ListSets, ListIdentifiers) yields one rejection saying it holds no paper records.</para>
/// <para>A record's line is its <c>&lt;record&gt;</c> tag's (see <see cref="XmlRecordReading"/>). XML that is cut short
/// or malformed yields the records before the damage, then a last rejection that says where, and ends.</para>
/// </remarks>
public sealed class OaiPmhReader : IPaperReader
{
    public const string FormatName = "oai-pmh";

    internal static readonly XNamespace Oai = "http://www.openarchives.org/OAI/2.0/";
    private static readonly XNamespace ArxivRaw = "http://arxiv.org/OAI/arXivRaw/";
    private static readonly XNamespace Arxiv = "http://arxiv.org/OAI/arXiv/";
    private static readonly XNamespace OaiDc = "http://www.openarchives.org/OAI/2.0/oai_dc/";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";

    public string Format => FormatName;

    public IEnumerable<ReadOutcome> Read(Stream stream, string sourcePath, CancellationToken cancellationToken = default) =>
        Read(stream, sourcePath, new OaiPmhResponse(), cancellationToken);

    /// <summary>Reads the records, filling in <paramref name="response"/> with what else the response says.</summary>
    public IEnumerable<ReadOutcome> Read(Stream stream, string sourcePath, OaiPmhResponse response,
        CancellationToken cancellationToken = default)
    {
        var parser = new Parser(stream, sourcePath, response);
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                bool more;
                ReadOutcome? outcome;
                try
                {
                    more = parser.TryNext(out outcome);
                }
                catch (XmlException e)
                {
                    outcome = parser.Damaged(e.LineNumber, parser.SawRoot
                        ? $"the XML is damaged: {e.Message}"
                        : $"the file is not an XML document: {e.Message}");
                    more = false;
                }
                catch (Exception e) when (e is InvalidDataException or IOException)
                {
                    outcome = parser.Damaged(0, $"the file could not be read to its end: {e.Message}");
                    more = false;
                }
                if (outcome is { } result)
                {
                    yield return result;
                }
                if (!more)
                {
                    yield break;
                }
            }
        }
        finally
        {
            parser.Dispose();
        }
    }

    private sealed class Parser(Stream stream, string sourcePath, OaiPmhResponse response) : IDisposable
    {
        private readonly XmlRecordReading _keys = new();
        private XmlReader? _xml;
        /// <summary>Whether the root element was read: damage after it is damage, before it the file is not XML.</summary>
        public bool SawRoot { get; private set; }
        private bool _inRecords;

        /// <summary>Whether the reader must move before the current node is looked at (false after ReadFrom, Skip).</summary>
        private bool _advance = true;

        public void Dispose() => _xml?.Dispose();

        /// <summary>Moves to the next outcome; false when the document has ended (with a last outcome or none).</summary>
        public bool TryNext(out ReadOutcome? outcome)
        {
            outcome = null;
            _xml ??= XmlRecordReading.Open(stream);
            var xml = _xml;
            var info = (IXmlLineInfo)xml;
            while (true)
            {
                if (_advance && !xml.Read())
                {
                    if (!SawRoot)
                    {
                        outcome = Reject(1, "the file holds no XML element, so no OAI-PMH response");
                    }
                    response.Complete = SawRoot;
                    return false;
                }
                _advance = true;
                if (xml.NodeType != XmlNodeType.Element)
                {
                    continue;
                }
                long line = info.LineNumber;
                if (xml.Depth == 0)
                {
                    if (xml.LocalName != "OAI-PMH" || xml.NamespaceURI != Oai.NamespaceName)
                    {
                        outcome = Reject(line,
                            $"the root element is <{xml.Name}> ({xml.NamespaceURI}), not <OAI-PMH>: this is not an OAI-PMH response");
                        return false;
                    }
                    SawRoot = true;
                    continue;
                }
                if (xml.Depth == 1)
                {
                    switch (xml.LocalName)
                    {
                        case "responseDate":
                            response.ResponseDate = ParseInstant(ReadText(xml));
                            continue;
                        case "request":
                            while (xml.MoveToNextAttribute())
                            {
                                response.AddRequestArgument(xml.LocalName, xml.Value);
                            }
                            xml.MoveToElement();
                            response.BaseUrl = XmlRecordReading.Line(ReadText(xml));
                            continue;
                        case "error":
                            var code = xml.GetAttribute("code") ?? "(no code)";
                            var message = Whitespace.Collapse(ReadText(xml));
                            response.AddError(new OaiPmhError(code, message, line));
                            outcome = Reject(line, $"the OAI-PMH response is the error '{code}', not records: {message}");
                            return true;
                        case "ListRecords" or "GetRecord":
                            response.Verb = xml.LocalName;
                            _inRecords = true;
                            continue;
                        default:
                            response.Verb = xml.LocalName;
                            xml.Skip();
                            _advance = false;
                            outcome = Reject(line,
                                $"an OAI-PMH {response.Verb} response holds no paper records (only ListRecords and GetRecord responses do)");
                            return true;
                    }
                }
                if (xml.Depth == 2 && _inRecords && xml.LocalName == "record")
                {
                    var record = (XElement)XNode.ReadFrom(xml);
                    _advance = false;
                    if (MapRecord(record, line) is { } mapped)
                    {
                        outcome = mapped;
                        return true;
                    }
                    continue;
                }
                if (xml.Depth == 2 && _inRecords && xml.LocalName == "resumptionToken")
                {
                    var cursor = Number(xml.GetAttribute("cursor"));
                    var size = Number(xml.GetAttribute("completeListSize"));
                    var expires = ParseInstant(xml.GetAttribute("expirationDate"));
                    response.ResumptionToken = new OaiPmhResumptionToken(ReadText(xml).Trim(), cursor, size, expires);
                    continue;
                }
                xml.Skip();
                _advance = false;
            }
        }

        /// <summary>The last outcome of a document that could not be read to its end.</summary>
        public ReadOutcome Damaged(long line, string reason)
        {
            response.Complete = false;
            response.Damage = reason;
            var at = line > 0 ? line : _xml is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 1;
            return Reject(at, reason + "; the records before it were read, the rest of the file was not");
        }

        /// <summary>An element's text; leaves the reader after the element, so the next look must not move first.</summary>
        private string ReadText(XmlReader xml)
        {
            var text = xml.ReadElementContentAsString();
            _advance = false;
            return text;
        }

        private ReadOutcome Reject(long line, string reason) =>
            ReadOutcome.Reject(new SourceLocation(sourcePath, _keys.NextKey(line), FormatName), reason);

        private ReadOutcome? MapRecord(XElement record, long line)
        {
            var header = record.Element(Oai + "header");
            var identifier = header is null ? null : XmlRecordReading.Child(header, Oai + "identifier")?.Trim();
            var datestamp = header is null ? null : ParseInstant(XmlRecordReading.Child(header, Oai + "datestamp"));
            if (datestamp is { } stamp)
            {
                response.SawDatestamp(stamp);
            }
            if (header?.Attribute("status")?.Value == "deleted")
            {
                var deletedId = ArxivId.TryParse(identifier, out var parsed) ? parsed : (ArxivId?)null;
                response.AddDeleted(new OaiPmhDeletedRecord(identifier, deletedId, datestamp, line));
                if (deletedId is not { } id)
                {
                    return null;
                }
                var where = new SourceLocation(sourcePath, _keys.NextKey(line), FormatName);
                return ReadOutcome.Delete(new PaperDeletion(id,
                    new SourceDeletion(datestamp is { } day ? DateOnly.FromDateTime(day.UtcDateTime) : null, where.ToString()), where));
            }

            response.Records++;
            var location = new SourceLocation(sourcePath, _keys.NextKey(line), FormatName);
            var metadata = record.Element(Oai + "metadata")?.Elements().FirstOrDefault();
            if (metadata is null)
            {
                return ReadOutcome.Reject(location,
                    $"the record {identifier ?? "without an identifier"} has no metadata, and its header does not say it was deleted");
            }
            response.MetadataFormat ??= metadata.Name.LocalName;
            try
            {
                var ns = metadata.Name.Namespace;
                return ns == ArxivRaw ? MapArxivRaw(metadata, identifier, location)
                    : ns == Arxiv ? MapArxiv(metadata, identifier, location)
                    : ns == OaiDc ? MapOaiDc(metadata, identifier, location)
                    : ReadOutcome.Reject(location,
                        $"the record {identifier} is in the metadata format <{metadata.Name.LocalName}> ({ns.NamespaceName}), which this reader does not map (arXivRaw, arXiv, oai_dc)");
            }
            catch (RecordFormatException e)
            {
                return ReadOutcome.Reject(location, e.Message);
            }
        }

        private static ReadOutcome MapArxivRaw(XElement metadata, string? identifier, SourceLocation location)
        {
            var ns = metadata.Name.Namespace;
            string? Field(string name) => XmlRecordReading.Child(metadata, ns + name);
            if (!TryResolveId(Field("id"), identifier, location, out var id, out var rejection))
            {
                return rejection;
            }
            if (XmlRecordReading.Line(Field("title")) is not { } title)
            {
                return ReadOutcome.Reject(location, $"{id} has no title");
            }

            var versions = new List<PaperVersion>();
            foreach (var element in metadata.Elements(ns + "version"))
            {
                var label = element.Attribute("version")?.Value;
                if (label is null || label.Length < 2 || label[0] != 'v' ||
                    !int.TryParse(label.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ||
                    number < 1)
                {
                    throw new RecordFormatException($"{id} has a <version> without a number like 'v1': '{label}'");
                }
                var date = XmlRecordReading.Child(element, ns + "date");
                if (date is null || !ArxivHeaderBlock.TryParseDate(date, out var submitted, out _))
                {
                    throw new RecordFormatException($"{id}: the date of {label} is unreadable: '{date}'");
                }
                if (!versions.Exists(v => v.Number == number))
                {
                    versions.Add(new PaperVersion(number, submitted, XmlRecordReading.Line(XmlRecordReading.Child(element, ns + "size"))));
                }
            }
            versions.Sort((a, b) => a.Number.CompareTo(b.Number));

            var authors = XmlRecordReading.Line(Field("authors"));
            return ReadOutcome.Accept(new PaperRecord
            {
                Id = id,
                Version = versions.Count > 0 ? versions[^1].Number : null,
                Title = TexText.Decode(title),
                Authors = authors is null ? [] : AuthorListParser.Parse(authors),
                Abstract = XmlRecordReading.Abstract(Field("abstract")),
                Categories = Categories(Field("categories")),
                Comments = XmlRecordReading.Line(Field("comments")),
                JournalRef = XmlRecordReading.Line(Field("journal-ref")),
                Doi = XmlRecordReading.Line(Field("doi")),
                ReportNo = XmlRecordReading.Line(Field("report-no")),
                License = XmlRecordReading.Line(Field("license")),
                Submitter = XmlRecordReading.Line(Field("submitter")) is { } submitter ? TexText.Decode(submitter) : null,
                MscClass = XmlRecordReading.Line(Field("msc-class")),
                AcmClass = XmlRecordReading.Line(Field("acm-class")),
                Versions = versions,
                AsOf = versions.Count > 0 ? versions[^1].Submitted : null,
                Source = location,
            });
        }

        private static ReadOutcome MapArxiv(XElement metadata, string? identifier, SourceLocation location)
        {
            var ns = metadata.Name.Namespace;
            string? Field(string name) => XmlRecordReading.Child(metadata, ns + name);
            if (!TryResolveId(Field("id"), identifier, location, out var id, out var rejection))
            {
                return rejection;
            }
            if (XmlRecordReading.Line(Field("title")) is not { } title)
            {
                return ReadOutcome.Reject(location, $"{id} has no title");
            }
            var created = Day(Field("created"), "created", id);
            var updated = Day(Field("updated"), "updated", id);

            var authors = new List<AuthorName>();
            foreach (var author in metadata.Element(ns + "authors")?.Elements(ns + "author") ?? [])
            {
                string Part(string name) => XmlRecordReading.Line(XmlRecordReading.Child(author, ns + name)) ?? "";
                var name = string.Join(' ', new[] { Part("forenames"), Part("keyname"), Part("suffix") }.Where(p => p.Length > 0));
                var affiliations = author.Elements(ns + "affiliation")
                    .Select(a => XmlRecordReading.Line(a.Value)).OfType<string>().ToList();
                if (name.Length > 0)
                {
                    authors.Add(new AuthorName(TexText.Decode(name),
                        affiliations.Count > 0 ? TexText.Decode(string.Join("; ", affiliations)) : null));
                }
            }

            return ReadOutcome.Accept(new PaperRecord
            {
                Id = id,
                // Without <updated> the paper has one version; with it, the latest version's number is not given.
                Version = created is not null && updated is null ? 1 : null,
                Title = TexText.Decode(title),
                Authors = authors,
                Abstract = XmlRecordReading.Abstract(Field("abstract")),
                Categories = Categories(Field("categories")),
                Comments = XmlRecordReading.Line(Field("comments")),
                JournalRef = XmlRecordReading.Line(Field("journal-ref")),
                Doi = XmlRecordReading.Line(Field("doi")),
                ReportNo = XmlRecordReading.Line(Field("report-no")),
                License = XmlRecordReading.Line(Field("license")),
                MscClass = XmlRecordReading.Line(Field("msc-class")),
                AcmClass = XmlRecordReading.Line(Field("acm-class")),
                Versions = created is { } v1 ? [new PaperVersion(1, v1)] : [],
                AsOf = updated ?? created,
                Source = location,
            });
        }

        private static ReadOutcome MapOaiDc(XElement metadata, string? identifier, SourceLocation location)
        {
            var dc = new DublinCoreFields();
            foreach (var element in metadata.Elements())
            {
                if (element.Name.Namespace == Dc && dc.Named(element.Name.LocalName) is { } list)
                {
                    list.Add(element.Value);
                }
            }
            // The abs URL among the identifiers names the paper; the header's identifier is the fallback.
            return ArxivDublinCore.Map(dc.Identifier.Exists(ArxivDublinCore.IsAbsUrl) ? null : identifier, dc, location);
        }

        private static bool TryResolveId(string? metadataId, string? identifier, SourceLocation location, out ArxivId id,
            out ReadOutcome rejection)
        {
            var text = metadataId?.Trim() ?? identifier;
            id = default;
            rejection = default;
            if (text is null)
            {
                rejection = ReadOutcome.Reject(location,
                    "the record has no arXiv id (no <id> in its metadata and no <identifier> in its header)");
                return false;
            }
            if (!ArxivId.TryParse(text, out id, out _, out var error))
            {
                rejection = ReadOutcome.Reject(location, $"invalid arXiv id: {error}");
                return false;
            }
            return true;
        }

        private static List<string> Categories(string? text) =>
            (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Distinct(StringComparer.Ordinal).ToList();

        private static DateTimeOffset? Day(string? text, string field, ArxivId id)
        {
            if (text is null)
            {
                return null;
            }
            return DateTimeOffset.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var day)
                ? day
                : throw new RecordFormatException($"{id}: <{field}> is not a day like 2014-12-29: '{text}'");
        }

        private static long? Number(string? text) =>
            long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;

        /// <summary>An OAI-PMH date: a day (<c>2013-02-05</c>) or an instant (<c>2013-05-25T02:42:12Z</c>).</summary>
        private static DateTimeOffset? ParseInstant(string? text) =>
            ArxivDates.TryParse(text, out var value) ? value : null;
    }
}
