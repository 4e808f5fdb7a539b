using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using PaperRadar.Core.Serialization;

namespace PaperRadar.Core.Model;

/// <summary>
/// The id of a paper in the store. An arXiv paper is its canonical arXiv id, written bare (<c>2410.17243</c>,
/// <c>hep-th/9709111</c>), so every existing link and file keeps working. A paper from a source without arXiv ids has
/// a scheme prefix naming that source's own ids: <c>acl:P02-1040</c> (ACL Anthology), <c>s2:77490025</c> (Semantic
/// Scholar / S2ORC), <c>doi:10.18653/v1/d19-1001</c> (a DOI, lower-cased since DOIs are case-insensitive),
/// <c>openalex:W2741809807</c> (an OpenAlex work).
/// </summary>
[JsonConverter(typeof(PaperIdJsonConverter))]
public readonly record struct PaperId : IComparable<PaperId>
{
    public const string AclScheme = "acl";
    public const string SemanticScholarScheme = "s2";
    public const string DoiScheme = "doi";
    public const string OpenAlexScheme = "openalex";

    private static readonly string[] Schemes = [AclScheme, SemanticScholarScheme, DoiScheme, OpenAlexScheme];

    private PaperId(string value) => Value = value;

    /// <summary>The id as stored and shown: a bare arXiv id, or <c>scheme:local-id</c>.</summary>
    public string Value { get; }

    /// <summary>The arXiv id, when this is an arXiv paper.</summary>
    public ArxivId? Arxiv => Value is null || Value.Contains(':', StringComparison.Ordinal) ? null : ArxivId.Parse(Value);

    /// <summary>"arxiv" or the prefix of a foreign id.</summary>
    public string Scheme => Value is { } v && v.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 ? v[..colon] : "arxiv";

    /// <summary>The id within its scheme (for arXiv, the arXiv id itself).</summary>
    public string LocalId => Value is { } v && v.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 ? v[(colon + 1)..] : Value ?? "";

    public static implicit operator PaperId(ArxivId id) => new(id.Value);

    public static PaperId Acl(string aclId) => Foreign(AclScheme, aclId);
    public static PaperId SemanticScholar(string corpusId) => Foreign(SemanticScholarScheme, corpusId);
    public static PaperId Doi(string doi) => Foreign(DoiScheme, doi);
    public static PaperId OpenAlex(string workId) => Foreign(OpenAlexScheme, workId);

    /// <summary>A foreign id; throws <see cref="FormatException"/> saying why when the local id cannot be one.</summary>
    public static PaperId Foreign(string scheme, string localId) =>
        TryForeign(scheme, localId, out var id, out var error) ? id : throw new FormatException(error);

    public static bool TryForeign(string scheme, string? localId, out PaperId id, [NotNullWhen(false)] out string? error)
    {
        id = default;
        if (!Schemes.Contains(scheme, StringComparer.Ordinal))
        {
            error = $"'{scheme}' is not a paper id scheme this build knows ({string.Join(", ", Schemes)})";
            return false;
        }
        var local = localId?.Trim() ?? "";
        if (scheme == DoiScheme)
        {
            local = StripDoiPrefix(local).ToLowerInvariant();
        }
        else if (scheme == OpenAlexScheme)
        {
            local = StripOpenAlexPrefix(local).ToUpperInvariant();
        }
        if (local.Length == 0 || local.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            error = local.Length == 0 ? $"the {scheme} id is empty" : $"the {scheme} id '{localId}' contains spaces or control characters";
            return false;
        }
        if (scheme == DoiScheme && !local.StartsWith("10.", StringComparison.Ordinal))
        {
            error = $"'{localId}' is not a DOI (a DOI starts with 10.)";
            return false;
        }
        if (scheme == AclScheme && !local.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
        {
            error = $"'{localId}' is not an ACL Anthology id (letters, digits, '-' and '.')";
            return false;
        }
        if (scheme == OpenAlexScheme && (local.Length < 2 || local[0] != 'W' || !local.Skip(1).All(char.IsAsciiDigit)))
        {
            error = $"'{localId}' is not an OpenAlex work id (W and digits, e.g. W2741809807)";
            return false;
        }
        if (scheme == SemanticScholarScheme && !local.All(char.IsAsciiDigit))
        {
            error = $"'{localId}' is not a Semantic Scholar corpus id (digits)";
            return false;
        }
        id = new PaperId(scheme + ":" + local);
        error = null;
        return true;
    }

    public static PaperId Parse(string text) =>
        TryParse(text, out var id, out _, out var error) ? id : throw new FormatException(error);

    public static bool TryParse(string? text, out PaperId id) => TryParse(text, out id, out _, out _);

    /// <summary>
    /// Parses an arXiv id in any common spelling (then <paramref name="version"/> may be set) or <c>scheme:local-id</c>.
    /// </summary>
    public static bool TryParse(string? text, out PaperId id, out int? version, [NotNullWhen(false)] out string? error)
    {
        id = default;
        version = null;
        var trimmed = text?.Trim() ?? "";
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && Schemes.Contains(trimmed[..colon].ToLowerInvariant(), StringComparer.Ordinal))
        {
            return TryForeign(trimmed[..colon].ToLowerInvariant(), trimmed[(colon + 1)..], out id, out error);
        }
        if (!ArxivId.TryParse(text, out var arxivId, out version, out error))
        {
            if (colon > 0 && !trimmed.StartsWith("http", StringComparison.OrdinalIgnoreCase) &&
                !trimmed.StartsWith("arxiv:", StringComparison.OrdinalIgnoreCase) &&
                !trimmed.StartsWith("oai:", StringComparison.OrdinalIgnoreCase))
            {
                error = $"'{text}' is neither an arXiv id nor one of {string.Join(", ", Schemes.Select(s => s + ":ID"))}";
            }
            return false;
        }
        id = arxivId;
        return true;
    }

    private static string StripDoiPrefix(string doi)
    {
        foreach (var prefix in (string[])["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"])
        {
            if (doi.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return doi[prefix.Length..];
            }
        }
        return doi;
    }

    /// <summary>An OpenAlex id as the API writes it (<c>https://openalex.org/W2741809807</c>) without its address.</summary>
    private static string StripOpenAlexPrefix(string id)
    {
        foreach (var prefix in (string[])["https://openalex.org/works/", "https://openalex.org/", "http://openalex.org/"])
        {
            if (id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return id[prefix.Length..];
            }
        }
        return id;
    }

    public override string ToString() => Value ?? "";

    public int CompareTo(PaperId other) => string.CompareOrdinal(Value, other.Value);
}
