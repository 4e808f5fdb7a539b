using PaperRadar.Core.Text;

namespace PaperRadar.Core.Model;

/// <summary>
/// Merges every record of one arXiv id into one <see cref="Paper"/>. The result depends only on the set of
/// records, never on the order they were imported in: that is what makes an import idempotent and a killed import,
/// run again, end with the store an uninterrupted run makes.
/// </summary>
/// <remarks>
/// Records are ranked newest metadata first: by <see cref="PaperRecord.AsOf"/> (the date the metadata was current:
/// its latest version's date, or its listing day), then version, then source file and line as a stable tie-break.
/// Each scalar field comes from the best-ranked record that has it, so the newest version's metadata wins and older
/// records fill what it lacks (a listing has no abstract, a daily file has no versions). Versions, listing days and
/// categories are united; the primary category is the best-ranked record's.
/// </remarks>
public static class PaperMerger
{
    /// <summary>
    /// Bump when what a merged paper contains changes (the merge rules, the comments parser, a derived field): stores
    /// built by an older version re-derive their papers from the kept source records on the next import.
    /// </summary>
    public const int DerivationVersion = 4;

    /// <summary>How many fields a merged paper records a source for (the names given to Pick and the others).</summary>
    private const int FieldCount = 18;

    public static Paper Merge(IReadOnlyCollection<PaperRecord> records)
    {
        if (records.Count == 0)
        {
            throw new ArgumentException("a paper needs at least one record", nameof(records));
        }
        // Most papers have one record; ranking one needs no sort (the import merges every paper it writes).
        var ranked = records.Count == 1
            ? [.. records]
            : records.OrderByDescending(r => r.AsOf ?? DateTimeOffset.MinValue)
                .ThenByDescending(r => r.Version ?? 0)
                .ThenBy(r => r.Source.File, StringComparer.Ordinal)
                .ThenBy(r => r.Source.Line)
                .ToList();
        var id = ranked[0].Id;
        if (ranked.Any(r => r.Id != id))
        {
            throw new ArgumentException("records of different papers cannot be merged", nameof(records));
        }

        // Sized for every field a paper can take from a record, so it never grows (one merge per paper imported).
        var fieldSources = new Dictionary<string, SourceLocation>(FieldCount, StringComparer.Ordinal);
        string? Pick(string field, Func<PaperRecord, string?> get)
        {
            foreach (var record in ranked)
            {
                var value = get(record);
                if (!string.IsNullOrWhiteSpace(value))
                {
                    fieldSources[field] = record.Source;
                    return value;
                }
            }
            return null;
        }

        var title = Pick("title", r => r.Title)!;
        var comments = Pick("comments", r => r.Comments);
        var abstractText = Pick("abstract", r => r.Abstract);
        var versions = MergeVersions(ranked);
        var listedOn = ranked.SelectMany(r => r.ListedOn).Distinct().Order().ToList();
        var latestVersion = ranked.Select(r => r.Version).Concat(versions.Select(v => (int?)v.Number)).Max();
        var community = LatestCommunity(ranked, fieldSources);
        var earliestAsOf = ranked.Where(r => r.AsOf is not null).Select(r => r.AsOf!.Value).DefaultIfEmpty().Min();
        var commentFacts = CommentFacts.Parse(comments);
        var venue = Pick("venue", r => r.Venue);
        var year = ranked.Select(r => r.Year).FirstOrDefault(y => y is not null);
        var doi = Pick("doi", r => r.Doi);

        return new Paper
        {
            Id = id,
            Title = title,
            Authors = MergeAuthors(ranked, fieldSources),
            Abstract = abstractText,
            Categories = MergeCategories(ranked, fieldSources),
            Comments = comments,
            CommentFacts = venue is null ? commentFacts : commentFacts with { Venue = venue },
            JournalRef = Pick("journal_ref", r => r.JournalRef),
            Doi = doi,
            ReportNo = Pick("report_no", r => r.ReportNo),
            License = Pick("license", r => r.License),
            Submitter = Pick("submitter", r => r.Submitter),
            MscClass = Pick("msc_class", r => r.MscClass),
            AcmClass = Pick("acm_class", r => r.AcmClass),
            Versions = versions,
            ListedOn = listedOn,
            LatestVersion = latestVersion,
            FirstAppeared = versions.Count > 0 ? DateOnly.FromDateTime(versions[0].Submitted.UtcDateTime)
                : listedOn.Count > 0 ? listedOn[0]
                : earliestAsOf != default ? DateOnly.FromDateTime(earliestAsOf.UtcDateTime)
                : id.Arxiv is { } arxivId ? new DateOnly(arxivId.YearMonth.Year, arxivId.YearMonth.Month, 1)
                : year is { } y ? new DateOnly(y, 1, 1)
                : throw new ArgumentException($"no record of {id} says when it appeared (a version date, a listing day or a year)", nameof(records)),
            OtherIds = ranked.SelectMany(r => r.OtherIds ?? []).Concat(DoiIds(doi))
                .Where(other => other != id).Distinct().Order().ToList(),
            CodeUrl = CodeLinks.Find(comments, abstractText) ?? community?.CodeUrl,
            Community = community,
            CitedByCount = LatestCitationCount(ranked, fieldSources),
            Sources = ranked.Select(r => r.Source).ToList(),
            FieldSources = fieldSources,
        };
    }

    /// <summary>
    /// The DOIs in a DOI field as ids that link records: arXiv's field sometimes holds several, separated by spaces;
    /// a token that is not a DOI is left out (the field itself keeps it).
    /// </summary>
    public static IEnumerable<PaperId> DoiIds(string? doi) =>
        (doi ?? "").Split((char[])[' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries)
            .Select(token => PaperId.TryForeign(PaperId.DoiScheme, token, out var id, out _) ? id : (PaperId?)null)
            .OfType<PaperId>();

    /// <summary>The snapshot of the latest day (most upvotes on a tie, then the best-ranked record).</summary>
    private static CommunitySignals? LatestCommunity(List<PaperRecord> ranked, Dictionary<string, SourceLocation> sources)
    {
        PaperRecord? latest = null;
        foreach (var record in ranked)
        {
            if (record.Community is { } signals && (latest is null || signals.Day > latest.Community!.Day ||
                (signals.Day == latest.Community!.Day && signals.Upvotes > latest.Community.Upvotes)))
            {
                latest = record;
            }
        }
        if (latest is not null)
        {
            sources["community"] = latest.Source;
        }
        return latest?.Community;
    }

    /// <summary>The count of the latest day (the higher count on a tie, then the best-ranked record).</summary>
    private static CitationCount? LatestCitationCount(List<PaperRecord> ranked, Dictionary<string, SourceLocation> sources)
    {
        PaperRecord? latest = null;
        foreach (var record in ranked)
        {
            if (record.CitedByCount is { } count && (latest is null ||
                (count.Counted ?? DateOnly.MinValue) > (latest.CitedByCount!.Counted ?? DateOnly.MinValue) ||
                (count.Counted == latest.CitedByCount.Counted && count.Count > latest.CitedByCount.Count)))
            {
                latest = record;
            }
        }
        if (latest is not null)
        {
            sources["cited_by_count"] = latest.Source;
        }
        return latest?.CitedByCount;
    }

    private static List<PaperVersion> MergeVersions(List<PaperRecord> ranked)
    {
        var byNumber = new SortedDictionary<int, PaperVersion>();
        foreach (var version in ranked.SelectMany(r => r.Versions))
        {
            if (!byNumber.TryGetValue(version.Number, out var known))
            {
                byNumber[version.Number] = version;
            }
            else if (known.Size is null && version.Size is not null)
            {
                byNumber[version.Number] = known with { Size = version.Size };
            }
        }
        return [.. byNumber.Values];
    }

    private static List<string> MergeCategories(List<PaperRecord> ranked, Dictionary<string, SourceLocation> sources)
    {
        var categories = new List<string>();
        foreach (var record in ranked)
        {
            foreach (var category in record.Categories)
            {
                if (!categories.Contains(category, StringComparer.Ordinal))
                {
                    if (categories.Count == 0)
                    {
                        sources["primary_category"] = record.Source;
                    }
                    categories.Add(category);
                }
            }
        }
        return categories;
    }

    /// <summary>
    /// The author list of the best-ranked record that has one. When it gives no affiliations but another record lists
    /// the same people (same count, same surnames in order) with affiliations, those affiliations are kept.
    /// </summary>
    private static IReadOnlyList<AuthorName> MergeAuthors(List<PaperRecord> ranked, Dictionary<string, SourceLocation> sources)
    {
        var primary = ranked.FirstOrDefault(r => r.Authors.Count > 0);
        if (primary is null)
        {
            return [];
        }
        sources["authors"] = primary.Source;
        var authors = primary.Authors;
        if (authors.Any(a => a.Affiliation is not null))
        {
            return authors;
        }
        var donor = ranked.FirstOrDefault(r => !ReferenceEquals(r, primary) &&
                                               r.Authors.Count == authors.Count &&
                                               r.Authors.Any(a => a.Affiliation is not null) &&
                                               r.Authors.Zip(authors).All(pair => SameSurname(pair.First.Name, pair.Second.Name)));
        if (donor is null)
        {
            return authors;
        }
        sources["affiliations"] = donor.Source;
        return authors.Zip(donor.Authors, (author, other) => author with { Affiliation = other.Affiliation }).ToList();
    }

    private static bool SameSurname(string a, string b)
    {
        static string Surname(string name)
        {
            var space = name.LastIndexOf(' ');
            return space < 0 ? name : name[(space + 1)..];
        }
        return string.Equals(Surname(a), Surname(b), StringComparison.OrdinalIgnoreCase);
    }
}
