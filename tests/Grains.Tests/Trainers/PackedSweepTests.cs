using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Silo.Web.Api;

namespace ZImageSweep.Grains.Tests.Trainers;

/// <summary>
/// A packed sweep end to end on the stand-in worker (issue 18, CPU part): <c>packing: 2</c> on one CPU slot puts two
/// arms in the slot's one worker at once, the status view says who shares the slot, and the waiting arms join as the
/// first ones finish.
/// </summary>
[Trait(Tier.Name, Tier.Cluster)]
public sealed class PackedSweepTests
{
    const int StatusChanged = 1001, RunStarted = 2001;
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task PackingTwo_OnOneSlot_TrainsTwoArmsAtOnce_ShowsThemSharing_AndRunsTheRestAfter()
    {
        await using var cluster = await CpuSlotCluster.StartAsync(slots: 1);
        // Every run holds at step 5 until its arm folder has the file "go": the pack is observed, not raced.
        var definition = SweepBuilder.TwoByTwo($"packed-{Guid.NewGuid():N}", steps: 12, concurrency: 4, meta: ", fake_hold_at_step: \"5\", fake_hold_until: \"go\"")
            with { Packing = PackingPolicy.AtMost(2) };
        await cluster.Grains.GetGrain<ISweepGrain>(definition.Name).Create(definition);

        var view = await Eventually.Until(() => SweepViews.Get(cluster.Grains, definition.Name),
            v => v.Arms.Count(a => a.Status == nameof(ExperimentStatus.Running) && a.Step == 5) == 2, Timeout, "two arms training together at step 5");

        var running = view.Arms.Where(a => a.Status == nameof(ExperimentStatus.Running)).ToArray();
        Assert.Equal([definition.Arms[0].Id, definition.Arms[1].Id], running.Select(a => a.Id));
        Assert.NotNull(running[0].Slot);
        Assert.Equal(running[0].Slot, running[1].Slot);
        Assert.Equal([running[1].Label], running[0].PackedWith!);
        Assert.Equal([running[0].Label], running[1].PackedWith!);
        Assert.All(view.Arms.Skip(2), a => Assert.Equal((nameof(ExperimentStatus.Queued), (string?)null), (a.Status, a.Slot)));
        // Both runs went to the slot's one worker process.
        var pids = definition.Arms.Take(2).Select(arm => cluster.Log.Events
            .Single(e => e.Id == RunStarted && e.Text("Experiment") == ExperimentKeys.For(definition.Name, arm.Id)).Values["Pid"]).ToArray();
        Assert.Equal(pids[0], pids[1]);

        foreach (var arm in definition.Arms)
        {
            string folder = Artifacts.ArmFolder(cluster.ArtifactRoot, definition.Name, arm.Id);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "go"), "");
        }
        await cluster.Log.WaitForAsync(e => e.Count(x => x.Id == StatusChanged && x.Text("Status") == nameof(ExperimentStatus.Completed)) == 4,
            Timeout, "all 4 arms to complete");

        Assert.All(definition.Arms, arm => Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i),
            Artifacts.TrainedSteps(Artifacts.ArmFolder(cluster.ArtifactRoot, definition.Name, arm.Id))));
        Assert.All((await SweepViews.Get(cluster.Grains, definition.Name)).Arms, a => Assert.Empty(a.PackedWith!));
    }
}
