using Orleans.Core.Internal;
using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Grains.Tests.Comparisons;

/// <summary>
/// The comparison grain fed by hand while its sweep's arms really run (idle), so every number is known. Reports are
/// one-way calls: each test waits until the grain shows them before it asserts what must not have happened.
/// </summary>
[Collection(ClusterCollection.Name), Trait(Tier.Name, Tier.Cluster)]
public sealed class ComparisonGrainTests(SweepClusterFixture fixture)
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    static Task<StepComparison> StepWhen(IdleSweep sweep, long step, Func<StepComparison, bool> done, string what) =>
        Eventually.Until(() => sweep.Comparison.GetStep(step), done, Timeout, what);

    [Fact]
    public async Task GetCurves_ReplacesStepsAResumedRunTrainedAgain_AndDownsamplesByBucketMeans()
    {
        await using var sweep = await IdleSweep.CreateAsync(fixture, "curves");
        for (int step = 1; step <= 10; step++) await sweep.Loss(0, step, step);
        // One-way calls are not ordered among themselves; a resumed run's reports come a restart later.
        await Eventually.Until(() => sweep.Comparison.GetCurves(100), c => c[0].Loss.Length == 10, Timeout, "the first run's steps");
        // The run crashed after step 10 and resumed from its checkpoint at step 4: steps 5 and 6 are trained again.
        await sweep.Loss(0, 5, 50);
        await sweep.Loss(0, 6, 60);

        var curves = await Eventually.Until(() => sweep.Comparison.GetCurves(100), c => c[0].Loss.Any(p => p.Loss == 60), Timeout, "the re-trained step 6");

        Assert.Equal([1, 2, 3, 4, 50, 60, 7, 8, 9, 10], curves[0].Loss.Select(p => p.Loss));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), curves[0].Loss.Select(p => p.Step));
        Assert.All(curves.Skip(1), c => Assert.Empty(c.Loss));
        Assert.Equal(["rank=4 lr=1e-4", "rank=4 lr=2e-4", "rank=8 lr=1e-4", "rank=8 lr=2e-4"], curves.Select(c => c.Label));

        var five = (await sweep.Comparison.GetCurves(5))[0].Loss;
        Assert.Equal([new(2, 1.5), new(4, 3.5), new(6, 55), new(8, 7.5), new(10, 9.5)], five);
    }

    [Fact]
    public async Task GetStep_ListsArmsThatHaveNotReachedTheStep()
    {
        await using var sweep = await IdleSweep.CreateAsync(fixture, "reached");
        await sweep.Samples(1, 4);
        await sweep.Validation(1, 4, loss: 0.25, drift: null, leakage: 0.5);

        // Both reports are one-way calls, which Orleans may deliver in either order: wait for both.
        var step = await StepWhen(sweep, 4, s => s.Arms[1].Reached && s.Arms[1].Validation is not null, "arm 1's samples and validation");

        Assert.True(step.Arms[1].Reached);
        Assert.Equal([0, 1], step.Arms[1].Samples.Select(s => s.PromptIndex));
        Assert.Equal(new ValidationPoint(4, 0.25, null, 0.5), step.Arms[1].Validation);
        Assert.Equal([sweep.Arm(0), sweep.Arm(2), sweep.Arm(3)], step.NotReached.Select(a => a.ArmId));
        Assert.All(step.NotReached, a => Assert.Empty(a.Samples));
        Assert.Null(step.GridPath);
        Assert.Equal([4L], await sweep.Comparison.GetSampleSteps());
    }

    [Fact]
    public async Task Grid_IsWrittenWhenTheLastArmThatCanReachTheStepHasSampledIt_AndACancelledArmDoesNotBlockIt()
    {
        await using var sweep = await IdleSweep.CreateAsync(fixture, "auto-grid");
        for (int arm = 0; arm < 3; arm++) await sweep.Samples(arm, 4);
        var waiting = await StepWhen(sweep, 4, s => s.NotReached.Count() == 1, "three arms' samples");
        Assert.Null(waiting.GridPath);

        await sweep.Cancel(3); // the arm that has not reached step 4 never will

        var due = await StepWhen(sweep, 4, s => s.GridPath is not null, "the grid after the cancel");
        Assert.True(File.Exists(due.GridPath));
        Assert.Equal(Path.Combine(fixture.ArtifactRoot, "sweeps", sweep.Name, "grids", "step_000000004.png"), due.GridPath);

        await sweep.Samples(0, 8);
        await sweep.Samples(1, 8);
        var eight = await StepWhen(sweep, 8, s => s.NotReached.Count() == 2, "two arms at step 8");
        Assert.Null(eight.GridPath);
        Assert.False(File.Exists(Path.Combine(fixture.ArtifactRoot, "sweeps", sweep.Name, "grids", "step_000000008.png")));

        await sweep.Samples(2, 8); // the last running arm

        var last = await StepWhen(sweep, 8, s => s.GridPath is not null, "the grid of step 8");
        Assert.True(File.Exists(last.GridPath));
    }

    [Fact]
    public async Task Grid_IsDueWhenTheOtherArmsPassedTheStepWithoutSamplingIt()
    {
        await using var sweep = await IdleSweep.CreateAsync(fixture, "passed");
        await sweep.Samples(0, 3); // a one-off sample-now of arm 0
        for (int arm = 1; arm < 3; arm++) await sweep.Loss(arm, 3, 0.5); // at the step, not past it
        await sweep.Cancel(3);
        await Eventually.Until(() => sweep.Comparison.GetCurves(10), c => c[1].Loss.Length == 1 && c[2].Loss.Length == 1, Timeout, "arms 1 and 2 at step 3");
        Assert.Null((await sweep.Comparison.GetStep(3)).GridPath);

        await sweep.Loss(1, 4, 0.5);
        await sweep.Loss(2, 4, 0.5);

        var due = await StepWhen(sweep, 3, s => s.GridPath is not null, "the grid once every other arm passed step 3");
        Assert.Equal(3, due.NotReached.Count());
    }

    [Fact]
    public async Task BuildGrid_WritesAPartialGridOnRequest_AndRefusesAStepWithoutSamples()
    {
        await using var sweep = await IdleSweep.CreateAsync(fixture, "on-demand");
        await sweep.Samples(2, 6);
        await StepWhen(sweep, 6, s => s.Arms[2].Reached, "arm 2's samples");

        var built = await sweep.Comparison.BuildGrid(6);

        Assert.True(File.Exists(built.GridPath));
        Assert.Equal(3, built.NotReached.Count());
        var e = await Assert.ThrowsAsync<StepNotFoundException>(() => sweep.Comparison.BuildGrid(7));
        Assert.Equal(7, e.Step);
        Assert.Contains("sample steps: 6", e.Message);
    }

    [Fact]
    public async Task BuildStrip_WritesARowPerSampleStepOfTheArm()
    {
        await using var sweep = await IdleSweep.CreateAsync(fixture, "strip");
        await sweep.Samples(1, 4);
        await sweep.Samples(1, 8);
        await Eventually.Until(() => sweep.Comparison.GetSampleSteps(), s => s.Length == 2, Timeout, "both sample steps");

        string path = await sweep.Comparison.BuildStrip(sweep.Arm(1));

        using var strip = SkiaSharp.SKBitmap.Decode(path);
        Assert.Equal(36 + 64 + 2 * (256 + 8) + 8, strip.Height);
        var noSamples = await Assert.ThrowsAsync<NoSamplesYetException>(() => sweep.Comparison.BuildStrip(sweep.Arm(0)));
        Assert.Equal(sweep.Arm(0), noSamples.ArmId);
        Assert.Contains("has no samples yet", noSamples.Message);
        var unknownArm = await Assert.ThrowsAsync<ArmNotFoundException>(() => sweep.Comparison.BuildStrip("nope"));
        Assert.Equal((sweep.Name, "nope"), (unknownArm.Sweep, unknownArm.ArmId));
        Assert.Contains("has no arm 'nope'", unknownArm.Message);
    }

    [Fact]
    public async Task Rank_OrdersArmsByEachMetric_LowestFirst()
    {
        await using var sweep = await IdleSweep.CreateAsync(fixture, "rank");
        for (int step = 1; step <= 20; step++)
        {
            await sweep.Loss(0, step, step > 18 ? 0.2 : 1.0); // the last 10 % (2 steps) average 0.2
            await sweep.Loss(1, step, 0.5);
        }
        await sweep.Validation(0, 10, loss: 0.3, drift: 0.05, leakage: null);
        await sweep.Validation(0, 20, loss: 0.9, drift: null, leakage: null);
        await sweep.Validation(1, 20, loss: 0.4, drift: 0.1, leakage: null);
        await Eventually.Until(() => sweep.Comparison.Rank(ComparisonMetric.ValidationLoss), r => r.Length == 2 && r.Any(s => s.Value == 0.9), Timeout, "every report");

        var training = await sweep.Comparison.Rank(ComparisonMetric.TrainingLoss);
        Assert.Equal([(sweep.Arm(0), 0.2, 20L), (sweep.Arm(1), 0.5, 20L)], training.Select(s => (s.ArmId, Math.Round(s.Value, 12), s.Step)));
        var validation = await sweep.Comparison.Rank(ComparisonMetric.ValidationLoss);
        Assert.Equal([(sweep.Arm(1), 0.4), (sweep.Arm(0), 0.9)], validation.Select(s => (s.ArmId, s.Value)));
        var drift = await sweep.Comparison.Rank(ComparisonMetric.TurboDrift);
        Assert.Equal([(sweep.Arm(0), 0.05, 10L), (sweep.Arm(1), 0.1, 20L)], drift.Select(s => (s.ArmId, s.Value, s.Step)));
        Assert.Empty(await sweep.Comparison.Rank(ComparisonMetric.TriggerLeakage));
    }

    [Fact]
    public async Task State_SurvivesDeactivation()
    {
        await using var sweep = await IdleSweep.CreateAsync(fixture, "durable");
        await sweep.Samples(0, 4);
        for (int step = 1; step <= 3; step++) await sweep.Loss(0, step, 1.0 / step); // fewer than a write's worth
        await Eventually.Until(() => sweep.Comparison.GetCurves(10), c => c[0].Loss.Length == 3, Timeout, "the loss points");

        await sweep.Comparison.Cast<IGrainManagementExtension>().DeactivateOnIdle(TestContext.Current.CancellationToken);

        var curves = await sweep.Comparison.GetCurves(10);
        Assert.Equal([1.0, 0.5, 1.0 / 3], curves[0].Loss.Select(p => p.Loss));
        Assert.True((await sweep.Comparison.GetStep(4)).Arms[0].Reached);
    }

    [Fact]
    public async Task UnknownSweep_IsRefusedWithItsName()
    {
        var e = await Assert.ThrowsAsync<SweepNotFoundException>(() => fixture.Grains.GetGrain<IComparisonGrain>("no-such-sweep").GetSampleSteps());
        Assert.Equal("no-such-sweep", e.Sweep);
        Assert.Contains("no-such-sweep", e.Message);
    }
}
