using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace PaperRadar.Core.Model;

/// <summary>
/// One arXiv paper, independent of version: new-style <c>2410.17243</c> (YYMM.NNNN before 2015, YYMM.NNNNN since)
/// or old-style <c>hep-th/9709111</c> (archive/YYMMNNN, 1991–2007). The canonical form drops an old-style subject
/// class (<c>math.GT/0309136</c> is <c>math/0309136</c>), an <c>arXiv:</c> prefix, an abs/pdf URL and the version.
/// </summary>
public readonly record struct ArxivId : IComparable<ArxivId>
{
    private ArxivId(string value) => Value = value;

    /// <summary>The canonical id, e.g. <c>2410.17243</c> or <c>hep-th/9709111</c>.</summary>
    public string Value { get; }

    public bool IsOldStyle => Value.Contains('/', StringComparison.Ordinal);

    /// <summary>Year and month of first submission, from the id itself.</summary>
    public (int Year, int Month) YearMonth
    {
        get
        {
            var digits = IsOldStyle ? Value[(Value.IndexOf('/', StringComparison.Ordinal) + 1)..] : Value;
            var yy = (digits[0] - '0') * 10 + (digits[1] - '0');
            var mm = (digits[2] - '0') * 10 + (digits[3] - '0');
            var year = IsOldStyle ? (yy >= 91 ? 1900 + yy : 2000 + yy) : 2000 + yy;
            return (year, mm);
        }
    }

    public override string ToString() => Value ?? "";

    public int CompareTo(ArxivId other) => string.CompareOrdinal(Value, other.Value);

    public static ArxivId Parse(string text)
    {
        if (TryParse(text, out var id, out _, out var error))
        {
            return id;
        }
        throw new FormatException(error);
    }

    public static bool TryParse(string? text, out ArxivId id) => TryParse(text, out id, out _, out _);

    /// <summary>Parses any common spelling of an arXiv id; <paramref name="version"/> is set for <c>2410.17243v2</c>.</summary>
    public static bool TryParse(
        string? text, out ArxivId id, out int? version, [NotNullWhen(false)] out string? error)
    {
        id = default;
        version = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "the arXiv id is empty";
            return false;
        }

        var s = text.Trim();
        s = StripPrefix(s, "https://arxiv.org/abs/");
        s = StripPrefix(s, "http://arxiv.org/abs/");
        s = StripPrefix(s, "https://arxiv.org/pdf/");
        s = StripPrefix(s, "http://arxiv.org/pdf/");
        s = StripPrefix(s, "https://export.arxiv.org/abs/");
        s = StripPrefix(s, "http://export.arxiv.org/abs/");
        s = StripPrefix(s, "oai:arXiv.org:");
        s = StripPrefix(s, "arXiv:");
        if (s.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase))
        {
            s = s[..^4];
        }

        // Version suffix: v followed by digits at the end.
        var vAt = s.LastIndexOf('v');
        if (vAt > 0 && vAt < s.Length - 1 && IsAllDigits(s.AsSpan(vAt + 1)))
        {
            if (!int.TryParse(s.AsSpan(vAt + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v < 1)
            {
                error = $"'{text}' has an invalid version";
                return false;
            }
            version = v;
            s = s[..vAt];
        }

        var slash = s.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            return TryOldStyle(text, s, slash, out id, out error);
        }
        return TryNewStyle(text, s, out id, out error);
    }

    private static bool TryNewStyle(string original, string s, out ArxivId id, [NotNullWhen(false)] out string? error)
    {
        id = default;
        var dot = s.IndexOf('.', StringComparison.Ordinal);
        if (dot != 4 || !IsAllDigits(s.AsSpan(0, 4)) || !IsAllDigits(s.AsSpan(5)))
        {
            error = $"'{original}' is not an arXiv id (expected YYMM.NNNNN or archive/YYMMNNN)";
            return false;
        }
        var yy = (s[0] - '0') * 10 + (s[1] - '0');
        var mm = (s[2] - '0') * 10 + (s[3] - '0');
        var numberLength = s.Length - 5;
        if (mm is < 1 or > 12)
        {
            error = $"'{original}' has month {mm:00}, which does not exist";
            return false;
        }
        if (yy < 7 || (yy == 7 && mm < 4))
        {
            error = $"'{original}' predates new-style arXiv ids (April 2007)";
            return false;
        }
        var expectedLength = yy >= 15 ? 5 : 4;
        if (numberLength != expectedLength)
        {
            error = $"'{original}' has a {numberLength}-digit number; ids from 20{yy:00} have {expectedLength}";
            return false;
        }
        id = new ArxivId(s);
        error = null;
        return true;
    }

    private static bool TryOldStyle(
        string original, string s, int slash, out ArxivId id, [NotNullWhen(false)] out string? error)
    {
        id = default;
        var archive = s[..slash];
        var number = s[(slash + 1)..];
        // An old-style id may carry a subject class (math.GT/0309136); the paper is the archive's.
        var classDot = archive.IndexOf('.', StringComparison.Ordinal);
        if (classDot >= 0)
        {
            archive = archive[..classDot];
        }
        if (archive.Length == 0 || !archive.All(c => c is (>= 'a' and <= 'z') or '-') || archive[0] == '-')
        {
            error = $"'{original}' has an invalid archive name '{archive}'";
            return false;
        }
        if (number.Length != 7 || !IsAllDigits(number))
        {
            error = $"'{original}' is not an old-style arXiv id (expected archive/YYMMNNN)";
            return false;
        }
        var yy = (number[0] - '0') * 10 + (number[1] - '0');
        var mm = (number[2] - '0') * 10 + (number[3] - '0');
        if (mm is < 1 or > 12)
        {
            error = $"'{original}' has month {mm:00}, which does not exist";
            return false;
        }
        var year = yy >= 91 ? 1900 + yy : 2000 + yy;
        if (year > 2007 || (year == 2007 && mm > 3))
        {
            error = $"'{original}': old-style ids end in March 2007";
            return false;
        }
        id = new ArxivId(archive + "/" + number);
        error = null;
        return true;
    }

    private static string StripPrefix(string s, string prefix) =>
        s.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? s[prefix.Length..] : s;

    private static bool IsAllDigits(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }
        return true;
    }
}
