using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Verdicts;
using ZImageSweep.Statistics;

namespace ZImageSweep.Grains.Tests.Verdicts;

[Trait(Tier.Name, Tier.Unit)]
public sealed class PairwiseVerdictsTests
{
    /// <summary>20 items, "i0".."i19", valued 1 + 0.1·sin(i) + <paramref name="offset"/>.</summary>
    static VerdictArmItems Arm(string id, double offset) =>
        new(id, $"arm {id}", Enumerable.Range(0, 20).ToDictionary(i => $"i{i}", i => 1 + 0.1 * Math.Sin(i) + offset));

    [Fact]
    public void IdenticalArms_DifferByExactlyZero_AndHaveNoWinner()
    {
        var verdict = PairwiseVerdicts.Compute("s", ComparisonMetric.ValidationLoss, 4, [Arm("a", 0), Arm("b", 0)]);

        var pair = Assert.Single(verdict.Pairs);
        Assert.Equal((0.0, 0.0, 0.0), (pair.MeanDiff, pair.CiLow, pair.CiHigh));
        Assert.Equal((1.0, 1.0), (pair.P, pair.PAdjusted));
        Assert.Null(pair.Winner);
        Assert.Null(pair.NNeeded);
    }

    [Fact]
    public void ArmWorseOnEveryItem_LosesWithAdjustedPBelowOnePercent()
    {
        var verdict = PairwiseVerdicts.Compute("s", ComparisonMetric.ValidationLoss, 4, [Arm("worse", 0.04), Arm("same", 0), Arm("best", 0)]);

        Assert.Equal(["worse", "same", "best"], verdict.Arms.Select(a => a.Id));
        Assert.All(verdict.Arms, a => Assert.Equal(20, a.N));
        var worseVsSame = verdict.Pairs[0];
        Assert.Equal(("worse", "same", 20), (worseVsSame.A, worseVsSame.B, worseVsSame.N));
        Assert.Equal(0.04, worseVsSame.MeanDiff, 1e-12);
        Assert.Equal("same", worseVsSame.Winner);
        Assert.Equal(1, worseVsSame.EffectSize);
        // Every one of 20 differences positive: exact p = 2/2^20; Holm over 3 pairs, the two smallest p's get ×3 and ×2.
        Assert.Equal(2 / Math.Pow(2, 20), worseVsSame.P, 1e-18);
        Assert.Equal(3 * worseVsSame.P, worseVsSame.PAdjusted, 1e-18);
        Assert.True(worseVsSame.PAdjusted < 0.01);
        Assert.Equal("best", verdict.Pairs[1].Winner);
        Assert.Null(verdict.Pairs[2].Winner); // same vs best: identical
    }

    [Fact]
    public void OnlySharedItemsArePaired_AndArmSummariesUseAllTheirItems()
    {
        var a = new VerdictArmItems("a", "A", new Dictionary<string, double> { ["x"] = 1, ["y"] = 2, ["only-a"] = 9 });
        var b = new VerdictArmItems("b", "B", new Dictionary<string, double> { ["x"] = 1.5, ["y"] = 2.5 });

        var verdict = PairwiseVerdicts.Compute("s", ComparisonMetric.ValidationLoss, 4, [a, b]);

        Assert.Equal(2, verdict.Pairs[0].N);
        Assert.Equal(-0.5, verdict.Pairs[0].MeanDiff, 1e-12);
        Assert.Equal((4.0, 3), (verdict.Arms[0].Mean, verdict.Arms[0].N));
        Assert.Equal(BootstrapInterval.OfMean([9.0, 1, 2], PairedComparison.BootstrapSeed).HalfWidth, verdict.Arms[0].CiHalfWidth); // ordinal key order: only-a, x, y
    }

    [Fact]
    public void TooFewItems_GiveNoWinnerButAnEstimateOfTheItemsNeeded()
    {
        var a = new VerdictArmItems("a", "A", new Dictionary<string, double> { ["x"] = 1, ["y"] = 2, ["z"] = 3 });
        var b = new VerdictArmItems("b", "B", new Dictionary<string, double> { ["x"] = 1.1, ["y"] = 1.9, ["z"] = 2.7 });

        var pair = Assert.Single(PairwiseVerdicts.Compute("s", ComparisonMetric.ValidationLoss, 4, [a, b]).Pairs);

        Assert.Null(pair.Winner); // 3 items: the smallest exact two-sided p is 2/8
        Assert.Equal(SampleSize.ForObservedEffect([-0.1, 0.1, 0.3]), pair.NNeeded);
    }

    [Fact]
    public void ArmsSharingNoItem_AreRejectedByName()
    {
        var a = new VerdictArmItems("a", "rank=4", new Dictionary<string, double> { ["x"] = 1 });
        var b = new VerdictArmItems("b", "rank=8", new Dictionary<string, double> { ["y"] = 1 });

        var e = Assert.Throws<VerdictRejectedException>(() => PairwiseVerdicts.Compute("s", ComparisonMetric.ValidationLoss, 4, [a, b]));

        Assert.Contains("rank=4 and rank=8 share no validation-loss item at step 4", e.Message);
    }
}
