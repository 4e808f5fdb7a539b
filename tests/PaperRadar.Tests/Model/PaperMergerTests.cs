using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PaperRadar.Core.Export;
using PaperRadar.Core.Model;

namespace PaperRadar.Tests.Model;

/// <summary>
/// The merge of all records of one paper. The records are generated (random dates, versions and fields from small
/// pools, so that ties and overlaps are common); the readers' tests cover real records.
/// </summary>
public sealed class PaperMergerTests
{
    private static readonly ArxivId Id = ArxivId.Parse("2503.11742");

    [Property(Arbitrary = [typeof(MergeInputs)], MaxTest = 150)]
    public void EveryOrderOfTheRecordsMergesToTheSamePaper(RecordSet set)
    {
        var expected = PaperJsonWriter.ToJson(PaperMerger.Merge(set.Records));

        foreach (var order in Permutations(set.Records))
        {
            Assert.Equal(expected, PaperJsonWriter.ToJson(PaperMerger.Merge(order)));
        }
    }

    [Property(Arbitrary = [typeof(MergeInputs)], MaxTest = 200)]
    public void EachScalarFieldComesFromTheNewestRecordThatHasIt(DistinctlyDatedRecordSet set)
    {
        var paper = PaperMerger.Merge(set.Records);
        var newestFirst = set.Records.OrderByDescending(r => r.AsOf).ToList();

        foreach (var (field, ofRecord, ofPaper) in ScalarFields)
        {
            var donor = newestFirst.FirstOrDefault(r => !string.IsNullOrWhiteSpace(ofRecord(r)));
            Assert.Equal(donor is null ? null : ofRecord(donor), ofPaper(paper));
            if (donor is null)
            {
                Assert.False(paper.FieldSources.ContainsKey(field), $"'{field}' has a source but no value");
            }
            else
            {
                Assert.Equal(donor.Source, paper.FieldSources[field]);
            }
        }

        var authorDonor = newestFirst.FirstOrDefault(r => r.Authors.Count > 0);
        Assert.Equal(authorDonor?.Authors.Select(a => a.Name) ?? [], paper.Authors.Select(a => a.Name));
        Assert.Equal(authorDonor?.Source, paper.FieldSources.GetValueOrDefault("authors"));
        Assert.Equal(newestFirst.Select(r => r.Source), paper.Sources);
    }

    [Property(Arbitrary = [typeof(MergeInputs)], MaxTest = 200)]
    public void VersionsListingDaysAndCategoriesAreUnited(DistinctlyDatedRecordSet set)
    {
        var records = set.Records;
        var paper = PaperMerger.Merge(records);

        Assert.Equal(records.SelectMany(r => r.Versions).Select(v => v.Number).Distinct().Order(),
            paper.Versions.Select(v => v.Number));
        Assert.Equal(records.SelectMany(r => r.ListedOn).Distinct().Order(), paper.ListedOn);
        Assert.Equal(records.SelectMany(r => r.Categories).ToHashSet(), paper.Categories.ToHashSet());
        Assert.Equal(paper.Categories.Count, paper.Categories.Distinct().Count());

        var primaryDonor = records.OrderByDescending(r => r.AsOf).FirstOrDefault(r => r.Categories.Count > 0);
        Assert.Equal(primaryDonor?.Categories[0], paper.PrimaryCategory);
        Assert.Equal(primaryDonor?.Source, paper.FieldSources.GetValueOrDefault("primary_category"));

        var named = records.Select(r => r.Version).Concat(records.SelectMany(r => r.Versions).Select(v => (int?)v.Number));
        Assert.Equal(named.Max(), paper.LatestVersion);
    }

    [Fact]
    public void NewestRecordWinsAndOlderRecordsFillWhatItLacks()
    {
        var snapshot = Record("snapshot.jsonl", 7, asOf: Day(2023, 1, 10)) with
        {
            Title = "Old title",
            Abstract = "The abstract only the snapshot has.",
            Doi = "10.1000/xyz",
            Comments = "10 pages",
            Version = 2,
            Versions = [new PaperVersion(1, Day(2022, 5, 1)), new PaperVersion(2, Day(2023, 1, 10))],
            Categories = ["hep-th", "gr-qc"],
        };
        var daily = Record("2025-03-18.jsonl.gz", 3, asOf: Day(2025, 3, 18)) with
        {
            Title = "New title",
            Comments = "12 pages, accepted",
            ListedOn = [new DateOnly(2025, 3, 18)],
            Categories = ["gr-qc", "astro-ph.CO"],
        };

        var paper = PaperMerger.Merge([snapshot, daily]);

        Assert.Equal("New title", paper.Title);
        Assert.Equal("12 pages, accepted", paper.Comments);
        Assert.Equal("The abstract only the snapshot has.", paper.Abstract);
        Assert.Equal("10.1000/xyz", paper.Doi);
        Assert.Equal(daily.Source, paper.FieldSources["title"]);
        Assert.Equal(daily.Source, paper.FieldSources["comments"]);
        Assert.Equal(snapshot.Source, paper.FieldSources["abstract"]);
        Assert.Equal(snapshot.Source, paper.FieldSources["doi"]);
        Assert.Equal(["gr-qc", "astro-ph.CO", "hep-th"], paper.Categories);
        Assert.Equal(daily.Source, paper.FieldSources["primary_category"]);
        Assert.Equal([1, 2], paper.Versions.Select(v => v.Number));
        Assert.Equal(2, paper.LatestVersion);
        Assert.Equal([new DateOnly(2025, 3, 18)], paper.ListedOn);
        Assert.Equal(2022, paper.Year);
        Assert.Equal([daily.Source, snapshot.Source], paper.Sources);
    }

    [Fact]
    public void AffiliationsAreKeptFromAnotherRecordListingTheSameAuthors()
    {
        var listing = Record("0704.gz", 40, asOf: Day(2007, 4, 2)) with
        {
            Authors = [new AuthorName("A. Lovelace", "Univ. of London"), new AuthorName("C. Babbage", "Cambridge")],
        };
        var daily = Record("2007-04-03.jsonl", 1, asOf: Day(2007, 4, 3)) with
        {
            Authors = [new AuthorName("Ada Lovelace"), new AuthorName("Charles Babbage")],
        };

        var paper = PaperMerger.Merge([daily, listing]);

        Assert.Equal(
            [new AuthorName("Ada Lovelace", "Univ. of London"), new AuthorName("Charles Babbage", "Cambridge")],
            paper.Authors);
        Assert.Equal(daily.Source, paper.FieldSources["authors"]);
        Assert.Equal(listing.Source, paper.FieldSources["affiliations"]);
    }

    [Theory]
    [InlineData("Ada Lovelace", "Alan Turing")]     // another person
    [InlineData("Ada Lovelace", null)]              // another number of authors
    public void AffiliationsAreNotTakenFromADifferentAuthorList(string first, string? second)
    {
        var other = Record("0704.gz", 40, asOf: Day(2007, 4, 2)) with
        {
            Authors = second is null
                ? [new AuthorName(first, "Univ. of London")]
                : [new AuthorName(first, "Univ. of London"), new AuthorName(second, "Manchester")],
        };
        var newest = Record("2007-04-03.jsonl", 1, asOf: Day(2007, 4, 3)) with
        {
            Authors = [new AuthorName("Ada Lovelace"), new AuthorName("Charles Babbage")],
        };

        var paper = PaperMerger.Merge([newest, other]);

        Assert.All(paper.Authors, a => Assert.Null(a.Affiliation));
        Assert.False(paper.FieldSources.ContainsKey("affiliations"));
    }

    [Fact]
    public void NewestAuthorListWithAffiliationsIsKeptAsItIs()
    {
        var older = Record("a.jsonl", 1, asOf: Day(2020, 1, 1)) with
        {
            Authors = [new AuthorName("Ada Lovelace", "Old place")],
        };
        var newer = Record("b.jsonl", 1, asOf: Day(2021, 1, 1)) with
        {
            Authors = [new AuthorName("Ada Lovelace", "New place")],
        };

        Assert.Equal("New place", PaperMerger.Merge([older, newer]).Authors[0].Affiliation);
    }

    [Fact]
    public void SameDateIsBrokenByTheHigherVersion()
    {
        var v1 = Record("a.jsonl", 1, asOf: Day(2024, 1, 1)) with { Title = "First version", Version = 1 };
        var v3 = Record("z.jsonl", 9, asOf: Day(2024, 1, 1)) with { Title = "Third version", Version = 3 };

        Assert.Equal("Third version", PaperMerger.Merge([v1, v3]).Title);
        Assert.Equal("Third version", PaperMerger.Merge([v3, v1]).Title);
    }

    [Fact]
    public void YearIsTheFirstVersionsYearElseTheFirstListingDayElseTheIdsYear()
    {
        var listed = Record("a.jsonl", 1, asOf: null) with { ListedOn = [new DateOnly(2026, 1, 5), new DateOnly(2025, 12, 1)] };
        var bare = Record("b.jsonl", 1, asOf: null);

        Assert.Equal(2025, PaperMerger.Merge([listed]).Year);
        Assert.Equal(2025, PaperMerger.Merge([bare]).Year);   // from 2503.11742
        Assert.Equal(2024, PaperMerger.Merge([listed with
        {
            Versions = [new PaperVersion(1, Day(2024, 12, 31)), new PaperVersion(2, Day(2026, 1, 1))],
        }]).Year);
    }

    [Fact]
    public void NoRecordsCannotBeMerged()
    {
        Assert.Throws<ArgumentException>(() => PaperMerger.Merge([]));
    }

    [Fact]
    public void RecordsOfDifferentPapersCannotBeMerged()
    {
        var other = Record("a.jsonl", 2, asOf: null) with { Id = ArxivId.Parse("hep-th/9709111") };

        var error = Assert.Throws<ArgumentException>(() => PaperMerger.Merge([Record("a.jsonl", 1, asOf: null), other]));

        Assert.Contains("different papers", error.Message, StringComparison.Ordinal);
    }

    private static readonly (string Field, Func<PaperRecord, string?> OfRecord, Func<Paper, string?> OfPaper)[] ScalarFields =
    [
        ("title", r => r.Title, p => p.Title),
        ("abstract", r => r.Abstract, p => p.Abstract),
        ("comments", r => r.Comments, p => p.Comments),
        ("journal_ref", r => r.JournalRef, p => p.JournalRef),
        ("doi", r => r.Doi, p => p.Doi),
        ("report_no", r => r.ReportNo, p => p.ReportNo),
        ("license", r => r.License, p => p.License),
        ("submitter", r => r.Submitter, p => p.Submitter),
        ("msc_class", r => r.MscClass, p => p.MscClass),
        ("acm_class", r => r.AcmClass, p => p.AcmClass),
    ];

    private static DateTimeOffset Day(int year, int month, int day) => new(year, month, day, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TheLatestCommunitySnapshotWinsAndCommunityMetadataDoesNotOverrideANewerArxivRecord()
    {
        var arxiv = Record("arxiv.jsonl", 1, new DateTimeOffset(2024, 10, 24, 0, 0, 0, TimeSpan.Zero)) with
        {
            Title = "The arXiv title",
            ListedOn = [new DateOnly(2024, 10, 24)],
        };
        var featured = Record("hf/2024-10-25.json", 3, new DateTimeOffset(2024, 10, 22, 17, 59, 30, TimeSpan.Zero)) with
        {
            Title = "The title as the site folded it",
            Community = new CommunitySignals(new DateOnly(2024, 10, 25), 12, 1, "someone", null, "https://github.com/a/b"),
        };
        var later = featured with
        {
            Source = new SourceLocation("hf/2024-10-26.json", 7, "test"),
            Community = new CommunitySignals(new DateOnly(2024, 10, 26), 30, 4, "someone"),
        };

        foreach (var order in Permutations([arxiv, featured, later]))
        {
            var paper = PaperMerger.Merge(order);
            Assert.Equal("The arXiv title", paper.Title);
            Assert.Equal(30, paper.Community!.Upvotes);
            Assert.Equal("hf/2024-10-26.json", paper.FieldSources["community"].File);
            Assert.Equal(new DateOnly(2024, 10, 24), paper.FirstAppeared);
        }
        // A paper only a community site knows first appeared on its publication date, not on the first of its month.
        var alone = PaperMerger.Merge([featured]);
        Assert.Equal(new DateOnly(2024, 10, 22), alone.FirstAppeared);
        Assert.Equal("https://github.com/a/b", alone.CodeUrl);
    }

    private static PaperRecord Record(string file, long line, DateTimeOffset? asOf) => new()
    {
        Id = Id,
        Title = "A title",
        AsOf = asOf,
        Source = new SourceLocation(file, line, "test"),
    };

    private static IEnumerable<PaperRecord[]> Permutations(PaperRecord[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }
        for (var i = 0; i < items.Length; i++)
        {
            var rest = items.Where((_, j) => j != i).ToArray();
            foreach (var tail in Permutations(rest))
            {
                yield return [items[i], .. tail];
            }
        }
    }
}

/// <summary>2–6 records of one paper.</summary>
public sealed record RecordSet(PaperRecord[] Records)
{
    public override string ToString() => MergeInputs.Describe(Records);
}

/// <summary>2–6 records of one paper, no two with the same <see cref="PaperRecord.AsOf"/>.</summary>
public sealed record DistinctlyDatedRecordSet(PaperRecord[] Records)
{
    public override string ToString() => MergeInputs.Describe(Records);
}

/// <summary>FsCheck generators of merge inputs, from small pools so that equal values and ties are frequent.</summary>
public static class MergeInputs
{
    private static readonly ArxivId Id = ArxivId.Parse("2503.11742");

    private static readonly DateTimeOffset?[] AsOfs =
    [
        null,
        new DateTimeOffset(2025, 3, 18, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2025, 4, 1, 12, 0, 0, TimeSpan.Zero),
        // The same instant as the one before, written with another offset: a tie, not a newer record.
        new DateTimeOffset(2025, 4, 1, 14, 0, 0, TimeSpan.FromHours(2)),
        new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero),
    ];

    private static readonly DateTimeOffset[] DistinctAsOfs =
        Enumerable.Range(0, 6).Select(i => new DateTimeOffset(2020 + i, 1 + i, 1, 0, 0, 0, TimeSpan.Zero)).ToArray();

    private static readonly AuthorName[][] AuthorLists =
    [
        [],
        [new("Ada Lovelace"), new("Charles Babbage")],
        [new("A. Lovelace", "Univ. of London"), new("C. Babbage", "Cambridge")],
        [new("Ada Lovelace", "Somewhere else"), new("Charles Babbage")],
        [new("Ada Lovelace"), new("Alan Turing")],
    ];

    public static Arbitrary<RecordSet> RecordSets() =>
        Gen.Choose(2, 6)
            .SelectMany(n => Gen.CollectToArray(Enumerable.Range(0, n), i => Record(i, Gen.Elements(AsOfs))))
            .Select(records => new RecordSet(records))
            .ToArbitrary();

    public static Arbitrary<DistinctlyDatedRecordSet> DistinctlyDatedRecordSets() =>
        Gen.Choose(2, 6)
            .SelectMany(n => Gen.Shuffle(DistinctAsOfs).SelectMany(dates =>
                Gen.CollectToArray(Enumerable.Range(0, n), i => Record(i, Gen.Constant<DateTimeOffset?>(dates[i])))))
            .Select(records => new DistinctlyDatedRecordSet(records))
            .ToArbitrary();

    private static Gen<string?> Maybe(params string[] values) =>
        Gen.Elements<string?>([null, " ", .. values]);

    private static Gen<PaperRecord> Record(int index, Gen<DateTimeOffset?> asOf) =>
        from date in asOf
        from version in Gen.Elements<int?>(null, 1, 2, 3)
        from title in Gen.Elements("Title one", "Title two", "Title three")
        from abstractText in Maybe("Abstract one.", "Abstract two.")
        from comments in Maybe("10 pages", "Accepted at CVPR 2025")
        from journal in Maybe("Phys. Rev. D 76 (2007)", "JHEP 01 (2020) 001")
        from doi in Maybe("10.1000/a", "10.1000/b")
        from scalars in Gen.Elements<string?>(null, "x", "y").Four()
        from authors in Gen.Elements(AuthorLists)
        from categories in Gen.SubListOf("cs.CV", "cs.AI", "cs.LG", "stat.ML").SelectMany(Gen.Shuffle)
        from versions in Gen.SubListOf(1, 2, 3).SelectMany(numbers =>
            Gen.CollectToArray(numbers, n =>
                from month in Gen.Choose(1, 2)
                from size in Gen.Elements<string?>(null, "12kb", "15kb")
                select new PaperVersion(n, new DateTimeOffset(2024, month, n, 0, 0, 0, TimeSpan.Zero), size)))
        from listed in Gen.SubListOf(new DateOnly(2025, 3, 18), new DateOnly(2025, 3, 19), new DateOnly(2025, 4, 2))
        from file in Gen.Elements("2025-03-18.jsonl.gz", "snapshot.jsonl")
        from format in Gen.Elements("arxiv-daily", "arxiv-snapshot")
        select new PaperRecord
        {
            Id = Id,
            Version = version,
            Title = title,
            Abstract = abstractText,
            Comments = comments,
            JournalRef = journal,
            Doi = doi,
            ReportNo = scalars.Item1,
            License = scalars.Item2,
            Submitter = scalars.Item3,
            MscClass = scalars.Item4,
            AcmClass = scalars.Item1 is null ? null : "I.2.7",
            Authors = authors,
            Categories = [.. categories],
            Versions = versions,
            ListedOn = [.. listed],
            AsOf = date,
            // Distinct lines: two records never share a source position.
            Source = new SourceLocation(file, index + 1, format),
        };

    public static string Describe(IEnumerable<PaperRecord> records) =>
        string.Join("\n", records.Select(r =>
            $"{r.Source} asOf={r.AsOf:O} v={r.Version} title={r.Title} abstract={r.Abstract} comments={r.Comments} " +
            $"doi={r.Doi} authors=[{string.Join("; ", r.Authors)}] categories=[{string.Join(' ', r.Categories)}] " +
            $"versions=[{string.Join(", ", r.Versions)}] listed=[{string.Join(' ', r.ListedOn)}]"));
}
