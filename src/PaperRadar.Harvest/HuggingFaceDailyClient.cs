using System.Globalization;
using System.Text.Json;
using PaperRadar.Core.Readers;
using PaperRadar.Storage;

namespace PaperRadar.Harvest;

/// <summary>
/// Hugging Face's daily papers (<c>api/daily_papers?date=YYYY-MM-DD</c>), one request per day, each read with
/// <see cref="HuggingFaceDailyReader"/> (the reader <c>import</c> uses: upvotes, comments, submitter, organisation,
/// merged into the arXiv papers they name) and stored as one transaction under its URL, so fetching a day again
/// updates that day's records in place.
/// </summary>
public sealed class HuggingFaceDailyClient(PaperStore store, PoliteHttpClient http, string baseUrl = HuggingFaceDailyClient.DefaultBaseUrl)
{
    public const string DefaultBaseUrl = "https://huggingface.co";

    /// <summary>The longest range one harvest asks for, so a mistyped year does not send thousands of requests.</summary>
    public const int MaxDays = 366;

    private readonly string _baseUrl = baseUrl.TrimEnd('/');

    public async Task<HarvestReport> HarvestAsync(DateOnly from, DateOnly until, IProgress<HarvestProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        if (until < from)
        {
            throw new ArgumentException($"--until {until:yyyy-MM-dd} is before --from {from:yyyy-MM-dd}");
        }
        var days = until.DayNumber - from.DayNumber + 1;
        if (days > MaxDays)
        {
            throw new ArgumentException($"{days} days asked for; one harvest of Hugging Face daily papers covers at most {MaxDays}");
        }
        var report = new HarvestReport("hf", _baseUrl);
        for (var day = from; day <= until; day = day.AddDays(1))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var url = new Uri($"{_baseUrl}/api/daily_papers?date={day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
            progress?.Report(new HarvestProgress(report.Pages, report.Read, null, $"asking for {day:yyyy-MM-dd}"));
            FetchedResponse fetched;
            try
            {
                fetched = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            }
            catch (HarvestException e)
            {
                report.Error = e.Message;
                return report;
            }
            report.Requests++;
            if (!fetched.IsSuccess)
            {
                report.Error = $"{url} answered HTTP {(int)fetched.Status} {fetched.Status}: {OaiPmhHarvester.Excerpt(fetched.Body)}";
                return report;
            }
            if (Malformed(fetched.Body) is { } problem)
            {
                report.Error = $"{url} returned a malformed response: {problem}; nothing of it was stored";
                return report;
            }
            var records = new List<PreparedRecord>();
            var outcomes = new HuggingFaceDailyReader().Read(new MemoryStream(fetched.Body, writable: false), url.ToString(),
                cancellationToken).ToList();
            foreach (var outcome in outcomes)
            {
                if (outcome.Record is { } record)
                {
                    records.Add(PreparedRecord.From(record));
                }
                else
                {
                    report.Reject(outcome.Rejection!);
                }
            }
            report.Count(store.WritePage(records));
            report.Pages++;
            report.Read += outcomes.Count;
        }
        return report;
    }

    /// <summary>Why the body is not one JSON array, or null when it is: checked whole before anything is stored.</summary>
    private static string? Malformed(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Array
                ? null
                : $"the JSON document is a {document.RootElement.ValueKind}, not the array of papers the API returns";
        }
        catch (JsonException e)
        {
            return $"not valid JSON ({e.Message})";
        }
    }
}
