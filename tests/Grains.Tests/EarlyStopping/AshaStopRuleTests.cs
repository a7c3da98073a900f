using ZImageSweep.Grains.EarlyStopping;
using ZImageSweep.Grains.Interfaces.Comparisons;

namespace ZImageSweep.Grains.Tests.EarlyStopping;

[Trait(Tier.Name, Tier.Unit)]
public sealed class AshaStopRuleTests
{
    /// <summary>η = 3, rungs at steps 100, 300, 900.</summary>
    static ArmStop? Decide(string arm, long step, Dictionary<string, IReadOnlyDictionary<long, double>> series) =>
        AshaStopRule.Decide(ComparisonMetric.ValidationLoss, arm, step, series, minSteps: 100, reductionFactor: 3);

    static Dictionary<string, IReadOnlyDictionary<long, double>> AtStep(long step, params double[] values) =>
        values.Select((v, i) => (Id: $"a{i}", Points: (IReadOnlyDictionary<long, double>)new Dictionary<long, double> { [step] = v }))
            .ToDictionary(x => x.Id, x => x.Points);

    [Fact]
    public void RungSteps_GrowByTheReductionFactor() =>
        Assert.Equal([100L, 300, 900], Enumerable.Range(0, 3).Select(r => AshaStopRule.RungStep(100, 3, r)));

    [Fact]
    public void WithSixArmsAtARung_TheTopTwoGoOn()
    {
        var series = AtStep(100, 1, 2, 3, 4, 5, 6);

        Assert.Null(Decide("a1", 100, series)); // value 2, the second of ⌊6/3⌋ = 2 promotable
        var stop = Decide("a2", 100, series)!;
        Assert.Equal((0, 3, 6, 2.0), (stop.Decision.Rung, stop.Decision.Rank, stop.Decision.Of, stop.Decision.Reference));
    }

    [Fact]
    public void BelowEtaArms_OnlyTheBestSoFarGoesOn()
    {
        Assert.Null(Decide("a0", 100, AtStep(100, 1)));
        Assert.Equal(2, Decide("a1", 100, AtStep(100, 1, 2))!.Decision.Rank);
        Assert.Null(Decide("a0", 100, AtStep(100, 1, 2)));
    }

    [Fact]
    public void ACheckpointBetweenRungs_IsNotJudged()
    {
        var series = new Dictionary<string, IReadOnlyDictionary<long, double>>
        {
            ["good"] = new Dictionary<long, double> { [100] = 1, [200] = 1 },
            ["bad"] = new Dictionary<long, double> { [100] = 1, [200] = 9 },
        };

        Assert.Null(Decide("bad", 200, series));
    }

    [Fact]
    public void ARungIsTakenAtTheFirstCheckpointAtOrAfterIt_AndEveryCrossedRungIsJudged()
    {
        // Checkpoints every 250 steps: rung 0 (100) is read at 250, rung 1 (300) at 500.
        var series = new Dictionary<string, IReadOnlyDictionary<long, double>>
        {
            ["good"] = new Dictionary<long, double> { [250] = 5, [500] = 1 },
            ["bad"] = new Dictionary<long, double> { [250] = 4, [500] = 2 },
        };

        Assert.Null(Decide("bad", 250, series)); // rung 0: 4 beats 5
        var stop = Decide("bad", 500, series)!;   // rung 1: 2 loses to 1
        Assert.Equal((1, 500L), (stop.Decision.Rung!.Value, stop.Decision.Step));

        var late = new Dictionary<string, IReadOnlyDictionary<long, double>>
        {
            ["good"] = new Dictionary<long, double> { [100] = 1 },
            ["late"] = new Dictionary<long, double> { [400] = 0.5 }, // first checkpoint passes rungs 0 and 1; rung 0 competes with good's 1
        };
        Assert.Null(Decide("late", 400, late));
    }
}
