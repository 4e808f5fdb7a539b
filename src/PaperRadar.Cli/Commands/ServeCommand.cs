using System.CommandLine;
using Microsoft.Extensions.Hosting;
using PaperRadar.Harvest;
using PaperRadar.Scores;
using PaperRadar.Search.Indexing;
using PaperRadar.Storage;
using PaperRadar.Storage.Authors;
using PaperRadar.Storage.Import;
using PaperRadar.Web;
using PaperRadar.Web.Harvesting;

namespace PaperRadar.Cli.Commands;

internal static class ServeCommand
{
    public const int DefaultPort = 5080;

    public static Command Create(Option<string?> db)
    {
        var urls = new Option<string?>("--urls") { Description = "Where to listen, e.g. http://127.0.0.1:8080 (several separated by ';')." };
        var port = new Option<int?>("--port") { Description = $"Listen on http://127.0.0.1:PORT (default {DefaultPort})." };
        var rate = new Option<int?>("--requests-per-minute")
        {
            Description = "Search, API and feed requests one client address may make a minute (default 300; 0: no limit).",
        };
        var harvest = new Option<string?>("--harvest")
        {
            Description = $"When to harvest while serving: daily (the default: 20:00 New York time, Sunday to Thursday, after arXiv's announcement), daily@HH:MM, every:N[s|m|h], or off (default: ${HarvestScheduleVariable}).",
        };
        var sets = new Option<string?>("--harvest-sets")
        {
            Description = $"arXiv OAI-PMH sets the scheduled harvest takes, comma-separated, e.g. cs,stat (default: ${HarvestSetsVariable}, else all of arXiv).",
        };
        var openAlex = new Option<bool>("--harvest-openalex")
        {
            Description = $"Also ask OpenAlex, on each scheduled harvest, about the papers of the last {OpenAlexClient.DefaultRecentDays} days (their references become citations, their cited_by_count is kept; default: ${HarvestOpenAlexVariable}=1 turns it on).",
        };
        var openAlexRefresh = new Option<int?>("--openalex-refresh-days")
        {
            Description = $"With --harvest-openalex: refresh citation counts fetched more than this many days ago, oldest first, at most ${HarvestConfiguration.OpenAlexRefreshBatchVariable} (default {HarvestConfiguration.DefaultOpenAlexRefreshBatch}) a run (default: ${HarvestConfiguration.OpenAlexRefreshDaysVariable}, else {HarvestConfiguration.DefaultOpenAlexRefreshDays}).",
        };
        var digests = new Option<string?>("--digests")
        {
            Description = $"When to build and send digests while serving (needs --smtp): daily@HH:MM (default {PaperRadar.Web.Digests.ScheduledDigestOptions.Default}, New York time, Sunday to Thursday), every:N[s|m|h], or off (default: ${DigestScheduleVariable}).",
        };
        var mail = MailOptions.Create();
        var command = new Command("serve", """
            Serve the web app: daily listings, search, paper pages, the JSON API (/api/v1, OpenAPI at /openapi/v1.json),
            RSS feeds and BibTeX. An empty store is first filled with the sample papers shipped in data/sample and indexed,
            so a fresh clone shows real papers. While serving, it harvests arXiv (OAI-PMH) and Hugging Face's daily papers
            on a schedule (--harvest; the same settings as `harvest`: PAPERRADAR_OAI_ENDPOINT, PAPERRADAR_HF_API,
            PAPERRADAR_HARVEST_DELAY, PAPERRADAR_CONTACT), with --harvest-openalex also OpenAlex's citations of the
            recent papers (PAPERRADAR_OPENALEX_API), then indexes what is new. Stop it with Ctrl+C.

            Example:
              paperradar serve
              paperradar serve --port 8080 --db ~/papers.db --harvest-sets cs,stat
              paperradar serve --harvest off
            """);
        command.Options.Add(urls);
        command.Options.Add(port);
        command.Options.Add(rate);
        command.Options.Add(harvest);
        command.Options.Add(sets);
        command.Options.Add(openAlex);
        command.Options.Add(openAlexRefresh);
        command.Options.Add(digests);
        mail.AddTo(command);
        command.SetAction((parse, cancellationToken) => Task.FromResult(CommandRunner.Run(() =>
        {
            if (parse.GetValue(urls) is not null && parse.GetValue(port) is not null)
            {
                throw new ArgumentException("give --urls or --port, not both");
            }
            if (parse.GetValue(port) is { } p && p is < 1 or > 65535)
            {
                throw new ArgumentException($"--port {p} is not a port number (1-65535)");
            }
            var addresses = parse.GetValue(urls) is { } list
                ? list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : [$"http://127.0.0.1:{parse.GetValue(port) ?? DefaultPort}"];
            var path = StoreLocation.Resolve(parse.GetValue(db));
            var scheduled = ScheduledHarvest(parse.GetValue(harvest), parse.GetValue(sets),
                parse.GetResult(openAlex) is { Implicit: false } ? parse.GetValue(openAlex) : null, parse.GetValue(openAlexRefresh));
            var mailSettings = mail.Resolve(parse);
            var digestSchedule = HarvestSchedule.Parse(parse.GetValue(digests)
                ?? (Environment.GetEnvironmentVariable(DigestScheduleVariable) is { Length: > 0 } configuredDigests ? configuredDigests : PaperRadar.Web.Digests.ScheduledDigestOptions.Default));
            Prepare(path, cancellationToken);
            using var app = PaperRadarWeb.Build(new WebOptions
            {
                StorePath = path,
                Urls = addresses,
                RequestsPerMinute = parse.GetValue(rate) ?? 300,
                Harvest = scheduled,
                Digests = mailSettings is null ? null : new PaperRadar.Web.Digests.ScheduledDigestOptions { Mail = mailSettings, Schedule = digestSchedule },
            });
            app.Start();
            Console.WriteLine($"PaperRadar is serving {string.Join(", ", app.Urls)} (store: {path}); Ctrl+C stops it");
            Console.WriteLine(scheduled.Schedule.Next(DateTimeOffset.Now) is { } next
                ? $"harvest schedule: {scheduled.Schedule} (arXiv{(scheduled.Sets.Count > 0 ? " sets " + string.Join(",", scheduled.Sets) : "")}, Hugging Face{(scheduled.OpenAlexApi is null ? "" : ", OpenAlex")}), next at {next.ToUniversalTime():yyyy-MM-dd HH:mm} UTC"
                : "harvest schedule: off");
            Console.WriteLine(mailSettings is null
                ? "mail: off (no --smtp or PAPERRADAR_SMTP): no subscriptions or digests"
                : $"mail: {mailSettings.Smtp} from {mailSettings.From}; digest schedule: {digestSchedule}");
            app.WaitForShutdown();
            return 0;
        })));
        return command;
    }

    public const string HarvestScheduleVariable = "PAPERRADAR_HARVEST_SCHEDULE";
    public const string HarvestSetsVariable = "PAPERRADAR_HARVEST_SETS";
    public const string HarvestOpenAlexVariable = "PAPERRADAR_HARVEST_OPENALEX";
    public const string DigestScheduleVariable = "PAPERRADAR_DIGEST_SCHEDULE";

    /// <summary>The scheduled harvest from the options, else the environment, else daily over all of arXiv.</summary>
    private static ScheduledHarvestOptions ScheduledHarvest(string? scheduleOption, string? setsOption, bool? openAlexOption,
        int? openAlexRefreshDays)
    {
        var openAlex = openAlexOption ?? (Environment.GetEnvironmentVariable(HarvestOpenAlexVariable)?.Trim().ToLowerInvariant() switch
        {
            null or "" or "0" or "false" or "no" or "off" => false,
            "1" or "true" or "yes" or "on" => true,
            var other => throw new ArgumentException($"{HarvestOpenAlexVariable} '{other}' is not 1 or 0 (true or false)"),
        });
        var schedule = HarvestSchedule.Parse(scheduleOption
            ?? (Environment.GetEnvironmentVariable(HarvestScheduleVariable) is { Length: > 0 } configured ? configured : HarvestSchedule.Default));
        var sets = (setsOption ?? Environment.GetEnvironmentVariable(HarvestSetsVariable) ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new ScheduledHarvestOptions
        {
            Schedule = schedule,
            Sets = sets,
            OaiEndpoint = HarvestConfiguration.OaiEndpoint(null),
            HuggingFaceApi = HarvestConfiguration.HuggingFaceApi(null),
            OpenAlexApi = openAlex ? HarvestConfiguration.OpenAlexApi(null) : null,
            OpenAlexRefreshDays = HarvestConfiguration.OpenAlexRefreshDays(openAlexRefreshDays),
            OpenAlexRefreshBatch = HarvestConfiguration.OpenAlexRefreshBatch(),
            Http = new HttpSettings
            {
                Delay = HarvestConfiguration.Delay(null),
                Contact = HarvestConfiguration.Contact(null),
            },
        };
    }

    /// <summary>Fills an empty store with the shipped sample and brings the search indices and scores up to date.</summary>
    private static void Prepare(string path, CancellationToken cancellationToken)
    {
        using var store = PaperStore.Open(path);
        if (store.CountPapers() == 0 && SampleFolder() is { } sample)
        {
            Console.Error.WriteLine($"paperradar: the store is empty; importing the sample papers from {sample}");
            new Importer(store).Import([sample], cancellationToken: cancellationToken);
        }
        var report = SearchIndexer.Run(store, new IndexOptions(), cancellationToken: cancellationToken);
        if (report.Keyword.Added + report.Keyword.Changed + report.Embedded > 0)
        {
            Console.Error.WriteLine($"paperradar: indexed {report.Keyword.Added + report.Keyword.Changed:N0} papers for search");
        }
        var analysis = ScoreAnalyzer.Run(store, cancellationToken: cancellationToken);
        if (analysis.NoveltyComputed > 0)
        {
            Console.Error.WriteLine($"paperradar: scored {analysis.NoveltyComputed:N0} papers (novelty; impact where the store has outcomes)");
        }
        // Stored people are kept current once `index` has made them (a first whole-store run is left to `index`: it
        // takes minutes on a large store, and name pages are computed on request meanwhile).
        if (store.HasPersonIndex && PersonIndex.Run(store, cancellationToken: cancellationToken) is { Computed: > 0 } people)
        {
            Console.Error.WriteLine($"paperradar: disambiguated {people.Computed:N0} name blocks whose papers changed");
        }
    }

    /// <summary>data/sample of the checkout this program was built from (the ./paperradar script builds inside it).</summary>
    private static string? SampleFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var sample = Path.Combine(folder.FullName, "data", "sample");
            if (Directory.Exists(sample))
            {
                return sample;
            }
        }
        return null;
    }
}
