using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using PaperRadar.Core.Model;
using PaperRadar.Core.Text;

namespace PaperRadar.Core.Readers;

/// <summary>
/// A feed of the arXiv API (<c>export.arxiv.org/api/query</c>), in both serializers arXiv has used: the old one
/// (namespaces declared on each element, hard-wrapped text) and the current one (namespaces on the root, one-line
/// text, https links). Each <c>&lt;entry&gt;</c> is one version of one paper: its id with version
/// (<c>http://arxiv.org/abs/1111.2011v2</c>), title, summary (the abstract), authors with their
/// <c>arxiv:affiliation</c>s, categories with <c>arxiv:primary_category</c> first, <c>arxiv:comment</c>,
/// <c>arxiv:journal_ref</c>, <c>arxiv:doi</c>, <c>published</c> (v1's date) and <c>updated</c> (this version's).
/// </summary>
/// <remarks>
/// <para>The API answers a bad request with a feed whose one entry is an error (id
/// <c>https://arxiv.org/api/errors#…</c>, title "Error"): that entry yields a rejection with arXiv's message, and
/// is listed in <see cref="ArxivAtomFeed.Errors"/>.</para>
/// <para>Entries are read one at a time from a streaming reader; an entry's line is its start tag's (see
/// <see cref="XmlRecordReading"/>). A feed cut short yields the entries before the cut and a last rejection.</para>
/// </remarks>
public sealed class ArxivAtomReader : IPaperReader
{
    public const string FormatName = "arxiv-atom";

    internal static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace ArxivNs = "http://arxiv.org/schemas/atom";
    private static readonly XNamespace OpenSearch = "http://a9.com/-/spec/opensearch/1.1/";

    public string Format => FormatName;

    public IEnumerable<ReadOutcome> Read(Stream stream, string sourcePath, CancellationToken cancellationToken = default) =>
        Read(stream, sourcePath, new ArxivAtomFeed(), cancellationToken);

    /// <summary>Reads the entries, filling in <paramref name="feed"/> with the feed's paging and errors.</summary>
    public IEnumerable<ReadOutcome> Read(Stream stream, string sourcePath, ArxivAtomFeed feed,
        CancellationToken cancellationToken = default)
    {
        var parser = new Parser(stream, sourcePath, feed);
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

    private sealed class Parser(Stream stream, string sourcePath, ArxivAtomFeed feed) : IDisposable
    {
        private readonly XmlRecordReading _keys = new();
        private XmlReader? _xml;
        /// <summary>Whether the root element was read: damage after it is damage, before it the file is not XML.</summary>
        public bool SawRoot { get; private set; }
        private bool _advance = true;

        public void Dispose() => _xml?.Dispose();

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
                        outcome = Reject(1, "the file holds no XML element, so no Atom feed");
                    }
                    feed.Complete = SawRoot;
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
                    if (xml.LocalName != "feed" || xml.NamespaceURI != Atom.NamespaceName)
                    {
                        outcome = Reject(line,
                            $"the root element is <{xml.Name}> ({xml.NamespaceURI}), not an Atom <feed>: this is not an arXiv API response");
                        return false;
                    }
                    SawRoot = true;
                    continue;
                }
                if (xml.Depth == 1 && xml.NamespaceURI == OpenSearch.NamespaceName)
                {
                    var name = xml.LocalName;
                    var value = Number(ReadText(xml));
                    switch (name)
                    {
                        case "totalResults": feed.TotalResults = value; break;
                        case "startIndex": feed.StartIndex = value; break;
                        case "itemsPerPage": feed.ItemsPerPage = value; break;
                    }
                    continue;
                }
                if (xml.Depth == 1 && xml.NamespaceURI == Atom.NamespaceName && xml.LocalName == "updated")
                {
                    feed.Updated = Instant(ReadText(xml));
                    continue;
                }
                if (xml.Depth == 1 && xml.NamespaceURI == Atom.NamespaceName && xml.LocalName == "entry")
                {
                    var entry = (XElement)XNode.ReadFrom(xml);
                    _advance = false;
                    feed.Entries++;
                    outcome = MapEntry(entry, line);
                    return true;
                }
                if (xml.Depth >= 1)
                {
                    xml.Skip();
                    _advance = false;
                }
            }
        }

        public ReadOutcome Damaged(long line, string reason)
        {
            feed.Complete = false;
            feed.Damage = reason;
            var at = line > 0 ? line : _xml is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 1;
            return Reject(at, reason + "; the entries before it were read, the rest of the file was not");
        }

        private string ReadText(XmlReader xml)
        {
            var text = xml.ReadElementContentAsString();
            _advance = false;
            return text;
        }

        private ReadOutcome Reject(long line, string reason) =>
            ReadOutcome.Reject(new SourceLocation(sourcePath, _keys.NextKey(line), FormatName), reason);

        private ReadOutcome MapEntry(XElement entry, long line)
        {
            var location = new SourceLocation(sourcePath, _keys.NextKey(line), FormatName);
            var idText = XmlRecordReading.Child(entry, Atom + "id")?.Trim();
            if (idText is not null && idText.Contains("arxiv.org/api/errors", StringComparison.OrdinalIgnoreCase))
            {
                var message = XmlRecordReading.Line(XmlRecordReading.Child(entry, Atom + "summary")) ?? idText;
                feed.AddError(new ArxivAtomError(message, idText, location.Line));
                return ReadOutcome.Reject(location, $"the arXiv API answered with an error, not a paper: {message} ({idText})");
            }
            if (idText is null)
            {
                return ReadOutcome.Reject(location, "the entry has no <id>, so no arXiv id");
            }
            if (!ArxivId.TryParse(idText, out var id, out var version, out var idError))
            {
                return ReadOutcome.Reject(location, $"invalid arXiv id: {idError}");
            }
            if (XmlRecordReading.Line(XmlRecordReading.Child(entry, Atom + "title")) is not { } title)
            {
                return ReadOutcome.Reject(location, $"{id} has no title");
            }
            DateTimeOffset? published;
            DateTimeOffset? updated;
            try
            {
                published = Date(entry, "published", id);
                updated = Date(entry, "updated", id);
            }
            catch (RecordFormatException e)
            {
                return ReadOutcome.Reject(location, e.Message);
            }

            // published is v1's date; updated is the date of the version the entry describes.
            var versions = new List<PaperVersion>();
            if (published is { } first)
            {
                versions.Add(new PaperVersion(1, first));
            }
            if (version is > 1 && updated is { } latest)
            {
                versions.Add(new PaperVersion(version.Value, latest));
            }

            var authors = new List<AuthorName>();
            foreach (var author in entry.Elements(Atom + "author"))
            {
                var name = XmlRecordReading.Line(XmlRecordReading.Child(author, Atom + "name"));
                var affiliations = author.Elements(ArxivNs + "affiliation")
                    .Select(a => XmlRecordReading.Line(a.Value)).OfType<string>().ToList();
                if (name is not null)
                {
                    authors.Add(new AuthorName(TexText.Decode(name),
                        affiliations.Count > 0 ? TexText.Decode(string.Join("; ", affiliations)) : null));
                }
            }

            var terms = new List<string>();
            if (entry.Element(ArxivNs + "primary_category")?.Attribute("term")?.Value is { Length: > 0 } primary)
            {
                terms.Add(primary);
            }
            terms.AddRange(entry.Elements(Atom + "category").Select(c => c.Attribute("term")?.Value).OfType<string>());
            var (categories, acm, msc) = ArxivDailyReader.ClassifyCategories(terms);

            return ReadOutcome.Accept(new PaperRecord
            {
                Id = id,
                Version = version,
                Title = TexText.Decode(title),
                Authors = authors,
                Abstract = XmlRecordReading.Abstract(XmlRecordReading.Child(entry, Atom + "summary")),
                Categories = categories,
                AcmClass = acm.Count > 0 ? string.Join("; ", acm) : null,
                MscClass = msc.Count > 0 ? string.Join("; ", msc) : null,
                Comments = XmlRecordReading.Line(XmlRecordReading.Child(entry, ArxivNs + "comment")),
                JournalRef = XmlRecordReading.Line(XmlRecordReading.Child(entry, ArxivNs + "journal_ref")),
                Doi = XmlRecordReading.Line(XmlRecordReading.Child(entry, ArxivNs + "doi")),
                Versions = versions,
                AsOf = updated ?? published,
                Source = location,
            });
        }

        private static DateTimeOffset? Date(XElement entry, string name, ArxivId id)
        {
            var text = XmlRecordReading.Child(entry, Atom + name);
            return text is null ? null
                : Instant(text) ?? throw new RecordFormatException($"{id}: <{name}> is not a date: '{text}'");
        }

        private static DateTimeOffset? Instant(string? text) =>
            DateTimeOffset.TryParse(text?.Trim(), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
                ? value
                : null;

        private static long? Number(string text) =>
            long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
    }
}

/// <summary>
/// What an arXiv API feed says besides its entries, filled in by <see cref="ArxivAtomReader"/> as it reads: the
/// paging (<c>opensearch:totalResults</c>, <c>startIndex</c>, <c>itemsPerPage</c>) and the API's errors.
/// </summary>
public sealed class ArxivAtomFeed
{
    private readonly List<ArxivAtomError> _errors = [];

    public long? TotalResults { get; internal set; }
    public long? StartIndex { get; internal set; }
    public long? ItemsPerPage { get; internal set; }

    /// <summary>When arXiv made the feed (its top-level <c>&lt;updated&gt;</c>).</summary>
    public DateTimeOffset? Updated { get; internal set; }

    /// <summary>Entries read, error entries included.</summary>
    public int Entries { get; internal set; }

    /// <summary>Error entries: the API's answer to a bad request (an id in the wrong form, a bad query).</summary>
    public IReadOnlyList<ArxivAtomError> Errors => _errors;

    /// <summary>Whether the document was read to its end.</summary>
    public bool Complete { get; internal set; }

    /// <summary>Why the document could not be read to its end, when it could not.</summary>
    public string? Damage { get; internal set; }

    internal void AddError(ArxivAtomError error) => _errors.Add(error);
}

/// <summary>An error entry of the arXiv API: its message ("incorrect id format for abc"), its id URL and line.</summary>
public sealed record ArxivAtomError(string Message, string Id, long Line);
