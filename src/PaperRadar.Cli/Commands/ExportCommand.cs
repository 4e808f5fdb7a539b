using System.CommandLine;
using System.Text;
using System.Text.Json;
using PaperRadar.Core.Export;

namespace PaperRadar.Cli.Commands;

internal static class ExportCommand
{
    public static Command Create(Option<string?> db)
    {
        var format = new Option<string>("--format")
        {
            Description = "jsonl (one JSON object per paper, all fields) or bibtex.",
            DefaultValueFactory = _ => "jsonl",
        };
        format.AcceptOnlyFromAmong("jsonl", "bibtex");
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var command = new Command("export", """
            Export every paper in the store, in id order.

            Examples:
              paperradar export --format jsonl > papers.jsonl
              paperradar export --format bibtex -o papers.bib
            """);
        command.Options.Add(format);
        command.Options.Add(output);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            using var store = StoreLocation.OpenExisting(parse.GetValue(db));
            var path = parse.GetValue(output);
            using var stream = path is null ? Console.OpenStandardOutput() : OutputFile.Create(path, "export file");
            var count = parse.GetValue(format) == "bibtex" ? WriteBibTex(store, stream) : WriteJsonLines(store, stream);
            Console.Error.WriteLine($"exported {count:N0} papers");
            return 0;
        }));
        return command;
    }

    private static long WriteJsonLines(Storage.PaperStore store, Stream stream)
    {
        long count = 0;
        using var buffered = new BufferedStream(stream, 1 << 16);
        using var json = new Utf8JsonWriter(buffered);
        foreach (var paper in store.AllPapers())
        {
            PaperJsonWriter.Write(json, paper);
            json.Flush();
            json.Reset();
            buffered.WriteByte((byte)'\n');
            count++;
        }
        return count;
    }

    private static long WriteBibTex(Storage.PaperStore store, Stream stream)
    {
        long count = 0;
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
        var bibtex = new BibTexWriter();
        foreach (var paper in store.AllPapers())
        {
            writer.Write(bibtex.Entry(paper));
            writer.Write('\n');
            count++;
        }
        return count;
    }
}
