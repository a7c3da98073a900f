using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Grains.Tests.Experiments;

[Collection(ClusterCollection.Name), Trait(Tier.Name, Tier.Cluster)]
public sealed class ExperimentGrainTests(SweepClusterFixture fixture)
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    async Task<(IExperimentGrain Grain, string Folder)> StartSingle(string prefix, int steps = 12, string meta = "", int stepMs = 20, int saveEvery = 4)
    {
        var definition = SweepBuilder.Single($"{prefix}-{Guid.NewGuid():N}", steps, meta, stepMs, saveEvery);
        await fixture.Grains.GetGrain<ISweepGrain>(definition.Name).Create(definition);
        string armId = definition.Arms[0].Id;
        return (fixture.Grains.GetGrain<IExperimentGrain>(ExperimentKeys.For(definition.Name, armId)),
                Artifacts.ArmFolder(fixture.ArtifactRoot, definition.Name, armId));
    }

    static Task<ExperimentSnapshot> WaitFor(IExperimentGrain grain, Func<ExperimentSnapshot, bool> done, string what) =>
        Eventually.Until(grain.GetSnapshot, done, Timeout, what);

    [Fact]
    public async Task PauseThenResume_ContinuesFromTheSavedStepWithoutRetrainingAny()
    {
        // The worker holds at step 6, so the pause lands there however fast or slow the machine is.
        var (experiment, folder) = await StartSingle("pause", steps: 40, meta: ", fake_hold_at_step: \"6\"");
        await WaitFor(experiment, s => s.Metrics.Step == 6, "training to reach step 6");

        await experiment.Pause();
        var paused = await WaitFor(experiment, s => s.Slot is null, "the worker to save and stop");
        Assert.Equal(ExperimentStatus.Paused, paused.Status);
        Assert.Equal(paused.Metrics.Step, paused.LastCheckpoint!.Step);

        await experiment.Resume();
        var done = await WaitFor(experiment, s => s.Status == ExperimentStatus.Completed, "completion after resume");

        Assert.Equal(40, done.Metrics.Step);
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), Artifacts.TrainedSteps(folder));
    }

    [Fact]
    public async Task WorkerThatEndsBeforeItsEventsAreRelayed_IsNeitherRestartedNorRetrained()
    {
        // 2000 instant steps with a checkpoint every 100: the worker has finished and exited long before its ~2000
        // step events have reached the experiment, and watchdog ticks (every second here) keep asking the trainer to
        // run the arm meanwhile. A worker that exited is not a lost one until its exit has been relayed: restarting it
        // from the checkpoint the experiment knew would train those steps again. (Each checkpoint waits for its
        // commit to be confirmed, so checkpoints are few here: they pace the worker to the relay.)
        var (experiment, folder) = await StartSingle("burst", steps: 2000, stepMs: 0, saveEvery: 100);
        var done = await WaitFor(experiment, s => s.Status == ExperimentStatus.Completed, "completion");

        Assert.Equal(2000, done.Metrics.Step);
        Assert.Equal(1900, done.LastCheckpoint!.Step);
        Assert.Equal(Enumerable.Range(1, 2000).Select(i => (long)i), Artifacts.TrainedSteps(folder));
        // The host logs the run's end just before it relays the finished event that completes the arm.
        string[] log = await Eventually.Until(
            () => Task.FromResult(File.ReadAllLines(Path.Combine(folder, "logs", "worker.log"))),
            lines => lines.Any(l => l.StartsWith("--- worker") && l.Contains(" done with run ")), Timeout, "the run's end in its log");
        Assert.Single(log, l => l.StartsWith("--- ") && l.Contains(" on slot "));
        Assert.Equal(new[] { "finished" }, log.Where(l => l.StartsWith("--- worker")).Select(l => l.Split(": ")[^1]));
    }

    [Fact]
    public async Task CheckpointCommitOfARunThatIsNotTheArmsCurrentRun_IsRefused()
    {
        // Held at step 2 of 400 with its own run placed: a superseded run's worker asks to commit step 4.
        var (experiment, folder) = await StartSingle("fence", steps: 400, meta: ", fake_hold_at_step: \"2\"");
        await WaitFor(experiment, s => s.Metrics.Step == 2, "the arm to reach step 2");

        bool committed = await experiment.ConfirmCommit(Guid.NewGuid(), 4);

        Assert.False(committed);
        await experiment.Cancel();
        Assert.Empty(Directory.GetFiles(folder, "*_000000004.safetensors"));
    }

    [Fact]
    public async Task PauseAndCancel_AreIdempotent()
    {
        var (experiment, _) = await StartSingle("idem", steps: 400, meta: ", fake_hold_at_step: \"1\"");

        var first = await experiment.Pause();
        var second = await experiment.Pause();
        Assert.Equal(ExperimentStatus.Paused, first.Status);
        Assert.Equal(ExperimentStatus.Paused, second.Status);

        Assert.Equal(ExperimentStatus.Cancelled, (await experiment.Cancel()).Status);
        Assert.Equal(ExperimentStatus.Cancelled, (await experiment.Cancel()).Status);
    }

    [Fact]
    public async Task Cancel_StopsTheWorkerAndFreesTheSlot()
    {
        // Held at step 3 of 400: the cancel cannot arrive after the arm has finished on its own.
        var (experiment, _) = await StartSingle("cancel", steps: 400, meta: ", fake_hold_at_step: \"3\"");
        await WaitFor(experiment, s => s.Metrics.Step == 3, "the arm to reach step 3");

        await experiment.Cancel();
        var cancelled = await WaitFor(experiment, s => s.Slot is null, "the worker to stop");

        Assert.Equal(ExperimentStatus.Cancelled, cancelled.Status);
        Assert.Equal(3, cancelled.Metrics.Step);
    }

    [Fact]
    public async Task CommandsOnAnArmNoSweepCreated_AreNotFound_NamingSweepAndArm()
    {
        var experiment = fixture.Grains.GetGrain<IExperimentGrain>(ExperimentKeys.For("no-such-sweep", "no-such-arm"));

        var e = await Assert.ThrowsAsync<ArmNotFoundException>(() => experiment.Resume());

        Assert.Equal(("no-such-sweep", "no-such-arm"), (e.Sweep, e.ArmId));
    }

    [Fact]
    public async Task ResumeAfterCompletion_ThrowsNamingBothStatuses()
    {
        var (experiment, _) = await StartSingle("done", steps: 4);
        await WaitFor(experiment, s => s.Status == ExperimentStatus.Completed, "completion");

        var e = await Assert.ThrowsAsync<InvalidTransitionException>(() => experiment.Pause());

        Assert.Equal(ExperimentStatus.Completed, e.From);
        Assert.Equal(ExperimentStatus.Paused, e.To);
    }

    [Fact]
    public async Task WorkerThatDies_IsRestartedFromTheLastCheckpoint_RedoingOnlyLaterSteps()
    {
        var (experiment, folder) = await StartSingle("crash", steps: 12, meta: ", fake_crash_at_step: \"7\"");

        var done = await WaitFor(experiment, s => s.Status == ExperimentStatus.Completed, "completion after the crash");

        long[] trained = Artifacts.TrainedSteps(folder);
        // First run trained 1..6 and died at 7; the restart resumed from the step-4 checkpoint: 5 and 6 are redone.
        Assert.Equal([1, 2, 3, 4, 5, 6, 5, 6, 7, 8, 9, 10, 11, 12], trained);
        Assert.Equal(12, done.Metrics.Step);
        Assert.Equal(8, done.LastCheckpoint!.Step);
    }

    [Fact]
    public async Task WorkerThatKeepsDying_FailsTheExperimentWithTheReason()
    {
        var (experiment, _) = await StartSingle("fail", steps: 12, meta: ", fake_crash_at_step: \"2\", fake_crash_every_run: \"true\"");

        var failed = await WaitFor(experiment, s => s.Status == ExperimentStatus.Failed, "the experiment to fail");

        Assert.Contains("exited with code 3", failed.Reason);
        Assert.Null(failed.Slot);
    }

    [Fact]
    public async Task ThreeCrashesSeparatedByCheckpoints_DoNotFailTheArm()
    {
        // Checkpoints every 4 steps; one crash after each of the first three. The budget (2 restarts here) counts
        // crashes without a new checkpoint in between, so each crash starts it afresh.
        var (experiment, folder) = await StartSingle("spread", steps: 16, meta: ", fake_crash_at_step: \"3,7,11\"");

        var done = await WaitFor(experiment, s => s.Status is ExperimentStatus.Completed or ExperimentStatus.Failed, "the arm to end");

        Assert.True(done.Status == ExperimentStatus.Completed, done.Reason);
        // Each crash resumed from the checkpoint before it: steps 1–2, 5–6 and 9–10 were trained twice, none lost.
        Assert.Equal([1, 2, 1, 2, 3, 4, 5, 6, 5, 6, 7, 8, 9, 10, 9, 10, 11, 12, 13, 14, 15, 16], Artifacts.TrainedSteps(folder));
    }
}
