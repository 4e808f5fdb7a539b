using System.CommandLine;
using System.Net;
using System.Text.Json;
using PaperRadar.Core.Model;
using PaperRadar.Search;
using PaperRadar.Search.Embeddings;
using PaperRadar.Storage;
using PaperRadar.Storage.Search;
using Spectre.Console;

namespace PaperRadar.Cli.Commands;

internal static class SearchCommand
{
    /// <summary>An arXiv id as arXiv writes it ("arXiv:2410.17243"); other ids with their own prefix ("acl:P02-1040").</summary>
    public static string DisplayId(string id) => id.Contains(':', StringComparison.Ordinal) ? id : "arXiv:" + id;

    public static Command Create(Option<string?> db, Option<string?> model)
    {
        var query = new Argument<string>("QUERY")
        {
            Description = """Words, "phrases", -exclude, word*, author:"Yang Liu", cat:cs.CL or cat:cs.*, year:2025, since:2026-01-01, until:…, has:code, sort:date|relevance.""",
        };
        var mode = new Option<SearchMode>("--mode") { Description = "keyword (BM25), semantic (by meaning), or hybrid (both, fused; the default).", DefaultValueFactory = _ => SearchMode.Hybrid };
        var limit = new Option<int>("--limit") { Description = "How many results (default 10).", DefaultValueFactory = _ => 10 };
        var offset = new Option<int>("--offset") { Description = "Skip this many results first (for paging).", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "One JSON object per result: id, title, score, rank, found_by, title_html, snippet_html." };
        var command = new Command("search", """
            Search the papers by keywords, by meaning, or both (run paperradar index first).

            Examples:
              paperradar search "diffusion tokenizer"
              paperradar search 'author:"Yang Liu" cat:cs.CL since:2025-06-01 -survey' --mode keyword
              paperradar search "how does repeated data change scaling laws" --mode semantic --json
            """);
        command.Arguments.Add(query);
        command.Options.Add(mode);
        command.Options.Add(limit);
        command.Options.Add(offset);
        command.Options.Add(json);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var count = parse.GetValue(limit);
            var skip = parse.GetValue(offset);
            if (count < 1 || skip < 0)
            {
                throw new ArgumentException($"--limit must be at least 1 and --offset at least 0 (got {count} and {skip})");
            }
            using var store = StoreLocation.OpenExisting(parse.GetValue(db));
            using var queryEmbedder = LoadQueryEmbedder(parse.GetValue(model));
            var engine = new SearchEngine(store, queryEmbedder);
            WarnIfStale(store);
            var response = engine.Search(parse.GetValue(query)!, parse.GetValue(mode), count, skip);
            foreach (var note in response.Notes)
            {
                Console.Error.WriteLine($"note: {note}");
            }
            if (parse.GetValue(json))
            {
                foreach (var result in response.Results)
                {
                    Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                    {
                        ["rank"] = result.Rank,
                        ["id"] = result.Id,
                        ["title"] = result.Title,
                        ["score"] = Math.Round(result.Score, 6),
                        ["mode"] = response.Mode.ToString().ToLowerInvariant(),
                        ["found_by"] = result.FoundBy.Select(f => f.ToString().ToLowerInvariant()).ToArray(),
                        ["matched_all_words"] = result.MatchedAllWords,
                        ["title_html"] = Marked.ToHtml(result.TitleHighlighted ?? result.Title),
                        ["snippet_html"] = result.Snippet is null ? null : Marked.ToHtml(result.Snippet),
                    }));
                }
                return 0;
            }
            if (response.Results.Count == 0)
            {
                AnsiConsole.MarkupLine("[dim]no papers match[/]");
                return 0;
            }
            AnsiConsole.MarkupLine($"[dim]{response.Mode.ToString().ToLowerInvariant()} search[/]");
            foreach (var result in response.Results)
            {
                AnsiConsole.MarkupLine($"[bold]{result.Rank,3}.[/] {Marked.ToMarkup(result.TitleHighlighted ?? result.Title)}");
                AnsiConsole.MarkupLine($"     [dim]{DisplayId(result.Id)} · score {result.Score:0.####} · {string.Join(" + ", result.FoundBy).ToLowerInvariant()}[/]");
                if (result.Snippet is not null)
                {
                    AnsiConsole.MarkupLine($"     {Marked.ToMarkup(result.Snippet)}");
                }
            }
            return 0;
        }));
        return command;
    }

    internal static OnnxEmbedder? LoadQueryEmbedder(string? option) =>
        ModelOption.Resolve(option) is { } directory ? OnnxEmbedder.Load(directory) : null;

    internal static void WarnIfStale(PaperStore store)
    {
        var stale = new KeywordIndex(store).CountStale();
        if (stale > 0)
        {
            Console.Error.WriteLine($"note: {stale:N0} papers changed since the search index was built; run paperradar index");
        }
    }
}

internal static class RelatedCommand
{
    public static Command Create(Option<string?> db, Option<string?> model)
    {
        var id = new Argument<string>("ID") { Description = "The paper's arXiv id." };
        var limit = new Option<int>("--limit") { Description = "How many related papers (default 10).", DefaultValueFactory = _ => 10 };
        var meaningOnly = new Option<bool>("--meaning-only") { Description = "Rank by meaning alone, without the boosts for a shared author or primary category." };
        var json = new Option<bool>("--json") { Description = "One JSON object per paper: id, title, score, rank, similarity, shares_author, same_primary_category, co_citations." };
        var command = new Command("related", """
            Papers related to one paper: its nearest neighbours by meaning, nudged up when they share an author or
            the primary category (run paperradar index first).

            Example:
              paperradar related 2503.11731 --limit 5
            """);
        command.Arguments.Add(id);
        command.Options.Add(limit);
        command.Options.Add(meaningOnly);
        command.Options.Add(json);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            if (!PaperId.TryParse(parse.GetValue(id)!, out var arxivId, out _, out var error))
            {
                throw new ArgumentException(error);
            }
            var count = parse.GetValue(limit);
            if (count < 1)
            {
                throw new ArgumentException($"--limit must be at least 1 (got {count})");
            }
            using var store = StoreLocation.OpenExisting(parse.GetValue(db));
            using var queryEmbedder = SearchCommand.LoadQueryEmbedder(parse.GetValue(model));
            var engine = new SearchEngine(store, queryEmbedder);
            IReadOnlyList<RelatedPaper> related;
            try
            {
                related = engine.Related(arxivId, count, boost: !parse.GetValue(meaningOnly));
            }
            catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException)
            {
                Console.Error.WriteLine($"paperradar: {e.Message}");
                return 1;
            }
            foreach (var paper in related)
            {
                if (parse.GetValue(json))
                {
                    Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                    {
                        ["rank"] = paper.Rank,
                        ["id"] = paper.Id,
                        ["title"] = paper.Title,
                        ["score"] = Math.Round(paper.Score, 6),
                        ["similarity"] = Math.Round(paper.Similarity, 6),
                        ["shares_author"] = paper.SharesAuthor,
                        ["same_primary_category"] = paper.SamePrimaryCategory,
                        ["co_citations"] = paper.CoCitations,
                    }));
                }
                else
                {
                    var why = string.Join(", ", new[] { paper.SharesAuthor ? "shares an author" : null, paper.SamePrimaryCategory ? "same primary category" : null, paper.CoCitations > 0 ? $"cited together {paper.CoCitations} times" : null }.OfType<string>());
                    AnsiConsole.MarkupLine($"[bold]{paper.Rank,3}.[/] {Markup.Escape(paper.Title)}");
                    AnsiConsole.MarkupLine($"     [dim]{SearchCommand.DisplayId(paper.Id)} · similarity {paper.Similarity:0.###}{(why.Length > 0 ? " · " + why : "")}[/]");
                }
            }
            return 0;
        }));
        return command;
    }
}

/// <summary>Renders text whose matched words are marked by <see cref="KeywordIndex.MarkStart"/>/<see cref="KeywordIndex.MarkEnd"/>.</summary>
internal static class Marked
{
    public static string ToHtml(string marked) => WebUtility.HtmlEncode(marked)
        .Replace(KeywordIndex.MarkStart.ToString(), "<mark>", StringComparison.Ordinal)
        .Replace(KeywordIndex.MarkEnd.ToString(), "</mark>", StringComparison.Ordinal);

    public static string ToMarkup(string marked) => Markup.Escape(marked)
        .Replace(KeywordIndex.MarkStart.ToString(), "[bold yellow]", StringComparison.Ordinal)
        .Replace(KeywordIndex.MarkEnd.ToString(), "[/]", StringComparison.Ordinal);
}
