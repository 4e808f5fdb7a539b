using PaperRadar.Core.Text;
using static PaperRadar.Core.Text.PublicationStatus;

namespace PaperRadar.Tests.Text;

/// <summary>
/// Real comments from ../shared/data (daily files, astro-ph listings, the 2012 OAI harvest), chosen for what makes
/// them hard; the expected facts are written by hand. A fact left out is a pass where the wording is in doubt.
/// </summary>
public sealed class CommentFactsTests
{
    public static TheoryData<string, int?, int?, int?, string?, PublicationStatus?> RealComments => new()
    {
        // Counts in their many spellings.
        { "36 pages, 14 figures", 36, 14, null, null, null },
        { "14pp, Latex", 14, null, null, null, null },
        { "8 pages including 3 PostScript figures", 8, 3, null, null, null },
        { "5 pages, no figures", 5, 0, null, null, null },
        { "12 pages, 4 figures, 3 tables", 12, 4, 3, null, null },
        { "17 pages, one figure, one table", 17, 1, 1, null, null },
        { "16 pages, two figures", 16, 2, null, null, null },
        { "10pages, 8figures", 10, 8, null, null, null },
        { "24 Pages, OUTP-92-10P", 24, null, null, null, null },
        { "3 pagex revtex, 2 figures. Reference added. To be published in PRD Rapid Communications", null, 2, null, "PRD Rapid Communications", ToAppear },
        { "8 pages, 5 figures, 7 tablels, submitted to ITSC2025", 8, 5, null, "ITSC2025", Submitted },
        { "Figure 1-2 and Tables 1, D.1, D.2 updated. Main conclusions unchanged. Accepted for publication in A&A.", null, null, null, "A&A", Accepted },
        { "13 pages, 5 figures; v3: minor corrections made following referee comments, plus extra discussion and figures added after receiving feedback", 13, 5, null, null, null },
        { "11 pages, 2 figures, 3 tables, 2 supplemental figures", 11, 2, 3, null, null },
        // Parts and totals.
        { "26 pages, 1 figure, 3 tables (plus 17 pages supplement including 1 figure)", 26, 1, 3, null, null },
        { "Main paper: 8 pages, 4 figures; Supplemental Material: 4 pages, 5 figures, 1 table. Accepted for publication in Phys. Rev. Lett", 8, 4, null, "Phys. Rev. Lett", Accepted },
        { "9 pages main content, 24 pages total including appendix, 6 figures", 24, 6, null, null, null },
        { "17 pages + 19 pages of \"Online Material\", 9 figures, 12 tables. Accepted for publication in \"Astronomy & Astrophysics\"", 17, 9, 12, "Astronomy & Astrophysics", Accepted },
        { "Main text: 13 pages, 4 figures. Supplementary Information: 18 pages", 13, 4, null, null, null },
        { "v1: 33 pages, 16 figures. v2: 34 pages, several small corrections", 34, 16, null, null, null },
        // Status and venue.
        { "Accepted for publication in AJ", null, null, null, "AJ", Accepted },
        { "To appear in Int. J. Mod. Phys. E", null, null, null, "Int. J. Mod. Phys. E", ToAppear },
        { "submitted to The Astrophysical Journal", null, null, null, "The Astrophysical Journal", Submitted },
        { "Published in ICLR 2026 (37 pages, 16 figures)", 37, 16, null, "ICLR 2026", Published },
        { "This paper has been accepted by NeurIPS 2025", null, null, null, "NeurIPS 2025", Accepted },
        { "Accepted by ICML 2025. Code: https://github.com/shenwenhao01/ADHMR", null, null, null, "ICML 2025", Accepted },
        { "ACCEPTED for publication as a REGULAR paper in the IEEE Transactions on Multimedia 2025", null, null, null, "IEEE Transactions on Multimedia 2025", Accepted },
        { "7 pages, 8 figures To be published in Monthly Notices Roy. Astr. Soc", 7, 8, null, "Monthly Notices Roy. Astr. Soc", ToAppear },
        { "15 pages, 5 tables, 8 figures, MNRAS, in press", 15, 8, 5, "MNRAS", ToAppear },
        { "Scientometrics, in press", null, null, null, "Scientometrics", ToAppear },
        { "23 pages, 17 figures, MNRAS accepted, cross-references to other KiDS/GAMA papers fixed in v2; Weak lensing catalogues are available at http://kids.strw.leidenuniv.nl", 23, 17, null, "MNRAS", Accepted },
        { "MNRAS Letters (accepted): 5 pages, 3 figures", 5, 3, null, "MNRAS Letters", Accepted },
        { "16 pages, 7 tables, 14 figures, LaTeX, also available at http://msowww.anu.edu.au/~putman/pubs.html To appear in the June AJ", 16, 14, 7, "AJ", ToAppear },
        { "22 pages; matches published version in CQG", 22, null, null, "CQG", Published },
        { "6 pages, 2 figures, 2 tables, V2: minor revisions to match published version", 6, 2, 2, null, Published },
        { "Talk given at the 5th International Conference on Hard and Electromagnetic Probes of High-Energy Nuclear Collisions 2012, to be published in Nucl. Phys. A, 8 pages, 1 figure, (v2 replaced one reference, corrected typos)", 8, 1, null, "Nucl. Phys. A", ToAppear },
        { "Submitted to MNRAS Jan. 5, referee report recommending publication received Feb. 1, resubmitted Feb. 20", null, null, null, "MNRAS", Submitted },
        { "accepted for publication in Astronomy & Astrophysics July 31, 2007", null, null, null, "Astronomy & Astrophysics", Accepted },
        { "Accepted for publication in the Astrophysical Journal Letters -- Acknowledgment fixed to note the correct grant number", null, null, null, "Astrophysical Journal Letters", Accepted },
        { "Preliminary version, to appear in IEEE International Symposium on Information Theory 2026", null, null, null, "IEEE International Symposium on Information Theory 2026", ToAppear },
        { "Preprint version. Accepted for presentation at the International Conference on Information Systems (ICIS 2025). Please cite the published version when available", null, null, null, "International Conference on Information Systems", Accepted },
        { "10 pages, 5 figures, 4 tables. Under review", 10, 5, 4, null, Submitted },
        // A conference and year with no status word: an acceptance.
        { "NeurIPS 2025 (Spotlight)", null, null, null, "NeurIPS 2025", Accepted },
        { "CVPR 2025 Camera-ready", null, null, null, "CVPR 2025", Accepted },
        { "Camera-ready version of the CVPR 2025 paper", null, null, null, "CVPR 2025", Accepted },
        { "ICCV 2025. Project Page: https://dongjinkim9.github.io/projects/idf/", null, null, null, "ICCV 2025", Accepted },
        { "Accepted in CVPR'25. Project Page: https://pico.is.tue.mpg.de", null, null, null, "CVPR'25", Accepted },
        { "26 pages, 7 figures, Findings of ACL 2025", 26, 7, null, "Findings of ACL 2025", Accepted },
        { "ACL 2025 Main. Code is released at https://vision.snu.ac.kr/projects/mac", null, null, null, "ACL 2025", Accepted },
        { "8 pages, 5 figures, conference-style submission (ICRA 2026). Includes dataset description, BioLite U-Net architecture, benchmark results on edge device (Raspberry Pi 4B)", 8, 5, null, "ICRA 2026", Submitted },
        // No venue: another paper's, a plan, a thesis, a template, nothing at all.
        { "Work in progress", null, null, null, null, null },
        { "Project page: https://www.projectaria.com/scenescript/", null, null, null, null, null },
        { "Extended version of ICML 2025 paper", null, null, null, null, null },
        { "Extended version of the paper published in SDM25", null, null, null, null, null },
        { "This is an extended version of our work, which is accepted for publication at the 63rd ACM/IEEE Design Automation Conference (DAC), 2026", null, null, null, null, null },
        { "Long version of a paper to appear at KR 2025, which contains further proof details in the appendix", null, null, null, null, null },
        { "33 pages, full version of paper accepted at ISWC 2025", 33, null, null, null, null },
        { "7 pages, 7 figures and 2 tables; A short version will be submitted to IEEE for possible publication", 7, 7, 2, null, null },
        { "Written as per the requirements of CVPR 2025. It is a 8 page paper without reference", 8, null, null, null, null },
        { "162 pages, 11 tables, Thesis submitted to the University of Manchester for the degree of Doctor of Philosophy of the Faculty of Science", 162, null, 11, null, null },
        { "This paper has been withdrawn by the author due to a crucial error in equation 5", null, null, null, null, null },
        { "* Current version of the manuscript contains 17 pages including text, 13 figures, and 4 tables. The manuscript is currently under review at a journal", 17, 13, 4, null, Submitted },
        { "10 pages, 4 figures, CosSci 2025", 10, 4, null, null, null },
        { "28pages, 3 figures. First submitted in Oct. 2023", 28, 3, null, null, Submitted },
    };

    [Theory]
    [MemberData(nameof(RealComments))]
    public void RealCommentGivesItsFacts(string comment, int? pages, int? figures, int? tables, string? venue, PublicationStatus? status)
    {
        var facts = CommentFacts.Parse(comment);
        Assert.Equal(new CommentFacts(pages, figures, tables, venue, status), facts);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void NoCommentIsTheSharedNone(string? comment) => Assert.Same(CommentFacts.None, CommentFacts.Parse(comment));

    [Fact]
    public void ACommentWithNoFactsIsTheSharedNone() =>
        Assert.Same(CommentFacts.None, CommentFacts.Parse("Kanishk Gandhi and Agam Bhatia contributed equally"));

    [Fact]
    public void EveryRealDailyCommentParsesAndMostGiveFacts()
    {
        var comments = RealDailyComments();
        var withPages = 0;
        var withVenue = 0;
        foreach (var comment in comments)
        {
            var facts = CommentFacts.Parse(comment);
            withPages += facts.Pages is null ? 0 : 1;
            withVenue += facts.Venue is null ? 0 : 1;
            Assert.True(facts.Venue is null || facts.Venue.Length is >= 2 and <= 120, facts.Venue);
            Assert.True(facts.Pages is null or > 0, comment);
        }
        // Measured on the 379 files: about half the comments give a page count, a third a venue.
        Assert.True(comments.Count > 40_000, $"{comments.Count} comments");
        Assert.InRange(withPages, comments.Count * 4 / 10, comments.Count * 7 / 10);
        Assert.InRange(withVenue, comments.Count / 5, comments.Count / 2);
    }

    private static List<string> RealDailyComments()
    {
        var comments = new List<string>();
        foreach (var file in Directory.GetFiles(SharedData.Path("arxiv-daily"), "*.jsonl.gz"))
        {
            using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(file), System.IO.Compression.CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            while (reader.ReadLine() is { } line)
            {
                using var json = System.Text.Json.JsonDocument.Parse(line);
                if (json.RootElement.TryGetProperty("comment", out var comment) &&
                    comment.ValueKind == System.Text.Json.JsonValueKind.String && comment.GetString() is { Length: > 0 } text)
                {
                    comments.Add(text);
                }
            }
        }
        return comments;
    }
}
