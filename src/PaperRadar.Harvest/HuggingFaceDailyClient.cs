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
/// <remarks>
/// The latest day fetched is kept in the store's harvest state (key: the base URL and the format
/// <see cref="HuggingFaceDailyReader.FormatName"/>), in the same transaction as that day's papers. A harvest without
/// days (<see cref="CatchUpAsync"/>: <c>harvest --source hf</c>, the scheduled one) fetches from that day, again since it
/// may have been fetched before its list was complete, to today, so days a stopped server or a failed run missed are
/// caught up, at most <see cref="CatchUpDays"/> days back.
/// </remarks>
public sealed class HuggingFaceDailyClient(PaperStore store, PoliteHttpClient http, string baseUrl = HuggingFaceDailyClient.DefaultBaseUrl)
{
    public const string DefaultBaseUrl = "https://huggingface.co";

    /// <summary>The longest range one harvest asks for, so a mistyped year does not send thousands of requests.</summary>
    public const int MaxDays = 366;

    /// <summary>How far back a catch-up reaches: older missed days need an explicit --from.</summary>
    public const int CatchUpDays = 14;

    private readonly string _baseUrl = baseUrl.TrimEnd('/');

    /// <summary>Where the latest day fetched is kept.</summary>
    public HarvestKey StateKey => new(_baseUrl, "", HuggingFaceDailyReader.FormatName);

    /// <summary>
    /// Fetches the days from the latest one fetched before (yesterday on a first harvest) to <paramref name="today"/>,
    /// at most <see cref="CatchUpDays"/> of them; the report notes the days caught up and any too old to be.
    /// </summary>
    public async Task<HarvestReport> CatchUpAsync(DateOnly today, IProgress<HarvestProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var last = store.GetHarvestState(StateKey).LastCompleteDatestamp;
        var earliest = today.AddDays(1 - CatchUpDays);
        var from = last is { } day ? (day > today ? today : day) : today.AddDays(-1);
        string? note = null;
        if (from < earliest)
        {
            note = $"{earliest.DayNumber - from.DayNumber - 1} days after the last one harvested ({from:yyyy-MM-dd}) are older than " +
                   $"the {CatchUpDays} days a harvest catches up; fetch them with --from {from.AddDays(1):yyyy-MM-dd} --until {earliest.AddDays(-1):yyyy-MM-dd}";
            from = earliest;
        }
        else if (last is { } previous && today.DayNumber - previous.DayNumber > 1)
        {
            note = $"caught up {today.DayNumber - previous.DayNumber - 1} days missed since the last day harvested ({previous:yyyy-MM-dd})";
        }
        var report = await HarvestAsync(from, today, progress, cancellationToken).ConfigureAwait(false);
        if (note is not null)
        {
            report.Note(note);
        }
        return report;
    }

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
            var state = store.GetHarvestState(StateKey);
            var after = state with
            {
                LastCompleteDatestamp = state.LastCompleteDatestamp is { } known && known > day ? known : day,
            };
            report.Count(store.WriteHarvestPage(records, after));
            report.State = after;
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
