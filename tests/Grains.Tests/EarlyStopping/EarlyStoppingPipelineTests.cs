using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Interfaces.EarlyStopping;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Grains.Tests.EarlyStopping;

/// <summary>
/// Validation reports → the comparison grain's rule → the experiment's stop, on the stand-in worker: rank 4 or 8 × two
/// learning rates, two arms at a time, checkpoints every 4 steps; the stand-in scores 20 items, worse by 0.01 per rank
/// unit on every item and equal within a rank. The rank-4 arms start first and cannot be told apart; the rank-8 arms
/// start when they finish and lose at their first checkpoint. 200 steps of 20 ms keep a losing arm training until its
/// stop arrives.
/// </summary>
[Collection(ClusterCollection.Name), Trait(Tier.Name, Tier.Cluster)]
public sealed class EarlyStoppingPipelineTests(SweepClusterFixture fixture)
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    async Task<(SweepDefinition Definition, SweepSnapshot Done)> RunAsync(string prefix, EarlyStoppingSettings settings)
    {
        var definition = SweepBuilder.TwoByTwo($"{prefix}-{Guid.NewGuid():N}", steps: 200, meta: ", fake_validation_items: \"20\"") with { EarlyStopping = settings };
        var sweep = fixture.Grains.GetGrain<ISweepGrain>(definition.Name);
        await sweep.Create(definition);
        return (definition, await Eventually.Until(sweep.GetSnapshot, s => s.IsFinished, Timeout, "every arm to complete or stop"));
    }

    static string Rank(SweepDefinition definition, string armId) =>
        definition.Arms.Single(a => a.Id == armId).Assignment.Single(x => x.Axis == "rank").Label;

    [Fact]
    public async Task Paired_StopsTheWorseRankAtItsFirstCheckpoint_AgainstTheBestArm()
    {
        var (definition, done) = await RunAsync("stop-paired",
            new EarlyStoppingSettings(EarlyStoppingMethod.Paired, ComparisonMetric.ValidationLoss, 0.05, 1, 3, null, 3));

        foreach (var arm in done.Arms)
        {
            if (Rank(definition, arm.ArmId) == "4")
            {
                Assert.Equal((ExperimentStatus.Completed, (EarlyStopDecision?)null), (arm.Status, arm.EarlyStop));
                continue;
            }
            Assert.Equal(ExperimentStatus.Stopped, arm.Status);
            var decision = arm.EarlyStop!;
            Assert.Equal((EarlyStoppingMethod.Paired, 4L), (decision.Method, decision.Step));
            // 20 items all worse: exact two-sided p = 2·2⁻²⁰; Holm multiplies by at most the 3 arms compared with the best.
            Assert.InRange(decision.PAdjusted!.Value, 0, 3 * 2 / 1048576.0);
            Assert.Equal(0.04, decision.Value - decision.Reference, 9);
            Assert.StartsWith("rank=4", decision.ComparedTo);
            Assert.Equal(decision.Describe(), arm.Reason);
        }
    }

    [Fact]
    public async Task Asha_StopsTheWorseRankAtRungZero_TheFirstCheckpoint()
    {
        var (definition, done) = await RunAsync("stop-asha",
            new EarlyStoppingSettings(EarlyStoppingMethod.Asha, ComparisonMetric.ValidationLoss, 0.05, 1, 3, null, 3));

        Assert.All(done.Arms.Where(a => Rank(definition, a.ArmId) == "4"), a => Assert.Equal(ExperimentStatus.Completed, a.Status));
        foreach (var arm in done.Arms.Where(a => Rank(definition, a.ArmId) == "8"))
        {
            Assert.Equal(ExperimentStatus.Stopped, arm.Status);
            var d = arm.EarlyStop!;
            // Rung 0 at the first checkpoint (step 4); below 6 arms only the best so far goes on, and both rank-4 arms are better.
            Assert.Equal((EarlyStoppingMethod.Asha, 4L, 0, 3), (d.Method, d.Step, d.Rung!.Value, d.Rank!.Value));
            Assert.InRange(d.Of!.Value, 3, 4);
        }
    }
}
