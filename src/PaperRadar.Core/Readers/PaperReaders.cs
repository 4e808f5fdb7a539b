using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using PaperRadar.Core.IO;

namespace PaperRadar.Core.Readers;

/// <summary>The readers this build knows, by format name, and detection of a file's format from its content.</summary>
public static partial class PaperReaders
{
    private static readonly Dictionary<string, Func<IPaperReader>> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        [ArxivDailyReader.FormatName] = () => new ArxivDailyReader(),
        [ArxivSnapshotReader.FormatName] = () => new ArxivSnapshotReader(),
        [ArxivListingReader.FormatName] = () => new ArxivListingReader(),
        [ArxivAbsReader.FormatName] = () => new ArxivAbsReader(),
        [HuggingFaceDailyReader.FormatName] = () => new HuggingFaceDailyReader(),
        [ArxivOaiDcJsonLinesReader.FormatName] = () => new ArxivOaiDcJsonLinesReader(),
        [OaiPmhReader.FormatName] = () => new OaiPmhReader(),
        [ArxivAtomReader.FormatName] = () => new ArxivAtomReader(),
        [AclAnthologyNetworkReader.FormatName] = () => new AclAnthologyNetworkReader(),
        [CitationEdgeListReader.FormatName] = () => new CitationEdgeListReader(),
        [SemanticScholarReader.FormatName] = () => new SemanticScholarReader(),
        [AclAnthologyXmlReader.FormatName] = () => new AclAnthologyXmlReader(),
        [OpenAlexWorksReader.FormatName] = () => new OpenAlexWorksReader(),
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
        if (head.Length >= 262 && string.CompareOrdinal(head, 257, "ustar", 0, 5) == 0)
        {
            // A tar archive: the ACL Anthology's release is one of its collection files.
            if (head.Contains(".xml", StringComparison.Ordinal) && head.Contains("<collection", StringComparison.Ordinal))
            {
                return AclAnthologyXmlReader.FormatName;
            }
            reason = "a tar archive, but not of ACL Anthology XML (data/xml/*.xml with <collection> roots)";
            return null;
        }
        var text = head.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.Length == 0)
        {
            reason = damage is null ? "the file is empty" : $"it cannot be decompressed: {damage}";
            return null;
        }
        if (text[0] == '{' && LooksLikeOpenAlex(text, mayContinue))
        {
            return OpenAlexWorksReader.FormatName;
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
            if (names.Contains("paper_id") && (names.Contains("outbound_citations") || names.Contains("s2_url")))
            {
                return SemanticScholarReader.FormatName;
            }
            if (names.Contains("id") && (names.Contains("summary") || (names.Contains("pdf") && names.Contains("abs"))))
            {
                return ArxivDailyReader.FormatName;
            }
            reason = "JSON lines, but not a layout this build reads (arXiv snapshot, daily crawler, S2ORC metadata)";
            return null;
        }
        if (text[0] == '[' && OaiDcJsonLine().IsMatch(text))
        {
            return LooksLikeOaiDcLine(text, mayContinue, out reason) ? ArxivOaiDcJsonLinesReader.FormatName : null;
        }
        if (text[0] == '<')
        {
            return DetectXml(text, mayContinue, out reason);
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
        if (text.StartsWith("id = {", StringComparison.Ordinal))
        {
            return AclAnthologyNetworkReader.FormatName;
        }
        if (LooksLikeListing(text))
        {
            return ArxivListingReader.FormatName;
        }
        if (LooksLikeEdgeList(text, path, mayContinue, out var edgeReason))
        {
            return CitationEdgeListReader.FormatName;
        }
        reason = edgeReason ?? "not a format this build reads (arXiv daily JSON lines, snapshot JSON lines, oai_dc JSON lines, " +
                 "listing, .abs, OAI-PMH XML, arXiv API Atom, ACL Anthology Network metadata, OpenAlex works JSON, citation edge lists)";
        return null;
    }

    /// <summary>
    /// A citation edge list: every one of the first complete lines (comments aside) is a pair of paper ids. A pair
    /// whose second half is a year or a date is a table of paper dates (SNAP ships those beside its networks), not
    /// citations.
    /// </summary>
    private static bool LooksLikeEdgeList(string text, string path, bool mayContinue, out string? reason)
    {
        reason = null;
        var lines = text.Split('\n');
        var complete = mayContinue ? lines[..^1] : lines;
        var pairs = complete.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).Take(20).ToList();
        if (pairs.Count == 0)
        {
            return false;
        }
        var archive = CitationEdgeListReader.SnapArchive(path) ?? "hep-th";
        var dated = 0;
        foreach (var pair in pairs)
        {
            if (!CitationEdgeListReader.TrySplit(pair, out var citing, out var cited) ||
                !CitationEdgeListReader.TryNode(citing, archive, out _, out _))
            {
                return false;
            }
            if (DateOrYear().IsMatch(cited))
            {
                dated++;
            }
            else if (!CitationEdgeListReader.TryNode(cited, archive, out _, out _))
            {
                return false;
            }
        }
        if (dated == pairs.Count)
        {
            reason = "a table of paper ids and their dates or years, not citations";
            return false;
        }
        return true;
    }

    [GeneratedRegex(@"^(1[89]|20)\d\d(-\d\d-\d\d)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DateOrYear();

    /// <summary>A line that opens like <c>["0704.0004", {</c>: an arXiv id, then an object.</summary>
    [GeneratedRegex(@"^\[\s*""[^""\n]*""\s*,\s*\{", RegexOptions.CultureInvariant)]
    private static partial Regex OaiDcJsonLine();

    /// <summary>
    /// The oai_dc JSON lines layout: the first line is <c>["&lt;id&gt;", {Dublin Core lists}]</c>, with at least one
    /// of the Dublin Core names arXiv fills in among the object's first properties.
    /// </summary>
    private static bool LooksLikeOaiDcLine(string text, bool mayContinue, out string reason)
    {
        reason = "";
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        var firstLine = newline < 0 ? text : text[..newline];
        var names = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(firstLine), isFinalBlock: newline >= 0 || !mayContinue,
                state: default);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 2)
                {
                    names.Add(reader.GetString()!);
                }
            }
        }
        catch (JsonException)
        {
            reason = "starts like JSON but its first line is not a JSON array";
            return false;
        }
        if (names.Overlaps(["title", "creator", "identifier", "subject", "description", "date"]))
        {
            return true;
        }
        reason = "JSON lines of [id, {...}], but the object holds no Dublin Core fields (title, creator, identifier)";
        return false;
    }

    /// <summary>
    /// An XML document by its root: an OAI-PMH response of records or of an error, or an Atom feed of the arXiv
    /// API. OAI-PMH responses that cannot hold papers (Identify, ListSets, ListMetadataFormats, ListIdentifiers)
    /// are not a format to import, and neither is an API feed without entries, so a harvest folder can be imported as
    /// a whole.
    /// </summary>
    private static string? DetectXml(string text, bool mayContinue, out string reason)
    {
        reason = "";
        using var xml = XmlReader.Create(new StringReader(text), new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreWhitespace = true,
        });
        var isOaiPmh = false;
        try
        {
            if (xml.MoveToContent() != XmlNodeType.Element)
            {
                reason = "XML without a root element";
                return null;
            }
            if (xml.LocalName == "feed" && xml.NamespaceURI == ArxivAtomReader.Atom.NamespaceName)
            {
                if (text.Contains("arxiv.org/api", StringComparison.OrdinalIgnoreCase) ||
                    text.Contains("http://arxiv.org/schemas/atom", StringComparison.Ordinal))
                {
                    if (!mayContinue && !text.Contains("<entry", StringComparison.Ordinal))
                    {
                        // An empty answer (nothing matched the query or the ids) is not a file of papers.
                        reason = "an arXiv API feed with no entries (nothing matched its query)";
                        return null;
                    }
                    return ArxivAtomReader.FormatName;
                }
                reason = "an Atom feed, but not one of the arXiv API";
                return null;
            }
            if (xml.LocalName == "collection" && xml.NamespaceURI.Length == 0 && xml.GetAttribute("id") is not null)
            {
                return AclAnthologyXmlReader.FormatName;
            }
            if (xml.LocalName != "OAI-PMH" || xml.NamespaceURI != OaiPmhReader.Oai.NamespaceName)
            {
                reason = $"XML with root <{xml.Name}>, not a layout this build reads (OAI-PMH response, arXiv API Atom feed)";
                return null;
            }
            isOaiPmh = true;
            while (xml.Read())
            {
                if (xml.NodeType != XmlNodeType.Element || xml.Depth != 1 || xml.LocalName is "responseDate" or "request")
                {
                    continue;
                }
                if (xml.LocalName is "ListRecords" or "GetRecord" or "error")
                {
                    return OaiPmhReader.FormatName;
                }
                reason = $"an OAI-PMH {xml.LocalName} response, which holds no paper records (ListRecords and GetRecord do)";
                return null;
            }
            return OaiPmhReader.FormatName;
        }
        catch (XmlException e)
        {
            // The head may end (or the file be damaged) after the root: its reader reports where.
            if (isOaiPmh)
            {
                return OaiPmhReader.FormatName;
            }
            reason = $"starts like XML but cannot be read: {e.Message}";
            return null;
        }
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

    /// <summary>
    /// A saved OpenAlex answer: one JSON document (often pretty-printed), a list response with <c>meta</c> and
    /// <c>results</c> or a single work, naming OpenAlex works.
    /// </summary>
    private static bool LooksLikeOpenAlex(string text, bool mayContinue)
    {
        if (!text.Contains("openalex.org/W", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        try
        {
            var names = TopLevelNames(text, complete: !mayContinue);
            return (names.Contains("meta") && names.Contains("results")) ||
                   (names.Contains("id") && (names.Contains("referenced_works") || names.Contains("cited_by_count")));
        }
        catch (JsonException)
        {
            // Several documents (JSON lines): not one answer of the API.
            return false;
        }
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
