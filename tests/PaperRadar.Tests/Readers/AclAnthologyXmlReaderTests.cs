using System.Formats.Tar;
using System.IO.Compression;
using PaperRadar.Core.IO;
using PaperRadar.Core.Readers;

namespace PaperRadar.Tests.Readers;

/// <summary>
/// The ACL Anthology's metadata release in ../shared/data/acl-anthology-xml (407 collection files, 55,839 papers).
/// The single-file and damaged inputs are cut from that real archive here.
/// </summary>
public sealed class AclAnthologyXmlReaderTests : IDisposable
{
    private readonly ScratchDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static readonly string Release = SharedData.Path("acl-anthology-xml", "acl-anthology-data-xml-2020-08.tar.gz");

    [Fact]
    public void EveryPaperOfTheReleaseIsReadEachAtItsOwnLine()
    {
        var outcomes = ReaderRuns.ReadFile(new AclAnthologyXmlReader(), Release);

        Assert.All(outcomes, o => Assert.Null(o.Rejection));
        Assert.Equal(55_839, outcomes.Count);
        var records = outcomes.Select(o => o.Record!).ToList();
        Assert.Equal(55_839, records.Select(r => r.Id).Distinct().Count());
        Assert.Equal(55_839, records.Select(r => r.Source.Line).Distinct().Count());
        // 18,290 papers have an <abstract>; 66 of those are empty.
        Assert.Equal(18_290 - 66, records.Count(r => r.Abstract is not null));

        var bleu = records.Single(r => r.Id.Value == "acl:P02-1040");
        Assert.Equal("Bleu: a Method for Automatic Evaluation of Machine Translation", bleu.Title);
        Assert.Equal(["Kishore Papineni", "Salim Roukos", "Todd Ward", "Wei-Jing Zhu"], bleu.Authors.Select(a => a.Name));
        Assert.Equal("10.3115/1073083.1073135", bleu.Doi);
        Assert.Equal("Proceedings of the 40th Annual Meeting of the Association for Computational Linguistics", bleu.Venue);
        Assert.Equal(2002, bleu.Year);
        // A volume without a year (A00's second) is dated by the year in its ids.
        Assert.Equal(2000, records.Single(r => r.Id.Value == "acl:A00-2001").Year);
        Assert.Equal(2020, records.Single(r => r.Id.Value == "acl:2020.acl-main.1").Year);
    }

    [Fact]
    public void OneCollectionFileReadsAsTheSamePapersWithTheirLinesInThatFile()
    {
        var collection = Entry("data/xml/P02.xml");
        var file = _temp.Write("P02.xml", collection);

        Assert.Equal(AclAnthologyXmlReader.FormatName, PaperReaders.Detect(file, out _));
        var outcomes = ReaderRuns.ReadFile(new AclAnthologyXmlReader(), file);
        Assert.All(outcomes, o => Assert.Null(o.Rejection));
        var bleu = outcomes.Select(o => o.Record!).Single(r => r.Id.Value == "acl:P02-1040");
        Assert.Equal(339, bleu.Source.Line);
    }

    [Fact]
    public void ACutShortArchiveGivesItsPapersAndThenSaysWhereItIsDamaged()
    {
        // The first 400 kB of the decompressed release, cut mid-entry.
        var tar = new byte[400_000];
        using (var stream = SourceFile.Open(Release))
        {
            stream.ReadExactly(tar);
        }
        var file = _temp.Write("cut-short.tar", tar);

        var outcomes = ReaderRuns.ReadFile(new AclAnthologyXmlReader(), file);

        Assert.True(outcomes.Count(o => o.Record is not null) > 100);
        var last = outcomes[^1].Rejection;
        Assert.NotNull(last);
        Assert.True(last.Reason.Contains("is not well-formed XML", StringComparison.Ordinal) ||
                    last.Reason.Contains("the archive is damaged", StringComparison.Ordinal), last.Reason);
    }

    [Fact]
    public void TheReleaseIsDetectedFromItsContent() =>
        Assert.Equal(AclAnthologyXmlReader.FormatName, PaperReaders.Detect(Release, out _));

    private static byte[] Entry(string name)
    {
        using var gzip = new GZipStream(File.OpenRead(Release), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.Name == name)
            {
                using var copy = new MemoryStream();
                entry.DataStream!.CopyTo(copy);
                return copy.ToArray();
            }
        }
        throw new InvalidOperationException($"{name} is not in the release");
    }
}
