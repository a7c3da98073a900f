using Microsoft.Data.Sqlite;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Grains.Tests.Sweeps;

[Collection(ClusterCollection.Name), Trait(Tier.Name, Tier.Cluster)]
public sealed class SweepGrainTests(SweepClusterFixture fixture)
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    ISweepGrain Sweep(string name) => fixture.Grains.GetGrain<ISweepGrain>(name);

    [Fact]
    public async Task TwoByTwoSweep_RunsEveryArmToCompletionWithCheckpointsAndFinalLora()
    {
        var definition = SweepBuilder.TwoByTwo($"grid-{Guid.NewGuid():N}");

        await Sweep(definition.Name).Create(definition);
        var done = await Eventually.Until(() => Sweep(definition.Name).GetSnapshot(), s => s.IsFinished, Timeout, "the sweep to finish");

        Assert.All(done.Arms, arm =>
        {
            Assert.Equal(ExperimentStatus.Completed, arm.Status);
            Assert.Equal(12, arm.Metrics.Step);
            Assert.Equal(8, arm.LastCheckpoint!.Step);
            Assert.Equal(Artifacts.Sha256(arm.FinalLora!.Path), arm.FinalLora.Sha256);
            Assert.Null(arm.Slot);
            string folder = Artifacts.ArmFolder(fixture.ArtifactRoot, definition.Name, arm.ArmId);
            Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), Artifacts.TrainedSteps(folder));
            Assert.True(File.Exists(Path.Combine(folder, "logs", "worker.log")));
        });
        Assert.Equal(["rank=4 lr=1e-4", "rank=4 lr=2e-4", "rank=8 lr=1e-4", "rank=8 lr=2e-4"], done.Arms.Select(a => a.Label));
    }

    [Fact]
    public async Task SweepState_IsStoredInTheSqliteDatabase()
    {
        var definition = SweepBuilder.Single($"stored-{Guid.NewGuid():N}", steps: 4);
        await Sweep(definition.Name).Create(definition);

        using var connection = new SqliteConnection($"Data Source={fixture.DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM OrleansStorage WHERE GrainIdExtensionString LIKE $name OR GrainTypeString LIKE '%sweep%'";
        command.Parameters.AddWithValue("$name", $"%{definition.Name}%");
        Assert.True((long)command.ExecuteScalar()! > 0);
    }

    [Fact]
    public async Task CreatingTheSameSweepAgain_ReturnsItInsteadOfStartingTwice()
    {
        var definition = SweepBuilder.Single($"again-{Guid.NewGuid():N}", steps: 4);

        await Sweep(definition.Name).Create(definition);
        var again = await Sweep(definition.Name).Create(definition);

        Assert.Single(again.Arms);
    }

    [Fact]
    public async Task DuplicateSweepName_WithOtherArms_IsRefused()
    {
        string name = $"dup-{Guid.NewGuid():N}";
        await Sweep(name).Create(SweepBuilder.Single(name, steps: 4));

        var e = await Assert.ThrowsAsync<SweepRejectedException>(() => Sweep(name).Create(SweepBuilder.TwoByTwo(name)));

        Assert.Contains("already exists", e.Message);
    }

    [Fact]
    public async Task CommandsOnAnUnknownSweep_AreNotFound_NamingTheSweep()
    {
        string name = $"missing-{Guid.NewGuid():N}";

        var e = await Assert.ThrowsAsync<SweepNotFoundException>(() => Sweep(name).Pause());

        Assert.Equal(name, e.Sweep);
        Assert.Contains($"No sweep named '{name}'", e.Message);
    }

    [Fact]
    public async Task ArmWhoseJobDoesNotValidate_IsRefusedBeforeAnythingStarts()
    {
        var definition = SweepBuilder.Single($"bad-{Guid.NewGuid():N}");
        var bad = definition with { Arms = [definition.Arms[0] with { JobYaml = definition.Arms[0].JobYaml.Replace("steps: 12", "steps: 0") }] };

        var e = await Assert.ThrowsAsync<SweepRejectedException>(() => Sweep(bad.Name).Create(bad));

        Assert.Contains("config.process[0].train.steps", e.Message);
        Assert.False(Directory.Exists(Path.Combine(fixture.ArtifactRoot, "sweeps", bad.Name)));
    }

    [Fact]
    public async Task ConcurrencyOne_RunsArmsOneAfterAnother()
    {
        var definition = SweepBuilder.TwoByTwo($"serial-{Guid.NewGuid():N}", steps: 8, concurrency: 1);
        await Sweep(definition.Name).Create(definition);

        int mostActive = 0;
        await Eventually.Until(async () =>
        {
            var s = await Sweep(definition.Name).GetSnapshot();
            mostActive = Math.Max(mostActive, s.Arms.Count(a => a.Status == ExperimentStatus.Running));
            return s;
        }, s => s.IsFinished, Timeout, "the sweep to finish");

        Assert.Equal(1, mostActive);
    }

    [Fact]
    public async Task RetryOfAFailedArm_ResumesItFromItsLastCheckpointAndCompletes()
    {
        // The first three runs die at step 6 without a newer checkpoint than step 4: the budget is spent, the arm fails.
        var definition = SweepBuilder.Single($"retry-{Guid.NewGuid():N}", steps: 12, meta: ", fake_crash_at_step: \"6\", fake_crash_runs: \"3\"");
        await Sweep(definition.Name).Create(definition);
        var failed = await Eventually.Until(() => Sweep(definition.Name).GetSnapshot(), s => s.IsFinished, Timeout, "the arm to fail");
        Assert.Equal(ExperimentStatus.Failed, failed.Arms[0].Status);
        Assert.Contains("exited with code 3", failed.Arms[0].Reason);

        await Sweep(definition.Name).Retry([]);
        var done = await Eventually.Until(() => Sweep(definition.Name).GetSnapshot(), s => s.IsFinished, Timeout, "the retried arm to finish");

        var arm = Assert.Single(done.Arms);
        Assert.Equal(ExperimentStatus.Completed, arm.Status);
        Assert.Null(arm.Reason);
        string folder = Artifacts.ArmFolder(fixture.ArtifactRoot, definition.Name, arm.ArmId);
        Assert.Equal([1, 2, 3, 4, 5, 5, 5, 5, 6, 7, 8, 9, 10, 11, 12], Artifacts.TrainedSteps(folder));
    }

    [Fact]
    public async Task RetryNamingAnArmThatDidNotFail_IsRefusedNamingItsStatus()
    {
        var definition = SweepBuilder.Single($"retry-done-{Guid.NewGuid():N}", steps: 4);
        await Sweep(definition.Name).Create(definition);
        await Eventually.Until(() => Sweep(definition.Name).GetSnapshot(), s => s.IsFinished, Timeout, "the sweep to finish");
        string armId = definition.Arms[0].Id;

        var e = await Assert.ThrowsAsync<SweepRejectedException>(() => Sweep(definition.Name).Retry([armId]));

        Assert.Contains($"{armId} is Completed", e.Message);
        var unknown = await Assert.ThrowsAsync<SweepRejectedException>(() => Sweep(definition.Name).Retry(["nope"]));
        Assert.Contains("no arm nope", unknown.Message);
    }
}
