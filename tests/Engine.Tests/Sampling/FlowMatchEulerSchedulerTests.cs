using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Sampling;

namespace ZImageSweep.Engine.Tests.Sampling;

[Trait(Tier.Name, Tier.Unit)]
public sealed class FlowMatchEulerSchedulerTests
{
    public FlowMatchEulerSchedulerTests() => LibTorchLoader.EnsureLoaded();

    [Fact]
    public void TurboEightSteps_GivesThePublishedSigmasAndModelTimes()
    {
        FlowMatchSchedule schedule = FlowMatchEulerScheduler.Turbo.Schedule(8);
        float[] expected = [1.0f, 0.954545f, 0.9f, 0.833333f, 0.75f, 0.642857f, 0.5f, 0.3f, 0f]; // docs/model.md#sigma-schedule
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], schedule.Sigmas[i], 1e-5f);
        Assert.Equal(0f, schedule.ModelTime(0));
        Assert.Equal(0.7f, schedule.ModelTime(7), 1e-5f);
    }

    [Fact]
    public void NonPositiveShiftOrSteps_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FlowMatchEulerScheduler(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => FlowMatchEulerScheduler.Turbo.Schedule(0));
    }
}
