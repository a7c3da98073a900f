using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Grains.Tests.Sweeps;

/// <summary><see cref="ISweepGrain.Extend"/> on the stand-in worker: the same arm trains on, durably, with its comparison history.</summary>
[Collection(ClusterCollection.Name), Trait(Tier.Name, Tier.Cluster)]
public sealed class SweepExtendTests(SweepClusterFixture fixture)
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    ISweepGrain Sweep(string name) => fixture.Grains.GetGrain<ISweepGrain>(name);

    [Fact]
    public async Task ACompletedArm_TrainsOnFromItsLastCheckpoint_AsTheSameArm()
    {
        var definition = SweepBuilder.Single($"extend-{Guid.NewGuid():N}", steps: 8);
        string armId = definition.Arms[0].Id;
        await Sweep(definition.Name).Create(definition);
        var first = await Eventually.Until(() => Sweep(definition.Name).GetSnapshot(), s => s.IsFinished, Timeout, "the first 8 steps");
        Assert.Equal(ExperimentStatus.Completed, first.Arms[0].Status);

        var extending = await Sweep(definition.Name).Extend(armId, 4);

        Assert.Equal(12, extending.Arms[0].Metrics.TotalSteps);
        var done = await Eventually.Until(() => Sweep(definition.Name).GetSnapshot(), s => s.IsFinished, Timeout, "the extension to finish");
        var arm = Assert.Single(done.Arms);
        Assert.Equal((ExperimentStatus.Completed, 12L, 12L), (arm.Status, arm.Metrics.Step, arm.Metrics.TotalSteps));
        Assert.Equal(armId, arm.ArmId);
        var stored = Assert.Single((await Sweep(definition.Name).GetDefinition()).Arms);
        Assert.Equal(12, stored.TotalSteps);
        Assert.Equal(12, JobDocument.Parse(stored.JobYaml, "stored").Bind().Process.Train.Steps);
        // The worker's job file on disk is the longer one, and every step 1…12 was trained into the same folder.
        string folder = Artifacts.ArmFolder(fixture.ArtifactRoot, definition.Name, armId);
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), Artifacts.TrainedSteps(folder).Distinct().Order());
        Assert.Equal("step=12", File.ReadAllText(arm.FinalLora!.Path));
        var curve = Assert.Single(await fixture.Grains.GetGrain<IComparisonGrain>(definition.Name).GetCurves(100));
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), curve.Loss.Select(p => p.Step));
    }

    [Fact]
    public async Task BadRequests_AreRefusedNamingWhatIsWrong_AndChangeNothing()
    {
        var definition = SweepBuilder.Single($"extend-bad-{Guid.NewGuid():N}", steps: 8, meta: ", fake_idle: \"true\"");
        string armId = definition.Arms[0].Id;
        await Sweep(definition.Name).Create(definition);
        await Eventually.Until(() => Sweep(definition.Name).GetSnapshot(), s => s.Arms[0].Status == ExperimentStatus.Running, Timeout, "the arm to run");
        try
        {
            var unknown = await Assert.ThrowsAsync<ArmNotFoundException>(() => Sweep(definition.Name).Extend("nosucharm", 4));
            Assert.Contains(armId, unknown.Message); // the sweep's arms are listed
            var running = await Assert.ThrowsAsync<ExtendRejectedException>(() => Sweep(definition.Name).Extend(armId, 4));
            Assert.Contains("is Running", running.Message);
            var none = await Assert.ThrowsAsync<ExtendRejectedException>(() => Sweep(definition.Name).Extend(armId, 0));
            Assert.StartsWith("steps: 0", none.Message);
            Assert.Equal(8, Assert.Single((await Sweep(definition.Name).GetDefinition()).Arms).TotalSteps);
        }
        finally
        {
            await Sweep(definition.Name).Cancel(); // frees the slot the idle arm holds for the other tests of the cluster
        }
    }
}
