using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PaperRadar.Core;
using PaperRadar.Core.Model;
using PaperRadar.Harvest;
using PaperRadar.Storage;
using Spectre.Console;

namespace PaperRadar.Cli.Commands;

/// <summary>The options `harvest` and `fetch` share: where the source is, how politely, who asks, and the output.</summary>
internal sealed class HarvestOptions
{
    public Option<string?> Endpoint { get; } = new("--endpoint")
    {
        Description = $"The source's base URL (default: ${HarvestConfiguration.OaiEndpointVariable} for OAI-PMH, else " +
                      $"{OaiHarvestRequest.DefaultEndpoint}, the legacy {OaiHarvestRequest.LegacyEndpoint} also works; " +
                      $"${HarvestConfiguration.ArxivApiVariable} for the arXiv API, else {ArxivApiClient.DefaultEndpoint}; " +
                      $"${HarvestConfiguration.HuggingFaceApiVariable} for Hugging Face, else {HuggingFaceDailyClient.DefaultBaseUrl}; " +
                      $"${HarvestConfiguration.OpenAlexApiVariable} for OpenAlex, else {OpenAlexClient.DefaultBaseUrl}).",
    };

    public Option<string?> Delay { get; } = new("--delay")
    {
        Description = $"Seconds between requests to the source (default: ${HarvestConfiguration.DelayVariable}, else 3, as arXiv asks).",
    };

    public Option<string?> Contact { get; } = new("--contact")
    {
        Description = $"An e-mail address the source's operators can reach you at, sent in the User-Agent and as OpenAlex's mailto (default: ${HarvestConfiguration.ContactVariable}).",
    };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the report as one JSON object on standard output." };

    public void AddTo(Command command)
    {
        command.Options.Add(Endpoint);
        command.Options.Add(Delay);
        command.Options.Add(Contact);
        command.Options.Add(Json);
    }
}

internal static class HarvestCommand
{
    public const int DefaultQueryLimit = 1_000;

    public static Command Create(Option<string?> db)
    {
        var shared = new HarvestOptions();
        var source = new Option<string>("--source")
        {
            Description = "arxiv (OAI-PMH, or the arXiv API with --query), hf (Hugging Face daily papers) or openalex (citations of stored papers).",
            DefaultValueFactory = _ => "arxiv",
        };
        source.AcceptOnlyFromAmong("arxiv", "hf", "openalex");
        var ids = new Argument<string[]>("ID")
        {
            Description = "With --source openalex: arXiv ids, DOIs (10.…) or OpenAlex work ids (W…) to fetch instead of a range of days.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var set = new Option<string?>("--set") { Description = "An arXiv OAI-PMH set, e.g. cs, math, physics:astro-ph (default: all of arXiv)." };
        var from = new Option<string?>("--from")
        {
            Description = "First day (yyyy-MM-dd). arxiv: default the last complete harvest's datestamp (a first harvest: 7 days back). " +
                          "hf: default the day after the last day harvested (at most 14 days back), else today (UTC). " +
                          "openalex: the stored papers that first appeared from this day (default: 30 days back).",
        };
        var until = new Option<string?>("--until") { Description = "Last day (yyyy-MM-dd); default: up to now." };
        var query = new Option<string?>("--query")
        {
            Description = "Harvest what an arXiv API query finds instead of OAI-PMH, newest first, e.g. 'cat:cs.CL AND ti:scaling'.",
        };
        var limit = new Option<int>("--limit")
        {
            Description = "With --query: at most this many papers.",
            DefaultValueFactory = _ => DefaultQueryLimit,
        };
        var prefix = new Option<string>("--metadata-prefix")
        {
            Description = "The OAI-PMH metadata format: arXivRaw (every version's date), arXiv or oai_dc.",
            DefaultValueFactory = _ => OaiHarvestRequest.DefaultMetadataPrefix,
        };
        prefix.AcceptOnlyFromAmong("arXivRaw", "arXiv", "oai_dc");
        var command = new Command("harvest", """
            Bring the store up to date from the live sources, politely (one request every 3 seconds unless --delay
            says otherwise; a 503 with Retry-After is waited out; failed requests are retried with backoff). arxiv
            harvests arXiv's OAI-PMH ListRecords page by page; each page is stored with the harvest's state in one
            transaction, so an interrupted harvest resumes where it stopped and the next one starts from the last
            complete datestamp. --query harvests an arXiv API search instead; --source hf fetches Hugging Face's
            daily papers (upvotes, comments, organisation) day by day; --source openalex fetches the OpenAlex works of
            the stored papers that appeared from --from to --until (or of the ids given): their references become
            citations and their cited_by_count the papers' known citation counts. Exit code 0: done; 2: done, with
            rejected records or ids the source does not have; 1: the harvest failed (the message says which URL and
            why; what came before it is stored).

            Examples:
              paperradar harvest --set cs
              paperradar harvest --set cs --from 2026-05-01 --until 2026-05-07 --contact me@lab.example.org
              paperradar harvest --query 'cat:cs.CL AND ti:scaling' --limit 200
              paperradar harvest --source hf --from 2026-05-25 --until 2026-05-29
              paperradar harvest --source openalex --from 2026-05-01 --contact me@lab.example.org
              paperradar harvest --source openalex 2410.17243 10.18653/v1/N19-1423
            """);
        command.Arguments.Add(ids);
        command.Options.Add(source);
        command.Options.Add(set);
        command.Options.Add(from);
        command.Options.Add(until);
        command.Options.Add(query);
        command.Options.Add(limit);
        command.Options.Add(prefix);
        shared.AddTo(command);
        command.SetAction((parse, cancellationToken) => Task.FromResult(CommandRunner.Run(() =>
        {
            var sourceName = parse.GetValue(source)!;
            var fromDay = HarvestConfiguration.Day(parse.GetValue(from), "--from");
            var untilDay = HarvestConfiguration.Day(parse.GetValue(until), "--until");
            if (fromDay > untilDay)
            {
                throw new ArgumentException($"--from {fromDay:yyyy-MM-dd} is after --until {untilDay:yyyy-MM-dd}");
            }
            var queryText = parse.GetValue(query);
            var idList = parse.GetValue(ids) ?? [];
            if (sourceName != "arxiv" && (parse.GetValue(set) is not null || queryText is not null))
            {
                throw new ArgumentException($"--set and --query are for --source arxiv, not {sourceName}");
            }
            if (parse.GetResult(prefix) is { Implicit: false } && (sourceName != "arxiv" || queryText is not null))
            {
                throw new ArgumentException("--metadata-prefix chooses the OAI-PMH format of --source arxiv; " +
                    (queryText is not null ? "--query harvests the arXiv API, whose feeds have one format (Atom)"
                        : $"--source {sourceName} has one format of its own (JSON)"));
            }
            if (idList.Length > 0 && sourceName != "openalex")
            {
                throw new ArgumentException($"ids are for --source openalex (to fetch papers from the arXiv API by id: paperradar fetch {idList[0]})");
            }
            if (idList.Length > 0 && (fromDay is not null || untilDay is not null))
            {
                throw new ArgumentException("give either ids or --from/--until to --source openalex, not both");
            }
            if (queryText is not null && (parse.GetValue(set) is not null || fromDay is not null || untilDay is not null))
            {
                throw new ArgumentException("--query harvests an arXiv API search: give the set and days in the query (cat:cs.CL, submittedDate:[...]), not --set, --from or --until");
            }
            if (parse.GetValue(limit) < 1)
            {
                throw new ArgumentException($"--limit {parse.GetValue(limit)} must be at least 1");
            }
            string endpoint = sourceName == "hf" ? HarvestConfiguration.HuggingFaceApi(parse.GetValue(shared.Endpoint))
                : sourceName == "openalex" ? HarvestConfiguration.OpenAlexApi(parse.GetValue(shared.Endpoint))
                : queryText is not null ? HarvestConfiguration.ArxivApi(parse.GetValue(shared.Endpoint))
                : HarvestConfiguration.OaiEndpoint(parse.GetValue(shared.Endpoint));
            return HarvestRunner.Run(db, parse, shared, endpoint, (store, http, progress) =>
                sourceName == "openalex"
                    ? idList.Length > 0
                        ? new OpenAlexClient(store, http, endpoint).FetchAsync(idList, progress, cancellationToken)
                        : new OpenAlexClient(store, http, endpoint).RefreshAsync(
                            fromDay ?? OpenAlexClient.RecentDays(untilDay ?? Today()).From, untilDay ?? Max(fromDay ?? Today(), Today()),
                            progress, cancellationToken)
                : sourceName == "hf" && fromDay is null && untilDay is null
                    ? new HuggingFaceDailyClient(store, http, endpoint).CatchUpAsync(Today(), progress, cancellationToken)
                : sourceName == "hf"
                    ? new HuggingFaceDailyClient(store, http, endpoint).HarvestAsync(
                        fromDay ?? untilDay ?? Today(), untilDay ?? (fromDay is null ? Today() : Max(fromDay.Value, Today())), progress,
                        cancellationToken)
                    : queryText is not null
                        ? new ArxivApiClient(store, http, endpoint).SearchAsync(queryText, parse.GetValue(limit),
                            progress: progress, cancellationToken: cancellationToken)
                        : new OaiPmhHarvester(store, http).HarvestAsync(new OaiHarvestRequest
                        {
                            Endpoint = endpoint,
                            MetadataPrefix = parse.GetValue(prefix)!,
                            Set = parse.GetValue(set),
                            From = fromDay,
                            Until = untilDay,
                        }, progress, cancellationToken));
        })));
        return command;
    }

    private static DateOnly Today() => DateOnly.FromDateTime(DateTime.UtcNow);

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}

internal static class FetchCommand
{
    public static Command Create(Option<string?> db)
    {
        var shared = new HarvestOptions();
        var ids = new Argument<string[]>("ID")
        {
            Description = "arXiv ids, with or without a version: 2410.17243, 2410.17243v2, hep-th/9709111.",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("fetch", """
            Fetch papers by id from the arXiv API into the store (merged with what the store has about them). Exit
            code 0: all found; 2: some ids arXiv does not have; 1: the request failed.

            Example:
              paperradar fetch 2410.17243 1706.03762
            """);
        command.Arguments.Add(ids);
        shared.AddTo(command);
        command.SetAction((parse, cancellationToken) => Task.FromResult(CommandRunner.Run(() =>
        {
            var requested = parse.GetValue(ids)!.Select(text => ArxivId.TryParse(text, out _, out _, out var error)
                ? text.Trim()
                : throw new ArgumentException($"'{text}' is not an arXiv id: {error}")).Distinct(StringComparer.Ordinal).ToList();
            var endpoint = HarvestConfiguration.ArxivApi(parse.GetValue(shared.Endpoint));
            return HarvestRunner.Run(db, parse, shared, endpoint, (store, http, progress) =>
                new ArxivApiClient(store, http, endpoint).FetchAsync(requested, progress, cancellationToken));
        })));
        return command;
    }
}

/// <summary>Runs one harvest with a progress display on standard error, then prints its report.</summary>
internal static class HarvestRunner
{
    public static int Run(Option<string?> db, ParseResult parse, HarvestOptions shared, string endpoint,
        Func<PaperStore, PoliteHttpClient, IProgress<HarvestProgress>, Task<HarvestReport>> harvest)
    {
        var json = parse.GetValue(shared.Json);
        string? notice = null;
        var settings = new HttpSettings
        {
            Delay = HarvestConfiguration.Delay(parse.GetValue(shared.Delay)),
            Contact = HarvestConfiguration.Contact(parse.GetValue(shared.Contact)),
            OnNotice = text => notice = text,
        };
        using var store = StoreLocation.Open(parse.GetValue(db));
        using var http = new PoliteHttpClient(settings);
        var started = System.Diagnostics.Stopwatch.StartNew();
        HarvestReport report = null!;
        CommandRunner.Error.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask($"harvesting {Markup.Escape(endpoint)}", maxValue: 1);
                task.IsIndeterminate = true;
                var progress = new SynchronousProgress<HarvestProgress>(p =>
                {
                    var text = $"{p.Records:N0} records, {p.Pages:N0} pages; {p.Activity}" + (notice is null ? "" : $" ({notice})");
                    task.Description = Markup.Escape(text);
                    notice = null;
                    if (p.Expected is > 0 and var expected)
                    {
                        task.IsIndeterminate = false;
                        task.MaxValue = expected;
                        task.Value = Math.Min(p.Records, expected);
                    }
                });
                report = harvest(store, http, progress).GetAwaiter().GetResult();
            });

        foreach (var rejection in report.Rejections.Take(20))
        {
            Console.Error.WriteLine($"rejected {rejection.Location}: {rejection.Reason}");
        }
        if (report.Error is { } error)
        {
            Console.Error.WriteLine($"paperradar: {error}");
        }
        if (json)
        {
            PrintJson(report, started.Elapsed);
        }
        else
        {
            foreach (var note in report.Notes)
            {
                AnsiConsole.MarkupLine(Markup.Escape(note));
            }
            AnsiConsole.MarkupLine(Markup.Escape(
                $"{report.Source} ({report.Endpoint}): {report.Requests:N0} requests, {report.Read:N0} records: {report.New:N0} new, " +
                $"{report.Updated:N0} updated, {report.Unchanged:N0} unchanged, {report.Rejected:N0} rejected" +
                (report.Deleted > 0 ? $", {report.Deleted:N0} deleted at the source (marked: out of search and listings, kept for citations)" : "") +
                (report.References > 0 ? $", {report.References:N0} references" : "") +
                (report.Missing > 0 ? $", {report.Missing:N0} not found" : "") +
                $", in {started.Elapsed.TotalSeconds:N1} s"));
            if (report.State is { } state)
            {
                AnsiConsole.MarkupLine(Markup.Escape(state.PendingToken is { } token
                    ? $"interrupted: the next harvest resumes at resumption token {token}"
                    : $"harvested up to datestamp {Day(state.LastCompleteDatestamp) ?? "(none yet)"}; the next harvest starts there"));
            }
        }
        return report.ExitCode;
    }

    private static string? Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void PrintJson(HarvestReport report, TimeSpan elapsed) =>
        Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["source"] = report.Source,
            ["endpoint"] = report.Endpoint,
            ["requests"] = report.Requests,
            ["pages"] = report.Pages,
            ["read"] = report.Read,
            ["new"] = report.New,
            ["updated"] = report.Updated,
            ["unchanged"] = report.Unchanged,
            ["rejected"] = report.Rejected,
            ["deleted"] = report.Deleted,
            ["missing"] = report.Missing,
            ["references"] = report.References,
            ["cited_works_resolved"] = report.CitedWorksResolved,
            ["nothing_new"] = report.NothingNew,
            ["resumed_from_token"] = report.ResumedFromToken,
            ["last_complete_datestamp"] = Day(report.State?.LastCompleteDatestamp),
            ["pending_token"] = report.State?.PendingToken,
            ["notes"] = report.Notes,
            ["rejections"] = report.Rejections.Select(r => new Dictionary<string, object?>
            {
                ["file"] = r.Location.File,
                ["line"] = r.Location.Line,
                ["reason"] = r.Reason,
            }),
            ["error"] = report.Error,
            ["seconds"] = Math.Round(elapsed.TotalSeconds, 3),
            ["exit_code"] = report.ExitCode,
        }));
}
