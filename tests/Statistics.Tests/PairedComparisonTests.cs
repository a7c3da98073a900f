namespace ZImageSweep.Statistics.Tests;

[Trait(Tier.Name, Tier.Unit)]
public sealed class PairedComparisonTests
{
    static readonly double[] Losses = [1.12, 1.31, 0.97, 1.05, 1.22, 1.18, 0.99, 1.41, 1.08, 1.15, 1.27, 1.02];

    [Fact]
    public void IdenticalArms_GiveZeroDifferencesAndNoVerdict()
    {
        var pair = PairedComparison.Of(Losses, Losses);

        Assert.Equal(0, pair.MeanDifference);
        Assert.Equal(new ConfidenceInterval(0, 0), pair.Interval);
        Assert.Equal(1, pair.Wilcoxon.P);
        Assert.Null(pair.ItemsNeeded);
        Assert.Equal(Verdict.NoDetectableDifference, VerdictRule.Decide(pair, adjustedP: 1));
    }

    [Fact]
    public void ArmWorseOnEveryItem_IsDetectedWorse()
    {
        double[] worse = [.. Losses.Select((l, i) => l + 0.05 + 0.001 * i)];

        var pair = PairedComparison.Of(Losses, worse);

        Assert.True(pair.MeanDifference < 0);
        Assert.True(pair.Interval.High < 0);
        // All 12 differences negative: the exact p is 2/2^12.
        Assert.Equal(2.0 / 4096, pair.Wilcoxon.P, 1e-15);
        Assert.Equal(-1, pair.Wilcoxon.RankBiserial);
        Assert.Equal(Verdict.ABetter, VerdictRule.Decide(pair, pair.Wilcoxon.P));
        Assert.Equal(Verdict.BBetter, VerdictRule.Decide(PairedComparison.Of(worse, Losses), pair.Wilcoxon.P));
    }

    [Fact]
    public void SignificantRankTest_WithIntervalAcrossZero_NamesNoWinner()
    {
        // Most items favour a slightly, one item favours b by a lot: Wilcoxon rejects, the mean points the other way.
        var pair = PairedComparison.Of([0.0, 0, 0, 0, 0, 0, 0, 0, 0, 5], [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0]);

        Assert.Equal(Verdict.NoDetectableDifference, VerdictRule.Decide(pair, adjustedP: 0.01));
    }

    [Fact]
    public void UnpairedLists_AreRejectedWithBothCounts()
    {
        var e = Assert.Throws<ArgumentException>(() => PairedComparison.Of([1.0, 2.0], [1.0]));
        Assert.Contains("a has 2, b has 1", e.Message);
    }
}
