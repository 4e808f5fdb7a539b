using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PaperRadar.Storage;
using Spectre.Console;

namespace PaperRadar.Cli.Commands;

internal static class StatsCommand
{
    public static Command Create(Option<string?> db)
    {
        var json = new Option<bool>("--json") { Description = "One JSON object; its top-level `papers` is the number of distinct papers." };
        var command = new Command("stats", """
            Count what the store holds: papers, per source format, per category, per year.

            Example:
              paperradar stats --json
            """);
        command.Options.Add(json);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            using var store = StoreLocation.OpenExisting(parse.GetValue(db));
            var stats = store.GetStats();
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(ToJson(store.Path, stats));
            }
            else
            {
                Print(store.Path, stats);
            }
            return 0;
        }));
        return command;
    }

    private static string ToJson(string path, StoreStats stats) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["store"] = path,
        ["papers"] = stats.Papers,
        ["source_records"] = stats.SourceRecords,
        ["with_abstract"] = stats.WithAbstract,
        ["authorships"] = stats.Authorships,
        ["listing_days"] = stats.ListingDays,
        ["first_listing_day"] = stats.FirstListingDay,
        ["last_listing_day"] = stats.LastListingDay,
        ["sources"] = stats.BySource.ToDictionary(s => s.Format, s => new { files = s.Files, records = s.Records, papers = s.Papers }),
        ["categories"] = stats.ByCategory.ToDictionary(c => c.Category, c => new { primary = c.AsPrimary, all = c.All }),
        ["years"] = stats.ByYear.ToDictionary(y => y.Year.ToString(CultureInfo.InvariantCulture), y => y.Papers),
    });

    private static void Print(string path, StoreStats stats)
    {
        AnsiConsole.MarkupLine($"[bold]{stats.Papers:N0}[/] papers in {Markup.Escape(path)} " +
                               $"({stats.WithAbstract:N0} with abstracts, {stats.Authorships:N0} author names, {stats.SourceRecords:N0} source records)");
        if (stats.ListingDays > 0)
        {
            AnsiConsole.MarkupLine($"listed on {stats.ListingDays:N0} days, {stats.FirstListingDay} … {stats.LastListingDay}");
        }
        var sources = new Table().Border(TableBorder.Rounded).Title("per source")
            .AddColumn("format").AddColumn(new TableColumn("files").RightAligned())
            .AddColumn(new TableColumn("records").RightAligned()).AddColumn(new TableColumn("papers").RightAligned());
        foreach (var s in stats.BySource)
        {
            sources.AddRow(s.Format, $"{s.Files:N0}", $"{s.Records:N0}", $"{s.Papers:N0}");
        }
        var categories = new Table().Border(TableBorder.Rounded).Title("per category (top 25)")
            .AddColumn("category").AddColumn(new TableColumn("primary").RightAligned()).AddColumn(new TableColumn("all").RightAligned());
        foreach (var c in stats.ByCategory.Take(25))
        {
            categories.AddRow(Markup.Escape(c.Category), $"{c.AsPrimary:N0}", $"{c.All:N0}");
        }
        var years = new Table().Border(TableBorder.Rounded).Title("per year")
            .AddColumn("year").AddColumn(new TableColumn("papers").RightAligned());
        foreach (var y in stats.ByYear)
        {
            years.AddRow(y.Year.ToString(CultureInfo.InvariantCulture), $"{y.Papers:N0}");
        }
        AnsiConsole.Write(sources);
        AnsiConsole.Write(categories);
        AnsiConsole.Write(years);
    }
}
