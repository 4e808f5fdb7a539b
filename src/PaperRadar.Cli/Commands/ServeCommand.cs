using System.CommandLine;
using Microsoft.Extensions.Hosting;
using PaperRadar.Search.Indexing;
using PaperRadar.Storage;
using PaperRadar.Storage.Import;
using PaperRadar.Web;

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
        var command = new Command("serve", """
            Serve the web app: daily listings, search, paper pages, the JSON API (/api/v1, OpenAPI at /openapi/v1.json),
            RSS feeds and BibTeX. An empty store is first filled with the sample papers shipped in data/sample and indexed,
            so a fresh clone shows real papers. Stop it with Ctrl+C.

            Example:
              paperradar serve
              paperradar serve --port 8080 --db ~/papers.db
            """);
        command.Options.Add(urls);
        command.Options.Add(port);
        command.Options.Add(rate);
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
            Prepare(path, cancellationToken);
            using var app = PaperRadarWeb.Build(new WebOptions
            {
                StorePath = path,
                Urls = addresses,
                RequestsPerMinute = parse.GetValue(rate) ?? 300,
            });
            app.Start();
            Console.WriteLine($"PaperRadar is serving {string.Join(", ", app.Urls)} (store: {path}); Ctrl+C stops it");
            app.WaitForShutdown();
            return 0;
        })));
        return command;
    }

    /// <summary>Fills an empty store with the shipped sample and brings the search indices up to date.</summary>
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
