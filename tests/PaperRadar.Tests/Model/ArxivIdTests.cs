using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PaperRadar.Core.Model;

namespace PaperRadar.Tests.Model;

/// <summary>
/// arXiv ids generated from their grammar (new-style YYMM.NNNN from 0704 to 1412, YYMM.NNNNN from 1501; old-style
/// archive/YYMMNNN from 1991-01 to 2007-03) and real ids from ../shared/data.
/// </summary>
public sealed class ArxivIdTests
{
    private static readonly string[] Archives =
    [
        "hep-th", "hep-ph", "hep-ex", "hep-lat", "math", "math-ph", "astro-ph", "cond-mat", "gr-qc", "quant-ph",
        "nucl-th", "nucl-ex", "physics", "nlin", "q-bio", "cs", "solv-int", "chao-dyn", "alg-geom", "funct-an",
        "acc-phys", "adap-org", "patt-sol", "supr-con", "mtrl-th", "bayes-an", "comp-gas", "dg-ga", "q-alg",
    ];

    [Property]
    public Property NewStyleIdRoundTrips() => Prop.ForAll(NewStyleIds(), text =>
    {
        var id = ArxivId.Parse(text);
        return id.Value == text && ArxivId.Parse(id.Value) == id && !id.IsOldStyle;
    });

    [Property]
    public Property OldStyleIdRoundTrips() => Prop.ForAll(OldStyleIds(), text =>
    {
        var id = ArxivId.Parse(text);
        return id.Value == text && ArxivId.Parse(id.Value) == id && id.IsOldStyle;
    });

    [Property]
    public Property PrefixesAndVersionsGiveTheSameId() =>
        Prop.ForAll(NewStyleIds().Generator.Or(OldStyleIds().Generator).ToArbitrary(), Gen.Choose(1, 40).ToArbitrary(), (text, n) =>
        {
            var id = ArxivId.Parse(text);
            string[] plain = ["arXiv:" + text, "https://arxiv.org/abs/" + text, "  " + text + "\n"];
            string[] versioned =
            [
                $"{text}v{n}", $"arXiv:{text}v{n}", $"https://arxiv.org/abs/{text}v{n}", $"http://arxiv.org/pdf/{text}v{n}.pdf",
                $"oai:arXiv.org:{text}v{n}",
            ];
            var plainOk = plain.All(s => ArxivId.TryParse(s, out var p, out var v, out _) && p == id && v is null);
            var versionedOk = versioned.All(s => ArxivId.TryParse(s, out var p, out var v, out _) && p == id && v == n);
            return (plainOk && versionedOk).Label(text);
        });

    [Property]
    public Property OldStyleSubjectClassIsDropped() =>
        Prop.ForAll(OldStyleIds(), Gen.Elements("GT", "AG", "CO", "str-el", "mes-hall", "NT").ToArbitrary(), (text, subject) =>
        {
            var slash = text.IndexOf('/', StringComparison.Ordinal);
            var withClass = text[..slash] + "." + subject + text[slash..];
            return ArxivId.Parse(withClass).Value == text;
        });

    [Property]
    public Property YearMonthIsTheIdsOwn() =>
        Prop.ForAll(NewStyleIds().Generator.Or(OldStyleIds().Generator).ToArbitrary(), text =>
        {
            var (year, month) = ArxivId.Parse(text).YearMonth;
            var digits = text[(text.IndexOf('/', StringComparison.Ordinal) + 1)..];
            return year % 100 == int.Parse(digits[..2], CultureInfo.InvariantCulture) &&
                   month == int.Parse(digits[2..4], CultureInfo.InvariantCulture) &&
                   year is >= 1991 and <= 2099;
        });

    [Property]
    public Property InvalidIdsAreRejectedWithAMessage() => Prop.ForAll(InvalidIds(), text =>
    {
        var accepted = ArxivId.TryParse(text, out _, out _, out var error);
        var threw = Record.Exception(() => ArxivId.Parse(text));
        return (!accepted && !string.IsNullOrWhiteSpace(error) && threw is FormatException).Label($"'{text}': {error}");
    });

    [Property]
    public bool TryParseNeverThrows(string? text)
    {
        var accepted = ArxivId.TryParse(text, out var id, out _, out var error);
        return accepted ? error is null && ArxivId.Parse(id.Value) == id : !string.IsNullOrEmpty(error);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("1413.1234", "month 13")]
    [InlineData("1400.1234", "month 00")]
    [InlineData("1412.12345", "5-digit number; ids from 2014 have 4")]
    [InlineData("1501.1234", "4-digit number; ids from 2015 have 5")]
    [InlineData("0703.1234", "predates new-style")]
    [InlineData("2410.1724a", "not an arXiv id")]
    [InlineData("241.17243", "not an arXiv id")]
    [InlineData("24100.17243", "not an arXiv id")]
    [InlineData("2410.172431", "6-digit number")]
    [InlineData("hep-th/0704001", "old-style ids end in March 2007")]
    [InlineData("hep-th/9713001", "month 13")]
    [InlineData("hep-th/970911", "not an old-style arXiv id")]
    [InlineData("Hep-Th/9709111", "invalid archive name")]
    [InlineData("-th/9709111", "invalid archive name")]
    [InlineData("/9709111", "invalid archive name")]
    [InlineData("2410.17243v0", "invalid version")]
    public void InvalidIdIsRejectedWithItsReason(string text, string reason)
    {
        Assert.False(ArxivId.TryParse(text, out _, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Equal(error, Assert.Throws<FormatException>(() => ArxivId.Parse(text)).Message);
    }

    [Theory]
    [InlineData("2410.17243", "2410.17243", null)]
    [InlineData("arXiv:2410.17243v2", "2410.17243", 2)]
    [InlineData("http://arxiv.org/abs/2503.13415v1", "2503.13415", 1)]
    [InlineData("0704.0001", "0704.0001", null)]
    [InlineData("1412.8775", "1412.8775", null)]
    [InlineData("1501.00001", "1501.00001", null)]
    [InlineData("hep-th/9709111", "hep-th/9709111", null)]
    [InlineData("math.GT/0309136", "math/0309136", null)]
    [InlineData("math.GT/0309136v1", "math/0309136", 1)]
    [InlineData("astro-ph/0001001v3", "astro-ph/0001001", 3)]
    [InlineData("solv-int/9901001v2", "solv-int/9901001", 2)]
    [InlineData("oai:arXiv.org:cond-mat/0703999", "cond-mat/0703999", null)]
    [InlineData("https://arxiv.org/pdf/2410.17243v2.pdf", "2410.17243", 2)]
    public void RealSpellingsParse(string text, string expected, int? version)
    {
        Assert.True(ArxivId.TryParse(text, out var id, out var v, out var error), error);
        Assert.Equal(expected, id.Value);
        Assert.Equal(version, v);
    }

    [Fact]
    public void EveryRealAbsFileNameIsItsId()
    {
        // {ftp,orig}/<archive>/papers/<yymm>/<number>[vN].abs: the archive "arxiv" holds the new-style ids, and orig/
        // the superseded versions.
        var files = Directory.GetFiles(SharedData.Path("arxiv-abs"), "*.abs", SearchOption.AllDirectories);
        Assert.True(files.Length > 1000, $"{files.Length} files");
        foreach (var file in files)
        {
            var archive = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(file))))!;
            var name = Path.GetFileNameWithoutExtension(file);
            var text = archive == "arxiv" ? name : archive + "/" + name;
            Assert.True(ArxivId.TryParse(text, out var id, out var version, out var error), $"{file}: {error}");
            Assert.Equal(version is null ? text : text[..text.LastIndexOf('v')], id.Value);
        }
    }

    private static Arbitrary<string> NewStyleIds() =>
        (from year in Gen.Choose(7, 99)
         from month in Gen.Choose(1, 12)
         where year > 7 || month >= 4
         from number in year >= 15 ? Gen.Choose(0, 99_999) : Gen.Choose(0, 9_999)
         select string.Create(CultureInfo.InvariantCulture, $"{year:00}{month:00}.{number.ToString(year >= 15 ? "00000" : "0000", CultureInfo.InvariantCulture)}"))
        .ToArbitrary();

    private static Arbitrary<string> OldStyleIds() =>
        (from archive in Gen.Elements(Archives).Or(GeneratedArchives())
         from year in Gen.Choose(1991, 2007)
         from month in Gen.Choose(1, year == 2007 ? 3 : 12)
         from number in Gen.Choose(0, 999)
         select string.Create(CultureInfo.InvariantCulture, $"{archive}/{year % 100:00}{month:00}{number:000}"))
        .ToArbitrary();

    /// <summary>Archive names from the grammar: a letter, then letters and hyphens.</summary>
    private static Gen<string> GeneratedArchives() =>
        from first in Gen.Elements("abcdefghijklmnopqrstuvwxyz".ToCharArray())
        from rest in Gen.Elements("abcdefghijklmnopqrstuvwxyz-".ToCharArray()).ArrayOf()
        select first + new string(rest);

    private static Arbitrary<string> InvalidIds() =>
        Gen.OneOf(
            // Month 00 or 13-99.
            from year in Gen.Choose(8, 99)
            from month in Gen.Elements(0, 13, 20, 99)
            select string.Create(CultureInfo.InvariantCulture, $"{year:00}{month:00}.{(year >= 15 ? "12345" : "1234")}"),
            // A number one digit short or long for its year.
            from year in Gen.Choose(8, 99)
            from month in Gen.Choose(1, 12)
            from digits in Gen.Elements(3, 6).Or(Gen.Constant(year >= 15 ? 4 : 5))
            select string.Create(CultureInfo.InvariantCulture, $"{year:00}{month:00}.{new string('7', digits)}"),
            // Old-style after March 2007.
            from archive in Gen.Elements(Archives)
            from year in Gen.Choose(2007, 2090)
            from month in Gen.Choose(year == 2007 ? 4 : 1, 12)
            select string.Create(CultureInfo.InvariantCulture, $"{archive}/{year % 100:00}{month:00}001"),
            // A letter where a digit belongs, blank text, stray characters.
            from id in NewStyleIds().Generator
            from at in Gen.Choose(0, 8)
            from letter in Gen.Elements('a', 'x', 'O', 'l', ' ')
            where id[at] != '.'
            select id[..at] + letter + id[(at + 1)..],
            Gen.Elements("", " ", "\t\n", "arXiv:", "https://arxiv.org/abs/", "v2", "2410", "2410.", ".17243", "hep-th/", "/9709111"))
        .ToArbitrary();
}
