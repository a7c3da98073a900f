using ZImageSweep.Grains.EarlyStopping;
using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Verdicts;

namespace ZImageSweep.Grains.Tests.EarlyStopping;

[Trait(Tier.Name, Tier.Unit)]
public sealed class PairedStopRuleTests
{
    /// <summary><paramref name="n"/> items "i0".., valued 1 + 0.01·i + <paramref name="offset"/>.</summary>
    static VerdictArmItems Arm(string id, double offset, int n = 8) =>
        new(id, $"arm {id}", Enumerable.Range(0, n).ToDictionary(i => $"i{i}", i => 1 + 0.01 * i + offset));

    static IReadOnlyList<ArmStop> Decide(IReadOnlyList<VerdictArmItems> arms, params string[] candidates) =>
        PairedStopRule.Decide(ComparisonMetric.ValidationLoss, 50, arms, candidates.ToHashSet(), pThreshold: 0.05);

    [Fact]
    public void AnArmWorseOnAllEightItems_IsStopped_WithTheHolmAdjustedExactP()
    {
        // Exact two-sided Wilcoxon p with all 8 differences of one sign: 2·2⁻⁸ = 0.0078125 (scipy.stats.wilcoxon gives the same);
        // two arms are compared with the best (a), so Holm doubles the smaller p: 0.015625.
        var stop = Assert.Single(Decide([Arm("a", 0), Arm("b", 0.1), Arm("c", 0)], "a", "b", "c"));

        Assert.Equal("b", stop.ArmId);
        var d = stop.Decision;
        Assert.Equal((50L, "arm a", 0.015625), (d.Step, d.ComparedTo, d.PAdjusted!.Value));
        Assert.Equal(1.135, d.Value, 12); // mean of 1.1 + 0.01·i, i = 0..7
        Assert.Equal(1.035, d.Reference, 12);
    }

    [Fact]
    public void FiveItems_CannotReachFivePercent_SoNothingStops()
    {
        // The smallest exact two-sided p with n = 5 is 2·2⁻⁵ = 0.0625.
        Assert.Empty(Decide([Arm("a", 0, n: 5), Arm("b", 1, n: 5)], "a", "b"));
    }

    [Fact]
    public void AWorseArmThatIsNoCandidate_IsNotStopped_ButTheBestIsStillFound()
    {
        Assert.Empty(Decide([Arm("a", 0), Arm("b", 0.1)], "a"));
        Assert.Equal("b", Assert.Single(Decide([Arm("b", 0.1), Arm("a", 0)], "b")).ArmId);
    }

    [Fact]
    public void TheBestArm_AndIdenticalArms_AreNeverStopped() =>
        Assert.Empty(Decide([Arm("a", 0), Arm("b", 0)], "a", "b"));

    [Fact]
    public void ALooserThreshold_StopsWhatAStricterOneKeeps()
    {
        // 6 items of one sign: p = 2·2⁻⁶ = 0.03125; Holm over two compared arms: 0.0625.
        VerdictArmItems[] arms = [Arm("a", 0, n: 6), Arm("b", 0.1, n: 6), Arm("c", 0.1, n: 6)];

        Assert.Empty(PairedStopRule.Decide(ComparisonMetric.ValidationLoss, 50, arms, new HashSet<string> { "b", "c" }, pThreshold: 0.05));
        Assert.Equal(["b", "c"], PairedStopRule.Decide(ComparisonMetric.ValidationLoss, 50, arms, new HashSet<string> { "b", "c" }, pThreshold: 0.1).Select(s => s.ArmId));
    }
}
