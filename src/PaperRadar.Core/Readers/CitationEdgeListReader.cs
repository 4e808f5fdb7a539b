using System.Globalization;
using System.Text.RegularExpressions;
using PaperRadar.Core.IO;
using PaperRadar.Core.Model;

namespace PaperRadar.Core.Readers;

/// <summary>
/// Citation networks as plain edge lists, one <c>citing cited</c> pair per line: the ACL Anthology Network's
/// <c>acl.txt</c> (<c>C08-3004 , A00-1002</c>) and SNAP's arXiv networks (<c>9907233&lt;TAB&gt;9301253</c>, <c>#</c>
/// comment lines). Ids are ACL Anthology ids, arXiv ids, <c>scheme:id</c> ids, or SNAP's bare numbers, which are
/// old-style arXiv numbers with their leading zeros dropped and their archive named only by the file
/// (<c>cit-HepPh</c> → hep-ph, <c>cit-HepTh</c> → hep-th).
/// </summary>
public sealed partial class CitationEdgeListReader : IPaperReader
{
    public const string FormatName = "citation-edges";

    public string Format => FormatName;

    public IEnumerable<ReadOutcome> Read(Stream stream, string sourcePath, CancellationToken cancellationToken = default)
    {
        var archive = SnapArchive(sourcePath);
        foreach (var line in new LineReader().ReadLines(stream, cancellationToken))
        {
            var location = new SourceLocation(sourcePath, line.Number, FormatName);
            if (line.Error is { } error)
            {
                yield return ReadOutcome.Reject(location, error);
                if (line.EndsFile)
                {
                    yield break;
                }
                continue;
            }
            var text = line.Text!.Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }
            if (!TrySplit(text, out var citingText, out var citedText))
            {
                yield return ReadOutcome.Reject(location, "not a 'citing cited' pair (two ids separated by ' , ', a tab or spaces)", text);
                continue;
            }
            if (!TryNode(citingText, archive, out var citing, out var citingError))
            {
                yield return ReadOutcome.Reject(location, $"the citing paper: {citingError}", text);
                continue;
            }
            if (!TryNode(citedText, archive, out var cited, out var citedError))
            {
                yield return ReadOutcome.Reject(location, $"the cited paper: {citedError}", text);
                continue;
            }
            yield return ReadOutcome.Cite(new CitationEdge(citing, cited, location));
        }
    }

    internal static bool TrySplit(string text, out string citing, out string cited)
    {
        var parts = text.Contains(',', StringComparison.Ordinal)
            ? text.Split(',', StringSplitOptions.TrimEntries)
            : text.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        citing = parts.Length > 0 ? parts[0] : "";
        cited = parts.Length > 1 ? parts[1] : "";
        return parts.Length == 2 && citing.Length > 0 && cited.Length > 0;
    }

    /// <summary>The archive SNAP's bare numbers belong to, from the file's name, or null when it names none.</summary>
    internal static string? SnapArchive(string path)
    {
        var name = Path.GetFileName(path).Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        return name.Contains("hepph", StringComparison.OrdinalIgnoreCase) ? "hep-ph"
            : name.Contains("hepth", StringComparison.OrdinalIgnoreCase) ? "hep-th"
            : null;
    }

    internal static bool TryNode(string text, string? archive, out PaperId id, out string? error)
    {
        if (AclId().IsMatch(text))
        {
            return PaperId.TryForeign(PaperId.AclScheme, text, out id, out error);
        }
        if (text.Length <= 7 && text.All(char.IsAsciiDigit))
        {
            if (archive is null)
            {
                id = default;
                error = $"'{text}' is a bare number; name the network in the file name (cit-HepPh, cit-HepTh) so its arXiv archive is known";
                return false;
            }
            var number = long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture).ToString("0000000", CultureInfo.InvariantCulture);
            return PaperId.TryParse($"{archive}/{number}", out id, out _, out error);
        }
        return PaperId.TryParse(text, out id, out _, out error);
    }

    /// <summary>An ACL Anthology id of the old form: venue letter, two-digit year, number (<c>P02-1040</c>, <c>J79-1032f</c>).</summary>
    [GeneratedRegex(@"^[A-Z]\d{2}-\d{4}[a-z]?$", RegexOptions.CultureInvariant)]
    internal static partial Regex AclId();
}
