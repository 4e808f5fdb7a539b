using System.Globalization;
using System.Net;
using PaperRadar.Core.IO;
using PaperRadar.Core.Model;
using PaperRadar.Core.Text;

namespace PaperRadar.Core.Readers;

/// <summary>
/// The ACL Anthology Network's paper metadata (<c>acl-metadata.txt</c>): blocks of <c>key = {value}</c> lines, one
/// block per paper, separated by blank lines, with <c>id</c> (the ACL Anthology id, stored as <c>acl:ID</c>),
/// <c>author</c> ("Last, First; Last, First"), <c>title</c>, <c>venue</c> and <c>year</c>. Its citation edges
/// (<c>acl.txt</c>) are read by <see cref="CitationEdgeListReader"/>.
/// </summary>
public sealed class AclAnthologyNetworkReader : IPaperReader
{
    public const string FormatName = "aan-metadata";

    public string Format => FormatName;

    public IEnumerable<ReadOutcome> Read(Stream stream, string sourcePath, CancellationToken cancellationToken = default)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        long recordLine = 0;
        foreach (var line in LegacyTextLines.Read(stream, cancellationToken))
        {
            if (line.Error is { } error)
            {
                if (recordLine > 0)
                {
                    yield return ReadOutcome.Reject(Location(sourcePath, recordLine), $"the file ends in a damaged record: {error}");
                }
                yield return ReadOutcome.Reject(Location(sourcePath, line.Number), $"the file cannot be read past this line: {error}");
                yield break;
            }
            var text = line.Text!;
            if (string.IsNullOrWhiteSpace(text))
            {
                if (recordLine > 0)
                {
                    yield return Build(fields, Location(sourcePath, recordLine));
                    fields.Clear();
                    recordLine = 0;
                }
                continue;
            }
            var equals = text.IndexOf(" = {", StringComparison.Ordinal);
            if (equals <= 0 || !text.EndsWith('}'))
            {
                if (recordLine == 0)
                {
                    recordLine = line.Number;
                }
                fields["!"] = $"line {line.Number} is not 'key = {{value}}': '{Excerpt(text)}'";
                continue;
            }
            if (recordLine == 0)
            {
                recordLine = line.Number;
            }
            fields[text[..equals].Trim()] = text[(equals + 4)..^1].Trim();
        }
        if (recordLine > 0)
        {
            yield return Build(fields, Location(sourcePath, recordLine));
        }
    }

    private static SourceLocation Location(string path, long line) => new(path, line, FormatName);

    private static ReadOutcome Build(Dictionary<string, string> fields, SourceLocation location)
    {
        if (fields.TryGetValue("!", out var malformed))
        {
            return ReadOutcome.Reject(location, malformed);
        }
        if (!fields.TryGetValue("id", out var idText))
        {
            return ReadOutcome.Reject(location, "the record has no 'id = {...}' line");
        }
        if (!PaperId.TryForeign(PaperId.AclScheme, idText, out var id, out var idError))
        {
            return ReadOutcome.Reject(location, idError);
        }
        var title = fields.GetValueOrDefault("title");
        if (string.IsNullOrWhiteSpace(title))
        {
            return ReadOutcome.Reject(location, $"{id} has no title");
        }
        if (!fields.TryGetValue("year", out var yearText) ||
            !int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 1900 or > 2100)
        {
            return ReadOutcome.Reject(location, $"{id} has no year, or not a year: '{fields.GetValueOrDefault("year")}'");
        }
        return ReadOutcome.Accept(new PaperRecord
        {
            Id = id,
            Title = Whitespace.Collapse(TexText.Decode(WebUtility.HtmlDecode(title))),
            Authors = Authors(fields.GetValueOrDefault("author")),
            Venue = fields.GetValueOrDefault("venue") is { Length: > 0 } venue ? venue : null,
            Year = year,
            Source = location,
        });
    }

    private static readonly HashSet<string> Particles = new(StringComparer.Ordinal)
    {
        "de", "da", "del", "della", "der", "den", "di", "du", "dos", "la", "le", "ter", "van", "von", "zu",
    };

    /// <summary>
    /// "Rush, Alexander M.; Sontag, David" → "Alexander M. Rush", "David Sontag". The file writes accents as HTML
    /// entities (<c>Daum&amp;eacute; III, Hal</c>), decoded before splitting since their <c>;</c> is not a separator;
    /// the entities' semicolons also split some names, which are joined again: a lone particle belongs to the name
    /// before it ("Gispert, Adrià; de" is Adrià de Gispert) and a lone one- or two-letter capital to the name after
    /// it ("Ó; Séaghdha, Diarmuid" is Diarmuid Ó Séaghdha). A fragment of at most two characters without a capital
    /// is not a name (the network has an author "s") and is left out.
    /// </summary>
    public static List<AuthorName> Authors(string? text)
    {
        var fragments = WebUtility.HtmlDecode(text ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var names = new List<(string Last, string? First)>();
        string? pendingPrefix = null;
        foreach (var fragment in fragments)
        {
            var comma = fragment.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 && Particles.Contains(fragment) && names.Count > 0)
            {
                names[^1] = ($"{fragment} {names[^1].Last}", names[^1].First);
                continue;
            }
            if (comma < 0 && fragment.Length <= 2 && fragment.Any(char.IsUpper) && !fragment.EndsWith('.'))
            {
                pendingPrefix = fragment;
                continue;
            }
            if (comma < 0 && fragment.Length <= 2 && !fragment.Any(char.IsUpper))
            {
                continue;
            }
            var last = comma < 0 ? fragment : fragment[..comma].Trim();
            var first = comma < 0 ? null : fragment[(comma + 1)..].Trim();
            if (pendingPrefix is not null)
            {
                last = $"{pendingPrefix} {last}";
                pendingPrefix = null;
            }
            names.Add((last, first));
        }
        return names
            .Select(n => new AuthorName(Whitespace.Collapse(TexText.Decode(string.IsNullOrEmpty(n.First) ? n.Last : $"{n.First} {n.Last}"))))
            .ToList();
    }

    private static string Excerpt(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
