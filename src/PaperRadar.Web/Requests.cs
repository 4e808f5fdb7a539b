using System.Globalization;
using PaperRadar.Core.Model;
using PaperRadar.Search;

namespace PaperRadar.Web;

/// <summary>Reads request parameters; each returns the value or an error message that says what was wrong.</summary>
internal static class Requests
{
    public static bool TryDay(string? text, out DateOnly? day, out string? error)
    {
        day = null;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            day = parsed;
            return true;
        }
        error = $"'{text}' is not a day; write it as YYYY-MM-DD, e.g. 2026-05-27";
        return false;
    }

    public static bool TryPaperId(string? text, out PaperId id, out string? error)
    {
        error = null;
        if (PaperId.TryParse(text, out id))
        {
            return true;
        }
        error = $"'{text}' is not a paper id; ids look like 2410.17243 (or 2410.17243v2), hep-th/9709111 or acl:P02-1040";
        return false;
    }

    public static bool TryMode(string? text, out SearchMode mode, out string? error)
    {
        error = null;
        mode = SearchMode.Hybrid;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (Enum.TryParse(text, ignoreCase: true, out mode) && Enum.IsDefined(mode))
        {
            return true;
        }
        error = $"mode '{text}' is not one of hybrid, keyword, semantic";
        return false;
    }

    public static bool TryNumber(string? text, string name, int minimum, int maximum, int fallback, out int value, out string? error)
    {
        error = null;
        value = fallback;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= minimum && value <= maximum)
        {
            return true;
        }
        error = $"{name} '{text}' must be a whole number from {minimum} to {maximum}";
        return false;
    }

    public static bool TryCategory(string? text, out string? category, out string? error)
    {
        error = null;
        category = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (category is null || category.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            return true;
        }
        error = $"'{text}' is not a category; categories look like cs.CL, astro-ph.GA or an archive such as cs";
        return false;
    }
}
