using System.Diagnostics;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Grains.Tests.Trainers;

/// <summary>
/// A silo with several CPU slots running sweeps with more arms than slots, on the stand-in worker (issues 19 and 20,
/// CPU part): slot occupancy is replayed from the scheduler's and the worker host's log events.
/// </summary>
[Trait(Tier.Name, Tier.Cluster)]
public sealed class MultiSlotSchedulingTests
{
    const int CheckpointRecorded = 1004, StatusChanged = 1001, WorkerStarted = 2001;
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task TwoSlots_FourArmSweep_KeepsBothSlotsBusyWhileArmsWait_AndNeverDoublesUp()
    {
        await using var cluster = await CpuSlotCluster.StartAsync(slots: 2);
        var definition = SweepBuilder.AdapterByRank($"two-slots-{Guid.NewGuid():N}", steps: 20, stepMs: 50, concurrency: 4);

        var done = await RunToCompletion(cluster, definition);

        AssertPlacement(new SlotTimeline(cluster.Log.Events, slotCount: 2), slots: 2, arms: 4);
        Assert.Equal(["rank=8 adapter=v1", "rank=8 adapter=v2", "rank=16 adapter=v1", "rank=16 adapter=v2"], done.Arms.Select(a => a.Label));
        Assert.All(done.Arms, arm =>
            Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), Artifacts.TrainedSteps(Artifacts.ArmFolder(cluster.ArtifactRoot, definition.Name, arm.ArmId))));
    }

    [Fact]
    public async Task EightSlots_SixteenArmSweep_KeepsEverySlotBusyWhileArmsWait_AndNeverDoublesUp()
    {
        await using var cluster = await CpuSlotCluster.StartAsync(slots: 8);
        var definition = SweepBuilder.FourByFour($"eight-slots-{Guid.NewGuid():N}", steps: 16, stepMs: 50);

        await RunToCompletion(cluster, definition);

        AssertPlacement(new SlotTimeline(cluster.Log.Events, slotCount: 8), slots: 8, arms: 16);
    }

    [Fact]
    public async Task KilledWorker_ResumesFromItsCheckpoint_WhileTheOtherSlotsArmRunsUndisturbed()
    {
        await using var cluster = await CpuSlotCluster.StartAsync(slots: 2);
        var definition = SweepBuilder.AdapterByRank($"kill-{Guid.NewGuid():N}", steps: 60, stepMs: 100, concurrency: 2, axes: 1);
        string victim = ExperimentKeys.For(definition.Name, definition.Arms[0].Id);
        string bystander = ExperimentKeys.For(definition.Name, definition.Arms[1].Id);
        await cluster.Grains.GetGrain<ISweepGrain>(definition.Name).Create(definition);

        // 56 steps (5.6 s) of the victim are left after its first checkpoint: the kill lands mid-run.
        await cluster.Log.WaitForAsync(e => e.Any(x => x.Id == CheckpointRecorded && x.Text("Experiment") == victim), Timeout, "the first checkpoint of the arm to kill");
        int victimPid = (int)Starts(cluster, victim).Single().Values["Pid"]!;
        using (var worker = Process.GetProcessById(victimPid)) worker.Kill();
        var done = await RunToCompletion(cluster, definition, alreadyCreated: true);

        Assert.Empty(new SlotTimeline(cluster.Log.Events, slotCount: 2).Violations);
        var victimStarts = Starts(cluster, victim);
        Assert.Equal(2, victimStarts.Count);
        var restart = victimStarts[1];
        Assert.NotEqual(Starts(cluster, bystander).Single().Text("Slot"), restart.Text("Slot"));
        // The killed run trained 1..k; the restart resumed from a complete checkpoint c ≤ k and trained c+1..60.
        string folder = Artifacts.ArmFolder(cluster.ArtifactRoot, definition.Name, definition.Arms[0].Id);
        long[] killedRun = Artifacts.TrainedSteps(folder, victimPid);
        long resumedFrom = long.Parse(File.ReadAllText(restart.Text("ResumeFrom")).Split('=')[1]);
        Assert.Equal(Enumerable.Range(1, killedRun.Length).Select(i => (long)i), killedRun);
        Assert.InRange(killedRun.Length, 4, 59);
        Assert.InRange(resumedFrom, 4, killedRun.Length);
        Assert.Equal([.. killedRun, .. Enumerable.Range((int)resumedFrom + 1, 60 - (int)resumedFrom).Select(i => (long)i)], Artifacts.TrainedSteps(folder));

        // The bystander's worker ran once, start to finish, and its experiment never lost its trainer.
        var other = done.Arms.Single(a => ExperimentKeys.For(definition.Name, a.ArmId) == bystander);
        Assert.Single(Starts(cluster, bystander));
        Assert.Equal(0, other.Recoveries);
        Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), Artifacts.TrainedSteps(Artifacts.ArmFolder(cluster.ArtifactRoot, definition.Name, other.ArmId)));
    }

    static async Task<SweepSnapshot> RunToCompletion(CpuSlotCluster cluster, SweepDefinition definition, bool alreadyCreated = false)
    {
        var sweep = cluster.Grains.GetGrain<ISweepGrain>(definition.Name);
        if (!alreadyCreated) await sweep.Create(definition);
        int arms = definition.Arms.Length;
        await cluster.Log.WaitForAsync(e => e.Count(x => x.Id == StatusChanged && x.Text("Status") == nameof(ExperimentStatus.Completed)) == arms,
            Timeout, $"all {arms} arms to complete");
        var done = await sweep.GetSnapshot();
        Assert.All(done.Arms, arm => Assert.Equal(ExperimentStatus.Completed, arm.Status));
        return done;
    }

    /// <summary>
    /// No rule was broken at any event; all slots were leased at once; every arm that had to wait got its slot handed
    /// over by the scheduler (the watchdog ticks too rarely here to place it); one worker per arm, on every slot.
    /// </summary>
    static void AssertPlacement(SlotTimeline timeline, int slots, int arms)
    {
        Assert.Empty(timeline.Violations);
        Assert.Equal(slots, timeline.MostLeased);
        Assert.NotEmpty(timeline.Waited);
        Assert.Equal(timeline.Waited.Order(), timeline.HandedOver.Order());
        Assert.Equal(arms, timeline.WorkerSlots.Count);
        Assert.Equal(slots, timeline.WorkerSlots.Distinct().Count());
    }

    static List<SiloEvent> Starts(CpuSlotCluster cluster, string experiment) =>
        [.. cluster.Log.Events.Where(e => e.Id == WorkerStarted && e.Text("Experiment") == experiment)];
}
