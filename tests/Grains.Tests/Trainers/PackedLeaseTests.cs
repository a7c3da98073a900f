using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Grains.Interfaces.Trainers;
using ZImageSweep.Grains.Trainers;

namespace ZImageSweep.Grains.Tests.Trainers;

/// <summary>
/// The scheduler grain in a silo of one CPU slot (memory unknown), with demands computed from a sweep's arms as the
/// experiment grain computes them: <c>packing: 2</c> puts two arms of one base on the slot, <c>auto</c> none.
/// </summary>
[Trait(Tier.Name, Tier.Cluster)]
public sealed class PackedLeaseTests
{
    static async Task<(IGpuSchedulerGrain Scheduler, SweepDefinition Sweep)> Setup(CpuSlotCluster cluster, PackingPolicy packing)
    {
        var sweep = SweepBuilder.TwoByTwo($"packed-{Guid.NewGuid():N}") with { Packing = packing };
        var scheduler = cluster.Grains.GetGrain<IGpuSchedulerGrain>(IGpuSchedulerGrain.Singleton);
        // The grain's slots come from silo metadata, which is live once the silo is.
        await Eventually.Until(scheduler.GetSlots, slots => slots.Count == 1, TimeSpan.FromMinutes(2), "the silo's slot in the scheduler");
        return (scheduler, sweep);
    }

    static Task<string?> Lease(IGpuSchedulerGrain scheduler, SweepDefinition sweep, int arm) =>
        scheduler.Lease(ExperimentKeys.For(sweep.Name, sweep.Arms[arm].Id), SlotDemands.For(new ExperimentSpec(sweep.Name, sweep.Arms[arm], sweep.Packing)));

    [Fact]
    public async Task PackingTwo_LeasesOneSlotToTwoArms_AndTheSlotsListBoth()
    {
        await using var cluster = await CpuSlotCluster.StartAsync(slots: 1);
        var (scheduler, sweep) = await Setup(cluster, PackingPolicy.AtMost(2));

        string? first = await Lease(scheduler, sweep, 0);
        string? second = await Lease(scheduler, sweep, 1);
        string? third = await Lease(scheduler, sweep, 2);

        Assert.NotNull(first);
        Assert.Equal(first, second);
        Assert.Null(third);
        var slots = await scheduler.GetSlots();
        Assert.Equal([ExperimentKeys.For(sweep.Name, sweep.Arms[0].Id), ExperimentKeys.For(sweep.Name, sweep.Arms[1].Id)], slots[first!].Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PackingAuto_OnASlotOfUnknownMemory_LeasesItToOneArm()
    {
        await using var cluster = await CpuSlotCluster.StartAsync(slots: 1);
        var (scheduler, sweep) = await Setup(cluster, PackingPolicy.Auto);

        Assert.NotNull(await Lease(scheduler, sweep, 0));
        Assert.Null(await Lease(scheduler, sweep, 1));
    }
}
