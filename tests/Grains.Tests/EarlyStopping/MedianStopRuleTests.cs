using ZImageSweep.Grains.EarlyStopping;
using ZImageSweep.Grains.Interfaces.Comparisons;

namespace ZImageSweep.Grains.Tests.EarlyStopping;

[Trait(Tier.Name, Tier.Unit)]
public sealed class MedianStopRuleTests
{
    static readonly Dictionary<string, double> Four = new() { ["a"] = 1, ["b"] = 2, ["c"] = 3, ["d"] = 4 };

    static IReadOnlyList<ArmStop> Decide(IReadOnlyDictionary<string, double> values, int minArms = 3, long minSteps = 0, long step = 20) =>
        MedianStopRule.Decide(ComparisonMetric.ValidationLoss, step, values, values.Keys.ToHashSet(), minArms, minSteps);

    [Fact]
    public void ArmsAboveTheMedianOfTheOthers_AreStopped()
    {
        // c: others 1, 2, 4 → median 2; d: others 1, 2, 3 → median 2; b: others 1, 3, 4 → median 3, and 2 < 3.
        var stops = Decide(Four);

        Assert.Equal(["c", "d"], stops.Select(s => s.ArmId));
        Assert.All(stops, s => Assert.Equal((2.0, 3), (s.Decision.Reference, s.Decision.Of)));
    }

    [Fact]
    public void AnEvenCount_TakesTheMeanOfTheTwoMiddleValues() =>
        Assert.Equal(2.5, MedianStopRule.Median([4, 1, 3, 2]));

    [Fact]
    public void TooFewOtherArms_OrAStepInTheWarmUp_StopsNothing()
    {
        Assert.Empty(Decide(Four, minArms: 4));
        Assert.Empty(Decide(Four, minSteps: 21));
        Assert.NotEmpty(Decide(Four, minSteps: 20));
    }

    [Fact]
    public void AnArmEqualToTheMedian_GoesOn() =>
        Assert.DoesNotContain("b", Decide(new Dictionary<string, double> { ["a"] = 1, ["b"] = 2, ["c"] = 3 }, minArms: 1).Select(s => s.ArmId));
}
