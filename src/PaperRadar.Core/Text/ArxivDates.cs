using System.Globalization;

namespace PaperRadar.Core.Text;

/// <summary>Dates as arXiv writes them: "Mon, 2 Apr 2007 19:18:42 GMT", "Fri,  9 Jun 23 00:44:20 GMT", "2008-11-26".</summary>
public static class ArxivDates
{
    private static readonly string[] RfcFormats =
    [
        "ddd, d MMM yyyy HH:mm:ss 'GMT'",
        "d MMM yyyy HH:mm:ss 'GMT'",
        "ddd, d MMM yy HH:mm:ss 'GMT'",
        "ddd, d MMM yyyy HH:mm:ss 'UT'",
        "ddd, d MMM yyyy HH:mm:ss zzz",
        "ddd, d MMM yyyy",
        "d MMM yyyy",
    ];

    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var s = Whitespace.Collapse(text);
        if (DateTimeOffset.TryParseExact(s, RfcFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value))
        {
            return true;
        }
        return DateTimeOffset.TryParseExact(s, ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK"],
            CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    /// <summary>A listing day from a file name that starts with yyyy-MM-dd (e.g. <c>2025-03-18.jsonl.gz</c>).</summary>
    public static DateOnly? DayFromFileName(string path)
    {
        var name = Path.GetFileName(path);
        return name.Length >= 10 &&
               DateOnly.TryParseExact(name.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture,
                   DateTimeStyles.None, out var day)
            ? day
            : null;
    }
}
