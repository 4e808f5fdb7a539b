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
        // The two families cannot both match, so trying the likely one first changes no result; it spares the OAI-PMH
        // reader seven failed RFC parses per datestamp (a tenth of its time on a 1,000-record page).
        if (s.Length >= 5 && char.IsAsciiDigit(s[0]) && s[4] == '-')
        {
            return TryParseIso(s, out value) || TryParseRfc(s, out value);
        }
        return TryParseRfc(s, out value) || TryParseIso(s, out value);
    }

    private static bool TryParseRfc(string s, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(s, RfcFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    private static readonly string[] IsoFormats = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK"];

    private static bool TryParseIso(string s, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(s, IsoFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

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
