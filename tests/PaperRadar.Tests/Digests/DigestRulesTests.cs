using PaperRadar.Digests;
using PaperRadar.Storage;

namespace PaperRadar.Tests.Digests;

public sealed class DigestRulesTests
{
    [Theory]
    [InlineData("smtp://mail.example.org", "mail.example.org", 587, SmtpTls.StartTls, null, null)]
    [InlineData("smtp://mail.example.org:465", "mail.example.org", 465, SmtpTls.Tls, null, null)]
    [InlineData("smtp://127.0.0.1:2525?tls=none", "127.0.0.1", 2525, SmtpTls.None, null, null)]
    [InlineData("smtp://127.0.0.1?tls=none", "127.0.0.1", 25, SmtpTls.None, null, null)]
    [InlineData("smtp://digests%40example.org:p%3Ass@mail.example.org:587?tls=starttls", "mail.example.org", 587, SmtpTls.StartTls, "digests@example.org", "p:ss")]
    [InlineData("smtps://mail.example.org", "mail.example.org", 465, SmtpTls.Tls, null, null)]
    public void MailServerUrlsAreRead(string url, string host, int port, SmtpTls tls, string? user, string? password)
    {
        Assert.Equal(new SmtpSettings(host, port, tls, user, password), SmtpSettings.Parse(url));
    }

    [Theory]
    [InlineData("http://mail.example.org")]
    [InlineData("mail.example.org:25")]
    [InlineData("smtp://mail.example.org/path")]
    [InlineData("smtp://mail.example.org?tls=maybe")]
    [InlineData("smtp://mail.example.org?auth=plain")]
    public void BadMailServerUrlsAreRefusedWithoutRepeatingThem(string url)
    {
        var error = Assert.Throws<ArgumentException>(() => SmtpSettings.Parse("x" + url.Replace("mail", "sEcReT", StringComparison.Ordinal)));
        Assert.DoesNotContain("sEcReT", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("--smtp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheMailServerPasswordIsNeverShown()
    {
        var settings = SmtpSettings.Parse("smtp://ada:hunter2@mail.example.org:587");
        Assert.Equal("smtp://ada:***@mail.example.org:587?tls=starttls", settings.ToString());
        Assert.DoesNotContain("hunter2", $"{settings}", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ada@example.org", null)]
    [InlineData("ada.lovelace+papers@cs.example.ac.uk", null)]
    [InlineData("", "empty")]
    [InlineData("ada@example", "internet domain")]
    [InlineData("ada@@example.org", "exactly one @")]
    [InlineData("ada@example.org,eve@example.org", "exactly one @")]
    [InlineData("ada@example.org\r\nBcc: eve@example.org", "spaces or control")]
    [InlineData("\"ada lovelace\"@example.org", "spaces or control")]
    [InlineData(".ada@example.org", "mailbox name")]
    [InlineData("ada@[127.0.0.1]", "internet domain")]
    [InlineData("ada@127.0.0.1", "internet domain")]
    [InlineData("ada@-example.org", "internet domain")]
    public void OnlyOnePlainMailboxMaySubscribe(string address, string? problem)
    {
        var found = EmailAddresses.Validate(address);
        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.Contains(problem, found, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(DigestFrequency.Daily, "2025-03-18", "2025-03-18")]
    [InlineData(DigestFrequency.Weekly, "2025-03-18", "2025-W12")]
    [InlineData(DigestFrequency.Weekly, "2025-03-23", "2025-W12")] // Sunday ends the ISO week
    [InlineData(DigestFrequency.Weekly, "2024-12-30", "2025-W01")] // ISO week-year, not the calendar year
    public void EachDigestBelongsToItsDayOrIsoWeek(DigestFrequency frequency, string day, string period)
    {
        Assert.Equal(period, DigestBuilder.PeriodOf(frequency, DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void TheLikeModelRanksPapersNearTheLibraryAboveOthers()
    {
        // Clusters of unit vectors around the axes (generated: the property holds for any separable data); the library
        // is three papers of the first cluster, the negatives a sample of the others (fewer than 2 % of random papers
        // are like a library, so the threshold falls between the clusters).
        const int dimensions = 16;
        var random = new Random(3);
        float[] Around(int axis)
        {
            var v = new float[dimensions];
            for (var i = 0; i < dimensions; i++)
            {
                v[i] = (float)(random.NextDouble() * 0.2);
            }
            v[axis] = 1;
            var norm = MathF.Sqrt(v.Sum(x => x * x));
            return v.Select(x => x / norm).ToArray();
        }
        var library = Enumerable.Range(0, 3).SelectMany(_ => Around(0)).ToArray();
        var negatives = Enumerable.Range(0, 200).SelectMany(i => Around(1 + (i % (dimensions - 1)))).ToArray();
        var model = LikeModel.Train(library, negatives, dimensions);
        var near = Enumerable.Range(0, 20).Select(_ => model.Score(Around(0))).ToList();
        var far = Enumerable.Range(0, 20).Select(i => model.Score(Around(1 + (i % (dimensions - 1))))).ToList();
        Assert.True(near.Min() > far.Max(), $"near {near.Min()} far {far.Max()}");
        Assert.True(near.Min() > model.Threshold, $"near {near.Min()} threshold {model.Threshold}");
        var copy = LikeModel.FromBytes(model.ToBytes());
        Assert.Equal(model.Weights, copy.Weights);
        Assert.Equal(model.Threshold, copy.Threshold);
    }

    [Fact]
    public void OneLineAbstractIsTheFirstSentenceShortened()
    {
        Assert.Equal("We study X.", Mails.OneLine("We study\n  X. Then we do Y, e.g. Z."));
        Assert.Equal("", Mails.OneLine(null));
        var longSentence = string.Join(' ', Enumerable.Repeat("word", 100)) + ".";
        Assert.True(Mails.OneLine(longSentence).Length <= 222);
        Assert.EndsWith(" …", Mails.OneLine(longSentence), StringComparison.Ordinal);
    }
}
