using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Engine.Training;

namespace ZImageSweep.Engine.Tests.Training;

[Trait(Tier.Name, Tier.Unit)]
public sealed class LearningRateScheduleTests
{
    [Fact]
    public void Constant_IsFlat()
    {
        var schedule = new LearningRateSchedule(LrSchedulerKind.Constant, 1e-4, 3000);
        Assert.All(new[] { 0, 1, 1500, 2999, 3000 }, s => Assert.Equal(1e-4, schedule.At(s)));
    }

    [Fact]
    public void Warmup_RampsLinearlyFromZero()
    {
        var schedule = new LearningRateSchedule(LrSchedulerKind.Constant, 1e-4, 1000, WarmupSteps: 100);
        Assert.Equal(0, schedule.At(0));
        Assert.Equal(2.5e-5, schedule.At(25), 15);
        Assert.Equal(1e-4, schedule.At(100));
    }

    [Fact]
    public void Cosine_HalvesAtTheMidpointAndEndsAtTheFloor()
    {
        var schedule = new LearningRateSchedule(LrSchedulerKind.Cosine, 1e-4, 1100, WarmupSteps: 100, MinLrRatio: 0.1);
        Assert.Equal(1e-4, schedule.At(100), 15);
        Assert.Equal(1e-4 * (0.1 + 0.9 * 0.5), schedule.At(600), 15);                      // p = 0.5
        Assert.Equal(1e-4 * (0.1 + 0.9 * 0.5 * (1 + Math.Cos(Math.PI / 4))), schedule.At(350), 15); // p = 0.25
        Assert.Equal(1e-5, schedule.At(1100), 15);
    }

    [Fact]
    public void Linear_DecaysToZero()
    {
        var schedule = new LearningRateSchedule(LrSchedulerKind.Linear, 2e-4, 400);
        Assert.Equal(2e-4, schedule.At(0));
        Assert.Equal(1.5e-4, schedule.At(100), 15);
        Assert.Equal(0, schedule.At(400), 15);
    }
}
