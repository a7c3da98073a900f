using ZImageSweep.Grains.Comparisons;

namespace ZImageSweep.Grains.Tests.Comparisons;

[Trait(Tier.Name, Tier.Unit)]
public sealed class GridReadinessTests
{
    static ArmHistory Sampled(long step)
    {
        var arm = new ArmHistory();
        arm.RecordSamples(step, []);
        return arm;
    }

    static ArmHistory At(long step)
    {
        var arm = new ArmHistory();
        arm.RecordLoss(step, 1);
        return arm;
    }

    [Fact]
    public void ARunningArmAtOrBeforeTheStep_IsWaitedFor()
    {
        Assert.False(GridReadiness.IsDue(10, [(Sampled(10), false), (At(10), false)])); // its samples of step 10 follow its step report
        Assert.False(GridReadiness.IsDue(10, [(Sampled(10), false), (null, false)]));   // queued, never reported
    }

    [Fact]
    public void ArmsThatSampledPassedOrFinished_DoNotBlock()
    {
        Assert.True(GridReadiness.IsDue(10, [(Sampled(10), false), (At(11), false), (At(3), true), (null, true)]));
    }

    [Fact]
    public void AStepNobodySampled_IsNeverDue() =>
        Assert.False(GridReadiness.IsDue(10, [(At(20), true)]));
}
