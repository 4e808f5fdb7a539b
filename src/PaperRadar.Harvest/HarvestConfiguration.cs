using System.Globalization;

namespace PaperRadar.Harvest;

/// <summary>
/// The harvest settings, each an option or an environment variable (shared/design/CLI.md): where each source is,
/// the politeness delay and the contact address. The command line and the web app's scheduler read them here, so
/// both mean the same by each name.
/// </summary>
public static class HarvestConfiguration
{
    public const string OaiEndpointVariable = "PAPERRADAR_OAI_ENDPOINT";
    public const string ArxivApiVariable = "PAPERRADAR_ARXIV_API";
    public const string HuggingFaceApiVariable = "PAPERRADAR_HF_API";
    public const string OpenAlexApiVariable = "PAPERRADAR_OPENALEX_API";
    public const string DelayVariable = "PAPERRADAR_HARVEST_DELAY";
    public const string ContactVariable = "PAPERRADAR_CONTACT";
    public const string OpenAlexRefreshDaysVariable = "PAPERRADAR_OPENALEX_REFRESH_DAYS";
    public const string OpenAlexRefreshBatchVariable = "PAPERRADAR_OPENALEX_REFRESH_BATCH";

    /// <summary>A citation count fetched this many days ago is refreshed by serve's schedule.</summary>
    public const int DefaultOpenAlexRefreshDays = 30;

    /// <summary>At most this many stale counts are refreshed a run (500 papers: 10 requests of 50 ids, 30 s at 3 s apart).</summary>
    public const int DefaultOpenAlexRefreshBatch = 500;

    /// <summary>Days after which a citation count is refreshed: the option, else $PAPERRADAR_OPENALEX_REFRESH_DAYS, else 30.</summary>
    public static int OpenAlexRefreshDays(int? option) =>
        WholeNumber(option, "--openalex-refresh-days", OpenAlexRefreshDaysVariable, DefaultOpenAlexRefreshDays, 0, 3_650);

    /// <summary>Stale counts refreshed a run: $PAPERRADAR_OPENALEX_REFRESH_BATCH, else 500.</summary>
    public static int OpenAlexRefreshBatch() =>
        WholeNumber(null, "", OpenAlexRefreshBatchVariable, DefaultOpenAlexRefreshBatch, 1, 1_000_000);

    private static int WholeNumber(int? option, string optionName, string variable, int fallback, int min, int max)
    {
        if (option is { } given)
        {
            return given >= min && given <= max ? given
                : throw new ArgumentException($"{optionName} {given} is not between {min} and {max}");
        }
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{variable} '{text}' is not a whole number between {min} and {max}");
    }

    public static string OaiEndpoint(string? option) => Endpoint(option, OaiEndpointVariable, OaiHarvestRequest.DefaultEndpoint);

    public static string ArxivApi(string? option) => Endpoint(option, ArxivApiVariable, ArxivApiClient.DefaultEndpoint);

    public static string HuggingFaceApi(string? option) => Endpoint(option, HuggingFaceApiVariable, HuggingFaceDailyClient.DefaultBaseUrl);

    public static string OpenAlexApi(string? option) => Endpoint(option, OpenAlexApiVariable, OpenAlexClient.DefaultBaseUrl);

    public static string? Contact(string? option) =>
        option ?? (Environment.GetEnvironmentVariable(ContactVariable) is { Length: > 0 } contact ? contact : null);

    /// <summary>Seconds between requests: --delay, else $PAPERRADAR_HARVEST_DELAY, else 3 (arXiv's rule).</summary>
    public static TimeSpan Delay(string? option)
    {
        var (text, from) = option is not null
            ? (option, "--delay")
            : (Environment.GetEnvironmentVariable(DelayVariable), DelayVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return HttpSettings.DefaultDelay;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 &&
               seconds <= 3_600
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"{from} '{text}' is not a number of seconds between 0 and 3600 (e.g. 3 or 0.5)");
    }

    /// <summary>A day as the sources take it: <c>2024-10-25</c>.</summary>
    public static DateOnly? Day(string? text, string option) =>
        text is null ? null
        : DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new ArgumentException($"{option} '{text}' is not a day like 2024-10-25");

    private static string Endpoint(string? option, string variable, string fallback)
    {
        var (url, from) = option is not null
            ? (option, "--endpoint")
            : Environment.GetEnvironmentVariable(variable) is { Length: > 0 } configured ? (configured, variable) : (fallback, "default");
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? url.TrimEnd('/')
            : throw new ArgumentException($"{from} '{url}' is not an http or https URL");
    }
}
