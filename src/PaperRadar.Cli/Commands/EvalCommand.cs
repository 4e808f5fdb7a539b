using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PaperRadar.Core.Authors;

namespace PaperRadar.Cli.Commands;

/// <summary>`eval disambiguation`: runs author disambiguation on S2AND-format data and scores it against the gold.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var command = new Command("eval", """
            Measure PaperRadar's algorithms on your own labelled data.

            Example:
              paperradar eval disambiguation --signatures signatures.json --clusters clusters.json
            """);
        command.Subcommands.Add(Disambiguation());
        return command;
    }

    private static Command Disambiguation()
    {
        var signatures = new Option<string>("--signatures")
        {
            Description = "S2AND signatures.json: signature id → paper_id and author_info (first, middle, last, position, affiliations).",
            Required = true,
        };
        var clusters = new Option<string>("--clusters")
        {
            Description = "S2AND clusters.json: gold person → signature_ids.",
            Required = true,
        };
        var papers = new Option<string?>("--papers")
        {
            Description = "S2AND papers.json (optional): paper id → title, abstract, venue, year, authors; adds co-authors, venue, year and topic.",
        };
        var json = new Option<bool>("--json") { Description = "One JSON object: precision, recall, f1, signatures, people, clusters." };
        var command = new Command("disambiguation", """
            Run author disambiguation on data in the S2AND format and print its B-cubed precision, recall and F1 against
            the gold clusters. Signatures not in any gold cluster are disambiguated but not scored; sourced author ids
            are ignored (the gold is usually made from them).

            Example:
              paperradar eval disambiguation --signatures s2and-dummy/signatures.json \
                --clusters s2and-dummy/clusters.json --papers s2and-dummy/papers.json --json
            """);
        command.Options.Add(signatures);
        command.Options.Add(clusters);
        command.Options.Add(papers);
        command.Options.Add(json);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var data = S2andDataset.Read(parse.GetValue(signatures)!, parse.GetValue(clusters)!, parse.GetValue(papers));
            var result = AuthorDisambiguator.Disambiguate(data.SignaturesWithoutIdentifiers());
            var score = BCubedScore.Compute(data.GoldClusterOfSignature, result.ClusterOfSignature());
            var people = data.GoldClusterOfSignature.Values.Distinct(StringComparer.Ordinal).Count();
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["precision"] = score.Precision,
                    ["recall"] = score.Recall,
                    ["f1"] = score.F1,
                    ["signatures"] = score.Signatures,
                    ["people"] = people,
                    ["clusters"] = result.Clusters.Count,
                }));
            }
            else
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"B-cubed precision {score.Precision:F4}, recall {score.Recall:F4}, F1 {score.F1:F4}"));
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"over {score.Signatures} scored signatures of {people} gold people; {data.Signatures.Count} signatures disambiguated into {result.Clusters.Count} people"));
            }
            return 0;
        }));
        return command;
    }
}
