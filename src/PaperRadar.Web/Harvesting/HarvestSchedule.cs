using System.Globalization;
using System.Text.RegularExpressions;

namespace PaperRadar.Web.Harvesting;

/// <summary>
/// When <c>serve</c> harvests: <c>off</c>; <c>daily</c>, at 20:00 New York time Sunday to Thursday, just after
/// arXiv's announcement of the day's new papers (arXiv announces at 20:00 US Eastern time, Sunday to Thursday);
/// <c>daily@HH:MM</c>, the same days at another New York time; or <c>every:DURATION</c> (<c>every:6h</c>,
/// <c>every:30m</c>, <c>every:10s</c>), counted from when the server starts.
/// </summary>
public sealed partial record HarvestSchedule
{
    public const string Default = "daily";

    /// <summary>
    /// arXiv's announcements follow New York's clock, daylight saving time included. On a machine without time-zone
    /// data, US Eastern Standard Time all year: in summer the harvest then runs an hour after the announcement.
    /// </summary>
    public static readonly TimeZoneInfo ArxivTimeZone = FindArxivTimeZone();

    private static TimeZoneInfo FindArxivTimeZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("UTC-05:00 (America/New_York without its time-zone data)",
                TimeSpan.FromHours(-5), "US Eastern Standard Time", "US Eastern Standard Time");
        }
    }

    private static readonly DayOfWeek[] AnnouncementDays =
        [DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday];

    private HarvestSchedule(string text) => Text = text;

    /// <summary>The schedule as written.</summary>
    public string Text { get; }

    public bool IsOff { get; private init; }

    /// <summary>The New York time of day of a daily schedule.</summary>
    public TimeOnly? DailyAt { get; private init; }

    public TimeSpan? Interval { get; private init; }

    public static HarvestSchedule Off { get; } = new("off") { IsOff = true };

    public static HarvestSchedule Parse(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return Off;
        }
        if (trimmed.Equals("daily", StringComparison.OrdinalIgnoreCase))
        {
            return new HarvestSchedule(trimmed) { DailyAt = new TimeOnly(20, 0) };
        }
        if (trimmed.StartsWith("daily@", StringComparison.OrdinalIgnoreCase) &&
            TimeOnly.TryParseExact(trimmed[6..], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            return new HarvestSchedule(trimmed) { DailyAt = at };
        }
        if (Every().Match(trimmed) is { Success: true } every)
        {
            var amount = int.Parse(every.Groups[1].Value, CultureInfo.InvariantCulture);
            var interval = every.Groups[2].Value switch
            {
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                _ => TimeSpan.FromHours(amount),
            };
            if (interval > TimeSpan.Zero)
            {
                return new HarvestSchedule(trimmed) { Interval = interval };
            }
        }
        throw new ArgumentException(
            $"the harvest schedule '{text}' is not one of: off, daily (20:00 New York time, Sunday to Thursday, after arXiv's announcement), daily@HH:MM, every:N[s|m|h]");
    }

    /// <summary>When the next harvest is due after <paramref name="now"/> (null when off).</summary>
    public DateTimeOffset? Next(DateTimeOffset now)
    {
        if (IsOff)
        {
            return null;
        }
        if (Interval is { } interval)
        {
            return now + interval;
        }
        var local = TimeZoneInfo.ConvertTime(now, ArxivTimeZone);
        for (var day = DateOnly.FromDateTime(local.DateTime); ; day = day.AddDays(1))
        {
            if (!AnnouncementDays.Contains(day.DayOfWeek))
            {
                continue;
            }
            var wall = day.ToDateTime(DailyAt!.Value);
            var candidate = new DateTimeOffset(wall, ArxivTimeZone.GetUtcOffset(wall));
            if (candidate > now)
            {
                return candidate;
            }
        }
    }

    public override string ToString() => Text;

    [GeneratedRegex(@"^every:(\d{1,6})([smh])$", RegexOptions.CultureInvariant)]
    private static partial Regex Every();
}
