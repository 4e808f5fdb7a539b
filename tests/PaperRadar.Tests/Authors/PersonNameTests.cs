using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PaperRadar.Core.Authors;

namespace PaperRadar.Tests.Authors;

public sealed class PersonNameTests
{
    [Theory]
    [InlineData("Yang Liu", "yang", "liu", "", "y liu")]
    [InlineData("Liu, Yang", "yang", "liu", "", "y liu")]
    [InlineData("Y. Liu", "y", "liu", "", "y liu")]
    [InlineData("J.-P. van der Berg Jr.", "j p", "vanderberg", "jr", "j vanderberg")]
    [InlineData("van der Berg, Jean-Pierre", "jean pierre", "vanderberg", "", "j vanderberg")]
    [InlineData("Beethoven, Ludwig van", "ludwig", "vanbeethoven", "", "l vanbeethoven")]
    [InlineData("Luc Van Gool", "luc", "vangool", "", "l vangool")]
    [InlineData("Juan de la Cruz", "juan", "delacruz", "", "j delacruz")]
    [InlineData("Martin Luther King, Jr.", "martin luther", "king", "jr", "m king")]
    [InlineData("King, Martin Luther, Jr.", "martin luther", "king", "jr", "m king")]
    [InlineData("J{\\\"o}rg M{\\\"u}ller-L\\\"udenscheidt", "jorg", "mullerludenscheidt", "", "j mullerludenscheidt")]
    [InlineData("Ｙａｎｇ　Ｌｉｕ", "yang", "liu", "", "y liu")]
    [InlineData("Jose\u0301 Garci\u0301a", "jose", "garcia", "", "j garcia")]
    [InlineData("JP Morgan", "j p", "morgan", "", "j morgan")]
    [InlineData("LEI ZHANG", "lei", "zhang", "", "l zhang")]
    [InlineData("Zhi-Yuan Li", "zhi yuan", "li", "", "z li")]
    [InlineData("Yuxi (Lucy) Lu", "yuxi", "lu", "", "y lu")]
    [InlineData("Aristotle", "", "aristotle", "", "aristotle")]
    [InlineData("  O\u2019Brien ,  Seán  ", "sean", "obrien", "", "s obrien")]
    public void ParsesTheWaysNamesAreWritten(string written, string given, string surname, string suffix, string block)
    {
        var name = PersonName.Parse(written);
        Assert.Equal(new PersonName(given, surname, suffix), name);
        Assert.Equal(block, name.BlockKey);
    }

    [Theory]
    [InlineData("y", "yang", GivenNameMatch.Compatible)]
    [InlineData("yang", "yi", GivenNameMatch.Incompatible)]
    [InlineData("zhi yuan", "zhiyuan", GivenNameMatch.Same)]
    [InlineData("jean pierre", "jean paul", GivenNameMatch.Incompatible)]
    [InlineData("j p", "jean pierre", GivenNameMatch.Compatible)]
    [InlineData("j p", "jean", GivenNameMatch.Compatible)]
    [InlineData("j p", "j q", GivenNameMatch.Incompatible)]
    [InlineData("alexander", "alexander j", GivenNameMatch.Compatible)]
    [InlineData("alexander jones", "alexander j", GivenNameMatch.Compatible)]
    [InlineData("", "yang", GivenNameMatch.Compatible)]
    [InlineData("yang", "yang", GivenNameMatch.Same)]
    public void ComparesGivenNames(string given, string other, GivenNameMatch expected)
    {
        Assert.Equal(expected, GivenNames.Compare(given, other));
        Assert.Equal(expected, GivenNames.Compare(other, given));
    }

    [Property]
    public Property ParsingIsIdempotent() => Prop.ForAll(WrittenNames(), written =>
    {
        var name = PersonName.Parse(written);
        return (PersonName.Parse(name.ToString()) == name && PersonName.Parse(name.ToInvertedString()) == name)
            .Label($"{written} → {name} / {name.ToInvertedString()}");
    });

    [Property]
    public Property NameOrderDoesNotMatter() => Prop.ForAll(GivenParts(), Surnames(), Suffixes(), (given, surname, suffix) =>
    {
        var firstLast = $"{given} {surname}" + (suffix.Length > 0 ? $" {suffix}" : "");
        var lastFirst = $"{surname}, {given}" + (suffix.Length > 0 ? $", {suffix}" : "");
        return (PersonName.Parse(firstLast) == PersonName.Parse(lastFirst)).Label($"{firstLast} | {lastFirst}");
    });

    [Property]
    public Property CaseAndSpacingDoNotMatter() => Prop.ForAll(WrittenNames(), written =>
    {
        var name = PersonName.Parse(written);
        var shouted = PersonName.Parse("  " + written.ToUpperInvariant().Replace(" ", "  ", StringComparison.Ordinal) + " ");
        // Upper case turns short given names into what looks like initials only when the name is not all capitals.
        return (shouted.Surname == name.Surname && shouted.BlockKey == name.BlockKey).Label(written);
    });

    [Property]
    public Property ComparisonIsSymmetricAndReflexive() => Prop.ForAll(WrittenNames(), WrittenNames(), (a, b) =>
    {
        var (x, y) = (PersonName.Parse(a).Given, PersonName.Parse(b).Given);
        return GivenNames.Compare(x, y) == GivenNames.Compare(y, x) && GivenNames.Compare(x, x) == GivenNameMatch.Same;
    });

    [Property]
    public Property AnInitialIsCompatibleWithTheNameItAbbreviates() => Prop.ForAll(GivenParts(), given =>
    {
        var full = PersonName.Parse($"{given} Liu");
        var initial = PersonName.Parse($"{full.Given[0]}. Liu");
        return GivenNames.Compare(full.Given, initial.Given) != GivenNameMatch.Incompatible && full.BlockKey == initial.BlockKey;
    });

    private static readonly string[] FirstNames = ["Yang", "Yi", "Jean-Pierre", "Zhiyuan", "Anna", "Seán", "J.", "J.-P.", "Mary", "Øyvind", "Li"];
    private static readonly string[] MiddleNames = ["", "A.", "Lou", "K", "Jones"];
    private static readonly string[] SurnameList = ["Liu", "van der Berg", "O'Brien", "Müller", "de la Cruz", "Smith-Jones", "Zhang", "Ng"];

    private static Arbitrary<string> GivenParts() =>
        (from first in Gen.Elements(FirstNames)
         from middle in Gen.Elements(MiddleNames)
         select middle.Length > 0 ? $"{first} {middle}" : first).ToArbitrary();

    private static Arbitrary<string> Surnames() => Gen.Elements(SurnameList).ToArbitrary();

    private static Arbitrary<string> Suffixes() => Gen.Elements("", "Jr.", "III").ToArbitrary();

    private static Arbitrary<string> WrittenNames() =>
        (from given in GivenParts().Generator
         from surname in Gen.Elements(SurnameList)
         from suffix in Gen.Elements("", "Jr.", "III")
         from inverted in Gen.Elements(true, false)
         select inverted
             ? $"{surname}, {given}" + (suffix.Length > 0 ? $", {suffix}" : "")
             : $"{given} {surname}" + (suffix.Length > 0 ? $" {suffix}" : "")).ToArbitrary();
}
