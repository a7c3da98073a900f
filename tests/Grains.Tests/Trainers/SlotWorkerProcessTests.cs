using System.Text.RegularExpressions;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Trainers;
using ZImageSweep.Grains.Tests.Telemetry;

namespace ZImageSweep.Grains.Tests.Trainers;

/// <summary>
/// One worker process per slot, many runs in it (issue 18, WorkerProtocol v2), on the stand-in worker: runs handed to
/// the slot's trainer directly (<see cref="SlotWorkerCluster"/>), two at a time where their assignments allow it.
/// </summary>
[Trait(Tier.Name, Tier.Cluster)]
public sealed partial class SlotWorkerProcessTests
{
    [Fact]
    public async Task TwoArmsOnOneSlot_TrainInOneProcess_EachReportingToItsOwnExperiment()
    {
        await using var cluster = await SlotWorkerCluster.StartAsync();
        // a waits at step 6 until the test releases it, so b trains and finishes while a is in the process too.
        var a = cluster.Arm($"pack-a-{Guid.NewGuid():N}", steps: 12, meta: ", fake_hold_at_step: \"6\", fake_hold_until: release");
        var b = cluster.Arm($"pack-b-{Guid.NewGuid():N}", steps: 16);

        await cluster.Trainer.EnsureRunning(a);
        await cluster.Trainer.EnsureRunning(b);
        await cluster.Reports.WaitForAsync(a.ExperimentKey, r => r.Any(x => x.Kind == WorkerReportKind.Step && x.Step == 6), "a held at step 6");
        await cluster.Reports.WaitForAsync(b.ExperimentKey, r => r.Any(x => x.Kind == WorkerReportKind.Finished), "b finished");
        Assert.Equal(6, cluster.Reports.Of(a.ExperimentKey)[^1].Report.Step);
        File.WriteAllText(Path.Combine(cluster.ArmFolder(a), "release"), "");
        await cluster.Reports.WaitForAsync(a.ExperimentKey, r => r.Any(x => x.Kind == WorkerReportKind.Finished), "a finished");

        AssertTrainedAlone(cluster, a, steps: 12, checkpoints: [4, 8]);
        AssertTrainedAlone(cluster, b, steps: 16, checkpoints: [4, 8, 12]);
        int pid = Pids(cluster.WorkerLog(a)).Single();
        Assert.Equal([pid], Pids(cluster.WorkerLog(b)));
        Assert.Single(cluster.SlotLog, l => l.Contains(" started on slot "));
    }

    [Fact]
    public async Task AbandonedCommitOfOneArm_FencesThatArmOnly_WhileTheOtherFinishesInTheSameProcess()
    {
        await using var cluster = await SlotWorkerCluster.StartAsync();
        var fenced = cluster.Arm($"fenced-{Guid.NewGuid():N}", steps: 12);
        var survivor = cluster.Arm($"survivor-{Guid.NewGuid():N}", steps: 12, meta: ", fake_hold_at_step: \"2\", fake_hold_until: release");
        cluster.Reports.RefuseCommits(fenced.ExperimentKey);

        await cluster.Trainer.EnsureRunning(survivor);
        await cluster.Reports.WaitForAsync(survivor.ExperimentKey, r => r.Any(x => x.Kind == WorkerReportKind.Step && x.Step == 2), "the survivor held at step 2");
        await cluster.Trainer.EnsureRunning(fenced);
        string[] fencedLog = await cluster.RunEndedAsync(fenced);
        File.WriteAllText(Path.Combine(cluster.ArmFolder(survivor), "release"), "");
        await cluster.Reports.WaitForAsync(survivor.ExperimentKey, r => r.Any(x => x.Kind == WorkerReportKind.Finished), "the survivor finished");

        // The refused checkpoint (step 4) is gone, staged copy included; the fenced run told its experiment nothing more.
        Assert.EndsWith($"done with run {fenced.RunId}: fenced", fencedLog.Single(l => l.Contains(" done with run ")));
        Assert.Empty(Directory.GetFiles(cluster.ArmFolder(fenced), "*000000004*", SearchOption.AllDirectories));
        var heard = cluster.Reports.Of(fenced.ExperimentKey).Select(r => r.Report).ToArray();
        Assert.Equal([WorkerReportKind.Started, .. Enumerable.Repeat(WorkerReportKind.Step, 4)], heard.Select(r => r.Kind));
        AssertTrainedAlone(cluster, survivor, steps: 12, checkpoints: [4, 8]);
        Assert.Equal(Pids(fencedLog), Pids(cluster.WorkerLog(survivor)));
        // Neither run holds the slot any more (the fenced one was released, not restarted): an arm that must train alone is accepted.
        await cluster.Trainer.EnsureRunning(cluster.Arm($"next-{Guid.NewGuid():N}", steps: 4, maxArms: 1));
    }

    [Fact]
    public async Task CrashOfTheSlotProcess_RestartsBothArmsInOneNewProcess_EachFromItsOwnCheckpoint()
    {
        using var metrics = new MeterCapture();
        await using var cluster = await SlotWorkerCluster.StartAsync();
        // a crashes the whole process at step 10 (checkpoint 8), once the test lets it past step 9; b is held at step
        // 6 (checkpoint 4) on its first run only, so the crash finds both mid-run at known checkpoints.
        var a = cluster.Arm($"crash-a-{Guid.NewGuid():N}", steps: 20, meta: ", fake_crash_at_step: \"10\", fake_hold_at_step: \"9\", fake_hold_until: crash");
        var b = cluster.Arm($"crash-b-{Guid.NewGuid():N}", steps: 20, meta: ", fake_hold_at_step: \"6\"");

        await cluster.Trainer.EnsureRunning(a);
        await cluster.Trainer.EnsureRunning(b);
        await cluster.Reports.WaitForAsync(a.ExperimentKey, r => r.Any(x => x.Kind == WorkerReportKind.Step && x.Step == 9), "a held at step 9");
        await cluster.Reports.WaitForAsync(b.ExperimentKey, r => r.Any(x => x.Kind == WorkerReportKind.Step && x.Step == 6), "b held at step 6");
        // Slot readings are cached for a second: a reading taken before b joined may still be served.
        await Eventually.Until(() => Task.FromResult(ArmsOnTheSlot(metrics, a)), n => n == 2, TimeSpan.FromMinutes(1), "the slot's arms gauge to count both arms");
        File.WriteAllText(Path.Combine(cluster.ArmFolder(a), "crash"), "");
        await cluster.Reports.WaitForAsync(a.ExperimentKey, r => r.Any(x => x.Kind == WorkerReportKind.Finished), "a finished");
        await cluster.Reports.WaitForAsync(b.ExperimentKey, r => r.Any(x => x.Kind == WorkerReportKind.Finished), "b finished");

        Assert.Equal([0L, 8L], Starts(cluster, a));
        Assert.Equal([0L, 4L], Starts(cluster, b));
        int[] pidsA = Pids(cluster.WorkerLog(a)), pidsB = Pids(cluster.WorkerLog(b));
        Assert.Equal(2, pidsA.Length);
        Assert.Equal(pidsA, pidsB);
        Assert.Equal([.. Enumerable.Range(1, 9), .. Enumerable.Range(9, 12)], Artifacts.TrainedSteps(cluster.ArmFolder(a)).Select(s => (int)s));
        Assert.Equal([.. Enumerable.Range(1, 6), .. Enumerable.Range(5, 16)], Artifacts.TrainedSteps(cluster.ArmFolder(b)).Select(s => (int)s));
        Assert.Equal(Enumerable.Range(9, 12).Select(i => (long)i), Artifacts.TrainedSteps(cluster.ArmFolder(a), pidsA[1]));
        Assert.Contains(cluster.WorkerLog(a), l => l == $"--- worker {pidsA[0]} exited with code 3");
        Assert.Contains(cluster.WorkerLog(b), l => l == $"--- worker {pidsA[0]} exited with code 3");
    }

    [Fact]
    public async Task NextArmOnAnIdleSlot_StartsInTheSameProcess()
    {
        await using var cluster = await SlotWorkerCluster.StartAsync();
        var first = cluster.Arm($"first-{Guid.NewGuid():N}", steps: 6, maxArms: 1);
        var next = cluster.Arm($"next-{Guid.NewGuid():N}", steps: 6, maxArms: 1);

        await cluster.Trainer.EnsureRunning(first);
        await cluster.RunEndedAsync(first);
        await cluster.Trainer.EnsureRunning(next);
        await cluster.RunEndedAsync(next);

        int pid = Pids(cluster.WorkerLog(first)).Single();
        Assert.Equal([pid], Pids(cluster.WorkerLog(next)));
        Assert.Equal(Enumerable.Repeat(pid, 6), File.ReadAllLines(Path.Combine(cluster.ArmFolder(next), "steps.log")).Select(l => int.Parse(l.Split(' ')[0])));
        Assert.Single(cluster.SlotLog, l => l.Contains(" started on slot "));
        Assert.DoesNotContain(cluster.SlotLog, l => l.Contains(" exited with code "));
    }

    [Fact]
    public async Task ArmOverTheAssignmentsCapacity_IsRefusedAsBusy()
    {
        await using var cluster = await SlotWorkerCluster.StartAsync();
        var held = cluster.Arm($"held-{Guid.NewGuid():N}", steps: 8, meta: ", fake_idle: \"true\"", maxArms: 1);
        await cluster.Trainer.EnsureRunning(held);

        var busy = await Assert.ThrowsAsync<SlotBusyException>(() => cluster.Trainer.EnsureRunning(cluster.Arm($"second-{Guid.NewGuid():N}", steps: 8)));

        Assert.Contains(held.ExperimentKey, busy.Message);
    }

    /// <summary>The arm's experiment heard one run from start to finish: every step once in order, its own checkpoints, its own final file.</summary>
    static void AssertTrainedAlone(SlotWorkerCluster cluster, TrainerAssignment arm, int steps, long[] checkpoints)
    {
        var heard = cluster.Reports.Of(arm.ExperimentKey);
        string folder = cluster.ArmFolder(arm);
        Assert.All(heard, r => Assert.Equal(arm.RunId, r.Run));
        Assert.Equal(WorkerReportKind.Started, heard[0].Report.Kind);
        Assert.Equal(Enumerable.Range(1, steps).Select(i => (long)i), heard.Where(r => r.Report.Kind == WorkerReportKind.Step).Select(r => r.Report.Step));
        var saved = heard.Where(r => r.Report.Kind == WorkerReportKind.Checkpoint).Select(r => r.Report.File!).ToArray();
        Assert.Equal(checkpoints, saved.Select(f => f.Step));
        Assert.All(saved, f => Assert.StartsWith(folder, f.Path));
        var finished = heard[^1].Report;
        Assert.Equal((WorkerReportKind.Finished, (long)steps), (finished.Kind, finished.Step));
        Assert.StartsWith(folder, finished.File!.Path);
    }

    /// <summary>
    /// The arms gauge of the slot that trains <paramref name="arm"/>: the slot's memory gauge, labelled with its first
    /// arm, tells which silo's meter it is (other test classes' silos run in this process too).
    /// </summary>
    static double ArmsOnTheSlot(MeterCapture metrics, TrainerAssignment arm)
    {
        var observed = metrics.Observe();
        var (sweep, armId) = ExperimentKeys.Parse(arm.ExperimentKey);
        var meter = observed.First(m => m.Instrument == "zimagesweep.slot.memory.used" && m.Label("sweep") == sweep && m.Label("arm") == armId).Meter;
        return observed.Single(m => m.Meter == meter && m.Instrument == "zimagesweep.slot.arms").Value;
    }

    static long[] Starts(SlotWorkerCluster cluster, TrainerAssignment arm) =>
        [.. cluster.Reports.Of(arm.ExperimentKey).Where(r => r.Report.Kind == WorkerReportKind.Started).Select(r => r.Report.Step)];

    /// <summary>The worker process of each run of the arm, from the host's header lines in its log.</summary>
    static int[] Pids(string[] workerLog) => [.. workerLog.Select(l => Header().Match(l)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value))];

    [GeneratedRegex(@"^--- \S+ worker (\d+) on slot ")]
    private static partial Regex Header();
}
