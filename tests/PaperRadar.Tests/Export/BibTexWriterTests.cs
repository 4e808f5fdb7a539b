using System.Text.RegularExpressions;
using PaperRadar.Core.Export;
using PaperRadar.Core.Model;
using PaperRadar.Core.Readers;
using PaperRadar.Tests.Readers;

namespace PaperRadar.Tests.Export;

/// <summary>
/// BibTeX export. Escaping is tested on short made-up strings (each shows one rule); the whole-entry checks run on
/// the real daily papers.
/// </summary>
public sealed partial class BibTexWriterTests
{
    [Theory]
    [InlineData("R&D", @"R\&D")]
    [InlineData("100% recall", @"100\% recall")]
    [InlineData("#1 on the leaderboard", @"\#1 on the leaderboard")]
    [InlineData("snake_case names", @"snake\_case names")]
    [InlineData(@"Already \& escaped \_", @"Already \& escaped \_")]
    [InlineData("Plain words stay", "Plain words stay")]
    public void SpecialCharactersOutsideMathAreEscaped(string title, string expected)
    {
        Assert.Equal(expected, BibTexWriter.Escape(title));
    }

    [Theory]
    [InlineData(@"Bounds for $x_1 \# y$ & more", @"Bounds for $x_1 \# y$ \& more")]
    [InlineData(@"$\mathcal{O}(n_k)$ time_bound", @"$\mathcal{O}(n_k)$ time\_bound")]
    [InlineData("$$a_b$$ then c_d", @"$$a_b$$ then c\_d")]
    public void MathIsLeftAlone(string title, string expected)
    {
        Assert.Equal(expected, BibTexWriter.Escape(title));
    }

    [Fact]
    public void LoneDollarIsALiteralDollarNotTheStartOfMath()
    {
        // Real title (arXiv daily 2025-07-23, line 36): the "$" is money, and the "_" after it is text.
        var escaped = BibTexWriter.Escape("PUSA V1.0: Surpassing Wan-I2V with $500 Training Cost by Vectorized_Timestep");

        Assert.Equal(@"PUSA V1.0: Surpassing Wan-I2V with \$500 Training Cost by Vectorized\_Timestep", escaped);
    }

    [Theory]
    [InlineData("a } b")]
    [InlineData("a { b")]
    [InlineData("}{")]
    [InlineData("{{nested} only once")]
    [InlineData(@"escaped \} still counts for BibTeX")]
    [InlineData(@"$\{x \mid x > 0$ set")]
    [InlineData("ends in a backslash \\")]
    public void UnbalancedBracesAreMadeSafe(string title)
    {
        var escaped = BibTexWriter.Escape(title);

        Assert.True(BibTexCheck.BalancedField(escaped), $"'{escaped}' would break the entry");
        Assert.False(escaped.EndsWith('\\'), $"'{escaped}' ends in a backslash");
    }

    [Fact]
    public void UnmatchedBracesAreReplacedByCommandsThatPrintThem()
    {
        Assert.Equal(@"a \textbraceright{} b", BibTexWriter.Escape("a } b"));
        Assert.Equal(@"a \textbraceleft{} b", BibTexWriter.Escape("a { b"));
        Assert.Equal(@"\textbraceleft{}{a}", BibTexWriter.Escape("{{a}"));
        Assert.Equal(@"$\lbrace{}x$", BibTexWriter.Escape(@"$\{x$"));
    }

    [Fact]
    public void BalancedBracesAndEscapedPairsAreKept()
    {
        Assert.Equal(@"The {LHC} and $\{x\}$", BibTexWriter.Escape(@"The {LHC} and $\{x\}$"));
        Assert.Equal(@"\textit{Deep} learning", BibTexWriter.Escape(@"\textit{Deep} learning"));
    }

    [Theory]
    [InlineData("Ludwig van Beethoven", "van Beethoven, Ludwig")]
    [InlineData("Ada M. van der Berg", "van der Berg, Ada M.")]
    [InlineData("Johannes Diderik van der Waals", "van der Waals, Johannes Diderik")]
    [InlineData("Jean-Claude Van Damme", "Van Damme, Jean-Claude")]
    [InlineData("Ada Lovelace", "Lovelace, Ada")]
    [InlineData("Hal Daumé III", "Daumé, III, Hal")]               // real daily author
    [InlineData("Robert W. Heath Jr.", "Heath, Jr., Robert W.")]   // real daily author
    [InlineData("Plato", "Plato")]
    [InlineData("Lovelace, Ada", "Lovelace, Ada")]
    public void InvertNameGivesLastCommaFirstKeepingParticlesAndSuffixes(string name, string expected)
    {
        Assert.Equal(expected, BibTexWriter.InvertName(name));
    }

    [Fact]
    public void PapersWithTheSameFirstAuthorYearAndFirstWordGetDistinctKeys()
    {
        var writer = new BibTexWriter();
        var first = Paper("2503.00001", "Deep learning for graphs", "Ana Smith");
        var second = Paper("2503.00002", "Deep learning for sets", "Bob Smith");
        var third = Paper("2503.00003", "The deep end", "Carla Smith");

        var keys = new[] { first, second, third }.Select(p => Key(writer.Entry(p))).ToList();

        Assert.Equal(["smith2025deep", "smith2025deepa", "smith2025deepb"], keys);
        Assert.Equal("smith2025deep", Key(new BibTexWriter().Entry(second)));
    }

    [Fact]
    public void KeySkipsStopWordsAndAccentsAndHandlesNoAuthors()
    {
        var writer = new BibTexWriter();

        Assert.Equal("dinca2025safe", Key(writer.Entry(Paper("2503.11742", "The Safe models", "Moreno D'Incà"))));
        Assert.Equal("anonymous2025towards2",
            Key(writer.Entry(Paper("2503.11743", "Towards: Towards2 things") with { Authors = [] })));
    }

    [Fact]
    public void RealDailyPaperProducesACompleteBalancedEntry()
    {
        var record = ReaderRuns.ReadFile(new ArxivDailyReader(), SharedData.Path("arxiv-daily", "2025-03-18.jsonl.gz"))[1].Record!;
        var paper = PaperMerger.Merge([record]);

        var entry = new BibTexWriter().Entry(paper);

        Assert.True(BibTexCheck.BalancedEntry(entry), entry);
        Assert.StartsWith("@misc{dinca2025safe,\n", entry, StringComparison.Ordinal);
        Assert.Contains("  title = {Safe Vision-Language Models via Unsafe Weights Manipulation},\n", entry, StringComparison.Ordinal);
        Assert.Contains("  author = {D'Incà, Moreno and Peruzzo, Elia and Xu, Xingqian and Shi, Humphrey and Sebe, Nicu and Mancini, Massimiliano},\n",
            entry, StringComparison.Ordinal);
        Assert.Contains("  year = {2025},\n", entry, StringComparison.Ordinal);
        Assert.Contains("  eprint = {2503.11742},\n", entry, StringComparison.Ordinal);
        Assert.Contains("  archivePrefix = {arXiv},\n", entry, StringComparison.Ordinal);
        Assert.Contains("  primaryClass = {cs.CV},\n", entry, StringComparison.Ordinal);
        Assert.Contains("  url = {https://arxiv.org/abs/2503.11742},\n", entry, StringComparison.Ordinal);
        Assert.EndsWith("}\n", entry, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryRealDailyPaperProducesABalancedEntryWithAUniqueKey()
    {
        var writer = new BibTexWriter();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var broken = new List<string>();
        var files = Directory.GetFiles(SharedData.Path("arxiv-daily"), "*.jsonl.gz").Order(StringComparer.Ordinal);
        var seen = new HashSet<ArxivId>();

        foreach (var file in files)
        {
            foreach (var outcome in ReaderRuns.ReadFile(new ArxivDailyReader(), file))
            {
                if (!seen.Add(outcome.Record!.Id.Arxiv!.Value))
                {
                    continue;
                }
                var entry = writer.Entry(PaperMerger.Merge([outcome.Record]));
                Assert.True(keys.Add(Key(entry)), $"duplicate key in {entry}");
                if (!BibTexCheck.BalancedEntry(entry))
                {
                    broken.Add(entry);
                }
            }
        }

        Assert.Equal(67_802, keys.Count);
        Assert.Empty(broken);
    }

    private static Paper Paper(string id, string title, params string[] authors) => new()
    {
        Id = ArxivId.Parse(id),
        Title = title,
        Authors = authors.Select(a => new AuthorName(a)).ToList(),
        FirstAppeared = new DateOnly(2025, 3, 18),
    };

    private static string Key(string entry) => KeyPattern().Match(entry) is { Success: true } match
        ? match.Groups[1].Value
        : throw new InvalidOperationException("no key in " + entry);

    [GeneratedRegex(@"^@misc\{([^,]+),")]
    private static partial Regex KeyPattern();
}

/// <summary>
/// A small check of what BibTeX needs to parse an entry: every brace counts (a backslash does not hide one from
/// BibTeX), a field's braces never close more than they open, and each field sits on its own line.
/// </summary>
internal static class BibTexCheck
{
    public static bool BalancedField(string value)
    {
        var depth = 0;
        foreach (var c in value)
        {
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            if (depth < 0)
            {
                return false;
            }
        }
        return depth == 0;
    }

    public static bool BalancedEntry(string entry)
    {
        var lines = entry.Split('\n');
        if (!lines[0].StartsWith("@misc{", StringComparison.Ordinal) || lines[^2] != "}" || lines[^1] != "")
        {
            return false;
        }
        foreach (var line in lines[1..^2])
        {
            var open = line.IndexOf(" = {", StringComparison.Ordinal);
            if (!line.StartsWith("  ", StringComparison.Ordinal) || open < 0 || !line.EndsWith("},", StringComparison.Ordinal))
            {
                return false;
            }
            var value = line[(open + 4)..^2];
            if (!BalancedField(value) || value.EndsWith('\\'))
            {
                return false;
            }
        }
        return BalancedField(entry[(entry.IndexOf('{', StringComparison.Ordinal) + 1)..^2]);
    }
}
