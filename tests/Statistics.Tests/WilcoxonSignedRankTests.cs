namespace ZImageSweep.Statistics.Tests;

[Trait(Tier.Name, Tier.Unit)]
public sealed class WilcoxonSignedRankTests
{
    [Fact]
    public void ExactP_MatchesScipyDocumentationAndBruteForce()
    {
        var result = WilcoxonSignedRank.Test(ReferenceVectors.Darwin);

        // scipy.stats.wilcoxon(d) in scipy's documentation: statistic 24.0, pvalue 0.041259765625; paired_reference.py's
        // enumeration of all 2^15 sign assignments gives the same (R+ 96, R- 24).
        Assert.True(result.Exact);
        Assert.Equal(24, result.Statistic);
        Assert.Equal(96, result.RankSumPositive);
        Assert.Equal(0.041259765625, result.P, 1e-15);
    }

    [Fact]
    public void NormalApproximation_MatchesScipyDocumentation()
    {
        var result = WilcoxonSignedRank.Test(ReferenceVectors.Darwin, maxExactN: 0);

        // scipy.stats.wilcoxon(d, method='approx') in scipy's documentation: 0.04088813291185591; paired_reference.py: 0.040888132911855925.
        Assert.False(result.Exact);
        Assert.Equal(0.040888132911855925, result.P, 1e-13);
    }

    [Fact]
    public void ExactP_WithTiesAndZeros_DropsZerosAndCountsHalfRanks()
    {
        var result = WilcoxonSignedRank.Test(ReferenceVectors.TiesAndZeros);

        // paired_reference.py, brute force over 2^10 sign assignments of the average ranks: p 0.140625, R+ 42.5, R- 12.5.
        Assert.Equal(10, result.N);
        Assert.Equal(42.5, result.RankSumPositive);
        Assert.Equal(12.5, result.RankSumNegative);
        Assert.Equal(0.140625, result.P, 1e-15);
    }

    [Fact]
    public void LargeN_UsesTieCorrectedNormalApproximation()
    {
        var result = WilcoxonSignedRank.Test(ReferenceVectors.Large);

        // paired_reference.py normal_p: 0.0436701387867178, R+ 1189, R- 641.
        Assert.False(result.Exact);
        Assert.Equal(1189, result.RankSumPositive);
        Assert.Equal(641, result.RankSumNegative);
        Assert.Equal(0.0436701387867178, result.P, 1e-12);
    }

    [Fact]
    public void AllZeroDifferences_GiveP1AndNoEffect()
    {
        var result = WilcoxonSignedRank.Test([0.0, 0.0, 0.0]);

        Assert.Equal(0, result.N);
        Assert.Equal(1, result.P);
        Assert.Equal(0, result.RankBiserial);
    }

    [Fact]
    public void RankBiserial_IsOneWhenEveryDifferenceIsPositive()
    {
        Assert.Equal(1, WilcoxonSignedRank.Test([0.1, 0.4, 0.2]).RankBiserial);
        Assert.Equal(-1, WilcoxonSignedRank.Test([-0.1, -0.4]).RankBiserial);
    }

    [Fact]
    public void ExactP_OfAllPositiveDifferences_IsTwoOverTwoToTheN()
    {
        // Every one of n = 8 differences positive: only one assignment of 2^8 has R- = 0, so p = 2/256.
        Assert.Equal(2.0 / 256, WilcoxonSignedRank.Test([1.0, 2, 3, 4, 5, 6, 7, 8]).P, 1e-15);
    }

    [Fact]
    public void NonFiniteDifference_IsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => WilcoxonSignedRank.Test([1.0, double.NaN]));
        Assert.Contains("finite", e.Message);
    }
}
