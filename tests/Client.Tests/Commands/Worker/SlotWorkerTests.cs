using System.Text.RegularExpressions;
using ZImageSweep.Contracts.Workers;

namespace ZImageSweep.Client.Tests.Commands.Worker;

/// <summary>
/// <c>zsweep worker</c>, the long-lived worker of one GPU slot (WorkerProtocol, issue 18), as a real process training
/// a tiny model on the CPU: arms start and leave by commands, share one resident base and its encodings, pack when
/// they train together, are fenced, stopped and drained one run at a time, and resume from their own checkpoints after
/// the process is killed. References: the same jobs trained alone by <c>zsweep train</c> (<see cref="WorkerJobs"/>).
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class SlotWorkerTests(WorkerJobs jobs) : IClassFixture<WorkerJobs>
{
    /// <summary>Issue 18's packed-vs-solo bound for float32 on the CPU (PackedZImageTrainerTests).</summary>
    const double PackedBound = 1e-5;

    static string Name(Guid run) => run.ToString();

    [Fact]
    public async Task TheNextArmOfTheSameBase_ReusesTheLoadedBaseAndItsEncodings_AndEqualsItsSoloRun()
    {
        Guid a = Guid.NewGuid(), b = Guid.NewGuid();
        await using var worker = WorkerProcess.Start();

        worker.StartArm(a, jobs.Job("A", "sequential"));
        await worker.WaitForAsync<FinishedEvent>(a);
        worker.StartArm(b, jobs.Job("B", "sequential"));
        var finished = await worker.WaitForAsync<FinishedEvent>(b);
        worker.Send(WorkerCommandLine.Drain);

        Assert.Equal(0, await worker.WaitForExitAsync());
        Assert.Single(Regex.Matches(worker.Log, "base loaded: "));
        // B's two images and its captions were encoded for A: B encodes nothing.
        Assert.Matches($@"\[run {b}\] encoding cache: reused 2 image latents \(encoded 0\) and [1-9]\d* caption embeddings \(encoded 0\)", worker.Log);
        Assert.IsType<StartedEvent>(worker.EventsOf(b)[0]);
        Assert.Equal(Enumerable.Range(1, WorkerJobs.Steps), worker.EventsOf(b).OfType<StepEvent>().Select(s => (int)s.Step));
        // Alone in the worker, B trains bit for bit as `zsweep train` trains it.
        Assert.Equal(0.0, WorkerJobs.RelativeL2(await jobs.Solo("B"), finished.Path));
    }

    [Fact]
    public async Task AFloat8OffloadedBase_LoadsViaHostBlockByBlock_AndItsArmEqualsItsSoloRun()
    {
        // Issue 18's 12–16 GB setup: the resident base is built in host memory and prepared one block at a time.
        const string smallCard = ", quantize: true, layer_offloading: true, layer_offloading_transformer_percent: 1.0";
        Guid a = Guid.NewGuid();
        await using var worker = WorkerProcess.Start();

        worker.StartArm(a, jobs.Job("A", "via-host", modelKeys: smallCard));
        var finished = await worker.WaitForAsync<FinishedEvent>(a);
        worker.Send(WorkerCommandLine.Drain);

        Assert.Equal(0, await worker.WaitForExitAsync());
        Assert.Matches(@"base loaded via host: (\d+) blocks, \1 offloaded, float8; at most 1 blocks on the device during load", worker.Log);
        Assert.Equal(0.0, WorkerJobs.RelativeL2(await jobs.TrainAlone("A", "via-host-solo", smallCard), finished.Path));
    }

    [Fact]
    public async Task ArmsStartedTogether_PackAndFollowTheirSoloRuns()
    {
        Guid a = Guid.NewGuid(), b = Guid.NewGuid();
        await using var worker = WorkerProcess.Start();
        worker.Hold(a);

        worker.StartArm(a, jobs.Job("A", "packed"));
        // A waits at its step-2 checkpoint: B's start is read before A's next step boundary, where B joins.
        await worker.WaitForAsync<CommitReadyEvent>(a, e => e.Step == 2);
        worker.StartArm(b, jobs.Job("B", "packed"));
        worker.Send(WorkerCommandLine.For(a, WorkerCommand.Commit));
        await worker.WaitForAsync<CommitReadyEvent>(a, e => e.Step == 4);
        worker.Send(WorkerCommandLine.For(a, WorkerCommand.Commit));
        var finishedA = await worker.WaitForAsync<FinishedEvent>(a);
        var finishedB = await worker.WaitForAsync<FinishedEvent>(b);
        worker.Send(WorkerCommandLine.Drain);

        Assert.Equal(0, await worker.WaitForExitAsync());
        Assert.Contains(WorkerProtocol.FormatLogLine(Name(b), "arm 'armB' joins at step 0: 2 arm(s) training on the shared base"), worker.Log);
        AssertFollows(await jobs.Solo("A"), finishedA.Path);
        AssertFollows(await jobs.Solo("B"), finishedB.Path);
    }

    [Fact]
    public async Task AnAbandonedCheckpoint_FencesItsArmAlone()
    {
        Guid a = Guid.NewGuid(), b = Guid.NewGuid();
        await using var worker = WorkerProcess.Start();
        worker.Hold(a);

        worker.StartArm(a, jobs.Job("A", "fenced"));
        worker.StartArm(b, jobs.Job("B", "fenced"));
        await worker.WaitForAsync<CommitReadyEvent>(a, e => e.Step == 2);
        worker.Send(WorkerCommandLine.For(a, WorkerCommand.Abandon));
        var fenced = await worker.WaitForAsync<FencedEvent>(a);
        await worker.WaitForAsync<FinishedEvent>(b);

        Assert.Equal(2, fenced.Step);
        Assert.Same(fenced, worker.EventsOf(a)[^1]); // its last event
        Assert.DoesNotContain(worker.EventsOf(a), e => e is CheckpointSavedEvent or StoppedEvent or FailedEvent or FinishedEvent);
        // The staged step-2 files are deleted, and nothing of A's was committed.
        var output = jobs.Output("A", "fenced");
        Assert.Empty(Directory.EnumerateFiles(output.Folder, "*.safetensors", SearchOption.AllDirectories));
        Assert.Equal(WorkerJobs.Steps, worker.EventsOf(b).OfType<StepEvent>().Count());
        worker.Send(WorkerCommandLine.Drain);
        Assert.Equal(0, await worker.WaitForExitAsync());
    }

    [Fact]
    public async Task StopEndsOneArmWithACheckpoint_AndDrainStopsTheRestAndExitsZero()
    {
        Guid a = Guid.NewGuid(), b = Guid.NewGuid();
        await using var worker = WorkerProcess.Start();

        // Checkpoints only when stopped: neither arm gets near its last step before it is told to stop.
        worker.StartArm(a, jobs.Job("A", "stopped", steps: 10_000, saveEvery: 10_000));
        worker.StartArm(b, jobs.Job("B", "stopped", steps: 10_000, saveEvery: 10_000));
        await worker.WaitForAsync<StepEvent>(a);
        worker.Send(WorkerCommandLine.For(a, WorkerCommand.Stop));
        var stoppedA = await worker.WaitForAsync<StoppedEvent>(a);
        long bAtStop = worker.EventsOf(b).OfType<StepEvent>().Select(e => e.Step).DefaultIfEmpty(0).Max();
        await worker.WaitForAsync<StepEvent>(b, e => e.Step > bAtStop); // B trains on without A
        worker.Send(WorkerCommandLine.For(b, WorkerCommand.SaveNow));
        var saved = await worker.WaitForAsync<CheckpointSavedEvent>(b);
        worker.Send(WorkerCommandLine.Drain);
        var stoppedB = await worker.WaitForAsync<StoppedEvent>(b);

        Assert.Equal(0, await worker.WaitForExitAsync());
        Assert.True(saved.Step > bAtStop, $"save_now saved B at step {saved.Step}, before it was asked");
        Assert.Equal(stoppedA.Step, worker.EventsOf(a).OfType<CheckpointSavedEvent>().Single().Step); // saved where it stopped
        Assert.Equal(stoppedB.Step, worker.EventsOf(b).OfType<CheckpointSavedEvent>().Last().Step);
        foreach (var (run, stopped) in new[] { (a, stoppedA), (b, stoppedB) })
        {
            Assert.Same(stopped, worker.EventsOf(run)[^1]);
            Assert.All(worker.EventsOf(run).OfType<CheckpointSavedEvent>(), c => Assert.True(File.Exists(c.Path)));
        }
    }

    [Fact]
    public async Task AStartForAnotherBaseWithNoArmTraining_SwapsTheBase()
    {
        Guid a = Guid.NewGuid(), other = Guid.NewGuid();
        await using var worker = WorkerProcess.Start();

        worker.StartArm(a, jobs.Job("A", "swapped", steps: 2));
        await worker.WaitForAsync<FinishedEvent>(a);
        worker.StartArm(other, jobs.Job("B", "swapped", steps: 2, model: jobs.OtherModel));
        await worker.WaitForAsync<FinishedEvent>(other);
        worker.Send(WorkerCommandLine.Drain);

        Assert.Equal(0, await worker.WaitForExitAsync());
        Assert.Equal(2, Regex.Matches(worker.Log, "base loaded: ").Count);
        Assert.Contains($"unloading base {jobs.Model}: run {other} needs {jobs.OtherModel} (model.name_or_path)", worker.Log);
        // The encodings went with the old base: the other base's text encoder and VAE encode everything again.
        Assert.Matches($@"\[run {other}\] encoding cache: reused 0 image latents \(encoded 2\) and 0 caption embeddings", worker.Log);
    }

    [Fact]
    public async Task AStartForAnotherBaseWhileAnArmTrains_FailsNamingTheKey_AndClosedStdinExitsAtOnce()
    {
        Guid a = Guid.NewGuid(), other = Guid.NewGuid();
        await using var worker = WorkerProcess.Start();
        worker.Hold(a);

        worker.StartArm(a, jobs.Job("A", "refused", steps: 10_000));
        await worker.WaitForAsync<CommitReadyEvent>(a, e => e.Step == 2);
        worker.StartArm(other, jobs.Job("B", "refused", dtype: "bf16"));
        worker.Send(WorkerCommandLine.For(a, WorkerCommand.Commit)); // A's step boundary comes after the start was read
        var failed = await worker.WaitForAsync<FailedEvent>(other);
        await worker.WaitForAsync<StepEvent>(a, e => e.Step == 3); // A goes on
        worker.CloseInput();

        Assert.Equal(WorkerProtocol.SupervisorGoneExitCode, await worker.WaitForExitAsync());
        Assert.Equal("arm 'armB' cannot join the pack: train.dtype: 'bf16' differs from the loaded base's 'fp32', on which arms are training", failed.Reason);
        Assert.Single(worker.EventsOf(other));
        // Gone at once: A saved nothing more and reported no end.
        Assert.DoesNotContain(worker.EventsOf(a), e => e is StoppedEvent or FinishedEvent or FailedEvent or FencedEvent);
        Assert.Single(worker.EventsOf(a).OfType<CheckpointSavedEvent>());
    }

    [Fact]
    public async Task AKilledWorker_ResumesEveryArmFromItsOwnCheckpoint()
    {
        Guid a = Guid.NewGuid(), b = Guid.NewGuid();
        string jobA = jobs.Job("A", "killed"), jobB = jobs.Job("B", "killed");
        await using (var first = WorkerProcess.Start())
        {
            first.Hold(a);
            first.StartArm(a, jobA);
            first.StartArm(b, jobB);
            await first.WaitForAsync<CommitReadyEvent>(a, e => e.Step == 2);
            first.Send(WorkerCommandLine.For(a, WorkerCommand.Commit));
            await first.WaitForAsync<CheckpointSavedEvent>(b, e => e.Step == 2);
            // A's step-4 checkpoint is staged and unanswered (A joined first, so it ends each step first and B has
            // not reached its own step-4 save): killed mid-commit, it must not count.
            await first.WaitForAsync<CommitReadyEvent>(a, e => e.Step == 4);
            first.Kill();
            await first.WaitForExitAsync();
        }

        Guid a2 = Guid.NewGuid(), b2 = Guid.NewGuid();
        await using var second = WorkerProcess.Start();
        second.StartArm(a2, jobA);
        second.StartArm(b2, jobB);
        var finishedA = await second.WaitForAsync<FinishedEvent>(a2);
        var finishedB = await second.WaitForAsync<FinishedEvent>(b2);
        second.Send(WorkerCommandLine.Drain);

        Assert.Equal(0, await second.WaitForExitAsync());
        foreach (Guid run in new[] { a2, b2 })
        {
            Assert.Equal(2, Assert.IsType<StartedEvent>(second.EventsOf(run)[0]).Step);
            Assert.Equal([3, 4], second.EventsOf(run).OfType<StepEvent>().Select(s => (int)s.Step)); // nothing lost, nothing twice
        }
        AssertFollows(await jobs.Solo("A"), finishedA.Path);
        AssertFollows(await jobs.Solo("B"), finishedB.Path);
    }

    static void AssertFollows(string solo, string packed)
    {
        double relative = WorkerJobs.RelativeL2(solo, packed);
        Assert.True(relative <= PackedBound, $"{packed}: differs from the solo run by relative L2 {relative:E2}");
    }
}
