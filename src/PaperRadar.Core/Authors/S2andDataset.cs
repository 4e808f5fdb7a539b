using System.Globalization;
using System.Text.Json;

namespace PaperRadar.Core.Authors;

/// <summary>A file of the S2AND format that cannot be read: which file, where in it, and why.</summary>
public sealed class S2andFormatException(string file, string where, string reason)
    : FormatException($"{file}: {where}: {reason}")
{
    public string File { get; } = file;
    public string Where { get; } = where;
    public string Reason { get; } = reason;
}

/// <summary>
/// Author-disambiguation data in S2AND's format (allenai/S2AND): <c>signatures.json</c> (signature id → paper id,
/// author position, first/middle/last name, affiliations, optional ORCID-like author ids), <c>clusters.json</c> (gold
/// person → signature ids) and optionally <c>papers.json</c> (paper id → title, abstract, venue, year, authors).
/// </summary>
public sealed record S2andDataset(IReadOnlyList<AuthorSignature> Signatures, IReadOnlyDictionary<string, string> GoldClusterOfSignature)
{
    /// <summary>Reads the files; papers add co-authors, venue, year and title/abstract terms to the signatures.</summary>
    /// <exception cref="S2andFormatException">A file is not valid JSON or lacks what the format requires.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static S2andDataset Read(string signaturesFile, string clustersFile, string? papersFile = null)
    {
        var papers = papersFile is null ? new Dictionary<string, PaperInfo>() : ReadPapers(papersFile);
        var signatures = ReadSignatures(signaturesFile, papers);
        var gold = ReadClusters(clustersFile, signatures.Select(s => s.Id).ToHashSet(StringComparer.Ordinal));
        return new S2andDataset(signatures, gold);
    }

    /// <summary>Disambiguation without known identifiers: the S2AND author ids are what the gold is built from.</summary>
    public IReadOnlyList<AuthorSignature> SignaturesWithoutIdentifiers() =>
        Signatures.Select(s => s with { KnownIdentifier = null }).ToList();

    private sealed record PaperInfo(string? Title, string? Abstract, string? Venue, int? Year, IReadOnlyList<string> Authors);

    private static JsonElement ParseObject(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            using var document = JsonDocument.Parse(stream);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new S2andFormatException(file, "top level", $"expected a JSON object keyed by id, found {Kind(document.RootElement)}");
            }
            return document.RootElement.Clone();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not S2andFormatException)
        {
            throw new IOException($"cannot read {file}: {e.Message}", e);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line
                ? string.Create(CultureInfo.InvariantCulture, $"line {line + 1}, byte {e.BytePositionInLine + 1}")
                : "somewhere";
            // System.Text.Json's message ends with its position and advice for programmers; the first sentence says why.
            throw new S2andFormatException(file, where, "not valid JSON: " + e.Message.Split('.', 2)[0]);
        }
    }

    private static List<AuthorSignature> ReadSignatures(string file, Dictionary<string, PaperInfo> papers)
    {
        var root = ParseObject(file);
        var signatures = new List<AuthorSignature>();
        foreach (var entry in root.EnumerateObject())
        {
            var where = $"signature \"{entry.Name}\"";
            var value = entry.Value;
            if (value.ValueKind != JsonValueKind.Object)
            {
                throw new S2andFormatException(file, where, $"expected an object, found {Kind(value)}");
            }
            if (!value.TryGetProperty("author_info", out var info) || info.ValueKind != JsonValueKind.Object)
            {
                throw new S2andFormatException(file, where, "no \"author_info\" object");
            }
            var paperId = value.TryGetProperty("paper_id", out var paper) ? Scalar(paper)
                : throw new S2andFormatException(file, where, "no \"paper_id\"");
            var first = String(info, "first");
            var middle = String(info, "middle");
            var last = String(info, "last") ?? throw new S2andFormatException(file, where, "author_info has no \"last\" name");
            var suffix = String(info, "suffix");
            var written = string.Join(' ', new[] { first, middle, last }.Where(p => !string.IsNullOrWhiteSpace(p)));
            if (!string.IsNullOrWhiteSpace(suffix))
            {
                written += ", " + suffix;
            }
            var position = info.TryGetProperty("position", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt32() : 0;
            var affiliations = info.TryGetProperty("affiliations", out var a) && a.ValueKind == JsonValueKind.Array
                ? a.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
                : [];
            string? identifier = null;
            if (value.TryGetProperty("sourced_author_ids", out var ids) && ids.ValueKind == JsonValueKind.Array
                && value.TryGetProperty("sourced_author_source", out var source) && source.GetString() == "ORCID")
            {
                identifier = ids.EnumerateArray().Select(Scalar).FirstOrDefault() is { } orcid ? "ORCID:" + orcid : null;
            }
            var signature = new AuthorSignature
            {
                Id = entry.Name,
                PaperId = paperId,
                Position = position,
                Name = PersonName.Parse(written),
                Affiliations = affiliations,
                KnownIdentifier = identifier,
            };
            if (papers.TryGetValue(paperId, out var info2))
            {
                signature = signature with
                {
                    CoAuthors = info2.Authors,
                    Venues = info2.Venue is { Length: > 0 } venue ? [venue] : [],
                    Year = info2.Year,
                    TopicTerms = Words($"{info2.Title} {info2.Abstract}"),
                };
            }
            signatures.Add(signature);
        }
        return signatures;
    }

    private static Dictionary<string, PaperInfo> ReadPapers(string file)
    {
        var root = ParseObject(file);
        var papers = new Dictionary<string, PaperInfo>(StringComparer.Ordinal);
        foreach (var entry in root.EnumerateObject())
        {
            var value = entry.Value;
            if (value.ValueKind != JsonValueKind.Object)
            {
                throw new S2andFormatException(file, $"paper \"{entry.Name}\"", $"expected an object, found {Kind(value)}");
            }
            var authors = value.TryGetProperty("authors", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray()
                    .Where(x => x.ValueKind == JsonValueKind.Object && x.TryGetProperty("author_name", out _))
                    .OrderBy(x => x.TryGetProperty("position", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt32() : 0)
                    .Select(x => x.GetProperty("author_name").GetString() ?? "").ToList()
                : [];
            var year = value.TryGetProperty("year", out var y) && y.ValueKind == JsonValueKind.Number ? y.GetInt32() : (int?)null;
            papers[entry.Name] = new PaperInfo(String(value, "title"), String(value, "abstract"), String(value, "venue") ?? String(value, "journal_name"), year, authors);
        }
        return papers;
    }

    private static Dictionary<string, string> ReadClusters(string file, HashSet<string> signatureIds)
    {
        var root = ParseObject(file);
        var gold = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in root.EnumerateObject())
        {
            var where = $"cluster \"{entry.Name}\"";
            if (entry.Value.ValueKind != JsonValueKind.Object
                || !entry.Value.TryGetProperty("signature_ids", out var ids) || ids.ValueKind != JsonValueKind.Array)
            {
                throw new S2andFormatException(file, where, "expected an object with a \"signature_ids\" array");
            }
            foreach (var id in ids.EnumerateArray().Select(Scalar))
            {
                if (!signatureIds.Contains(id))
                {
                    throw new S2andFormatException(file, where, $"signature \"{id}\" is not in the signatures file");
                }
                if (!gold.TryAdd(id, entry.Name))
                {
                    throw new S2andFormatException(file, where, $"signature \"{id}\" is also in cluster \"{gold[id]}\"");
                }
            }
        }
        return gold;
    }

    private static IReadOnlyList<string> Words(string text) =>
        text.Split((char[])[' ', ',', '.', ';', ':', '(', ')', '[', ']', '"', '\'', '-', '/', '\n', '\t', '?', '!'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.ToLowerInvariant()).ToList();

    private static string? String(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Scalar(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.Number => element.GetRawText(),
        _ => element.GetRawText(),
    };

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.Null => "null",
        _ => element.ValueKind.ToString().ToLowerInvariant(),
    };
}
