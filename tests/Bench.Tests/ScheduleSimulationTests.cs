using ZImageSweep.Bench.Scheduling;

namespace ZImageSweep.Bench.Tests;

[Trait(Tier.Name, Tier.Unit)]
public sealed class ScheduleSimulationTests
{
    [Fact]
    public void SmallSweep_MatchesTheScheduleWorkedOutByHand()
    {
        // Two slots, arms 3,3,2,2,2 in sweep order: a,b run 0–3; c,d get the slots at 3 and run to 5; e runs 5–7.
        var outcome = ScheduleSimulation.Run([3, 3, 2, 2, 2], slots: 2);

        Assert.Equal(7, outcome.Makespan);
        Assert.Equal(6, outcome.LowerBound);
        Assert.Equal(0, outcome.IdleSlotTimeWhileWaiting);
        Assert.Equal(12.0 / 14, outcome.SlotUtilization, 12);
    }

    [Fact]
    public void LongArmLast_LeavesOtherSlotsIdleOnlyOnceNothingWaits()
    {
        // One slot frees at 1 and takes the 10-unit arm: 1 + 10 = 11, against a lower bound of 10.
        var outcome = ScheduleSimulation.Run([1, 1, 10], slots: 2);

        Assert.Equal(11, outcome.Makespan);
        Assert.Equal(10, outcome.LowerBound);
        Assert.Equal(0, outcome.IdleSlotTimeWhileWaiting);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(64)]
    public void SixtyFourArms_StayWithinTheListSchedulingBound(int slots)
    {
        double[] durations = ArmDurations.Mixed64();

        var outcome = ScheduleSimulation.Run(durations, slots);

        Assert.Equal(durations.Sum(), outcome.TotalArmTime, 9);
        Assert.InRange(outcome.Makespan, outcome.LowerBound, durations.Sum() / slots + durations.Max());
        Assert.Equal(0, outcome.IdleSlotTimeWhileWaiting);
    }

    [Fact]
    public void AsManySlotsAsArms_FinishesWithTheLongestArm()
    {
        double[] durations = ArmDurations.Mixed64();

        Assert.Equal(durations.Max(), ScheduleSimulation.Run(durations, slots: 64).Makespan);
    }

    [Theory]
    [InlineData(new double[] { }, 2, "no arms")]
    [InlineData(new double[] { 1, 0 }, 2, "arm 1's duration is 0")]
    [InlineData(new double[] { 1, double.NaN }, 2, "arm 1's duration is NaN")]
    [InlineData(new double[] { 1 }, 0, "at least one slot")]
    public void BadWorkload_IsRefusedNamingTheProblem(double[] durations, int slots, string message)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => ScheduleSimulation.Run(durations, slots));

        Assert.Contains(message, e.Message);
    }
}
