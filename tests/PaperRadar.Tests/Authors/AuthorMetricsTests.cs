using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PaperRadar.Core.Authors;

namespace PaperRadar.Tests.Authors;

public sealed class AuthorMetricsTests
{
    [Theory]
    [InlineData(new int[0], 0, 0, 0)]
    [InlineData(new[] { 0, 0 }, 0, 0, 0)]
    [InlineData(new[] { 10, 8, 5, 4, 3 }, 4, 1, 30)]
    [InlineData(new[] { 25, 8, 5, 3, 3 }, 3, 1, 44)]
    [InlineData(new[] { 1, 1, 1 }, 1, 0, 3)]
    [InlineData(new[] { 100, 100 }, 2, 2, 200)]
    public void HIndexAndI10AreTheTextbookOnes(int[] citations, int h, int i10, int total)
    {
        var metrics = AuthorMetrics.Compute(citations);

        Assert.Equal((citations.Length, total, h, i10), (metrics.Papers, metrics.Citations, metrics.HIndex, metrics.I10Index));
    }

    [Property]
    public Property TheMetricsNeverContradictTheListTheySummarise() =>
        Prop.ForAll(Gen.Choose(0, 500).ArrayOf().ToArbitrary(), citations =>
        {
            var m = AuthorMetrics.Compute(citations);
            return m.HIndex <= m.Papers && m.HIndex * m.HIndex <= m.Citations && m.I10Index <= m.Papers &&
                   m.Citations == citations.Sum() && m.Papers == citations.Length &&
                   citations.Count(c => c >= m.HIndex) >= m.HIndex && citations.Count(c => c >= m.HIndex + 1) < m.HIndex + 1;
        });

    [Fact]
    public void ANegativeCountIsAnError() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AuthorMetrics.Compute([3, -1]));
}
