using ZImageSweep.Engine.Offloading;

namespace ZImageSweep.Engine.Tests.Offloading;

/// <summary>
/// What the plan decides for loading the base: via host exactly when float8 or layer offloading is asked, which blocks
/// stay on the device (OffloadPlan's even spread), and how many blocks the device holds at most during the load
/// (counted by hand below from the placements: the resident blocks before the last one, plus the one arriving).
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class BaseLoadPlanTests
{
    [Fact]
    public void WithoutFloat8OrOffloading_TheBaseIsBuiltOnTheDevice()
    {
        BaseLoadPlan plan = BaseLoadPlan.For(34, float8: false, offloadShare: null);

        Assert.False(plan.ViaHost);
        Assert.False(BaseLoadPlan.LoadsViaHost(false, null));
        Assert.All(plan.Offloaded, Assert.False);
        Assert.Equal(34, plan.MaxBlocksOnDeviceDuringLoad);
    }

    [Fact]
    public void Float8Alone_LoadsViaHost_EveryBlockResident()
    {
        BaseLoadPlan plan = BaseLoadPlan.For(34, float8: true, offloadShare: null);

        Assert.True(plan.ViaHost);
        Assert.Equal(34, plan.ResidentBlocks);
        Assert.Equal(34, plan.MaxBlocksOnDeviceDuringLoad);
        Assert.Equal("base loaded via host: 34 blocks, 0 offloaded, float8; at most 34 blocks on the device during load", plan.Describe());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    public void Offloading_LoadsViaHost_EvenAtZeroPercent(double share) =>
        Assert.True(BaseLoadPlan.For(4, float8: false, share).ViaHost);

    [Fact]
    public void FullOffloading_HoldsOneBlockAtATime()
    {
        BaseLoadPlan plan = BaseLoadPlan.For(34, float8: true, offloadShare: 1.0);

        Assert.All(plan.Offloaded, Assert.True);
        Assert.Equal(1, plan.MaxBlocksOnDeviceDuringLoad);
        Assert.Equal("base loaded via host: 34 blocks, 34 offloaded, float8; at most 1 blocks on the device during load", plan.Describe());
    }

    [Fact]
    public void HalfOffloading_AlternatesAndPeaksWhenTheLastBlockArrives()
    {
        // 5 blocks at 0.5: ⌊(i+1)/2⌋ > ⌊i/2⌋ offloads blocks 1 and 3; blocks 0, 2 and 4 stay. When block 4 arrives,
        // blocks 0 and 2 are on the device already: 3 at once.
        BaseLoadPlan plan = BaseLoadPlan.For(5, float8: false, offloadShare: 0.5);

        Assert.Equal([false, true, false, true, false], plan.Offloaded);
        Assert.Equal(3, plan.ResidentBlocks);
        Assert.Equal(3, plan.MaxBlocksOnDeviceDuringLoad);
    }

    [Fact]
    public void ZeroPercent_KeepsEveryBlock()
    {
        BaseLoadPlan plan = BaseLoadPlan.For(4, float8: false, offloadShare: 0.0);

        Assert.All(plan.Offloaded, Assert.False);
        Assert.Equal(4, plan.MaxBlocksOnDeviceDuringLoad);
    }

    [Fact]
    public void TheTextEncodersLayers_FollowTheSamePlan()
    {
        // Qwen3-4B has 36 layers, 35 built for hidden_states[-2]. At 0.5 the odd layers 1 … 33 are offloaded (17) and
        // the 18 even ones stay; when layer 34 arrives the 17 even layers 0 … 32 are on the device already: 18 at once.
        BaseLoadPlan plan = BaseLoadPlan.For(35, float8: false, offloadShare: 0.5);

        Assert.Equal(Enumerable.Range(0, 35).Select(i => i % 2 == 1), plan.Offloaded);
        Assert.Equal(18, plan.MaxBlocksOnDeviceDuringLoad);
        Assert.Equal("text encoder loaded via host: 35 layers, 17 offloaded; at most 18 layers on the device during load", plan.Describe("text encoder", "layers"));
    }
}
