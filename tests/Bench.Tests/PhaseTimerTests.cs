using System.Diagnostics;
using ZImageSweep.Bench.Harness;

namespace ZImageSweep.Bench.Tests;

[Trait(Tier.Name, Tier.Unit)]
public sealed class PhaseTimerTests
{
    /// <summary>A stand-in for the device: each synchronisation waits until the clock has moved on by <paramref name="ms"/>.</summary>
    static Action DeviceThatFinishesAfter(double ms) => () =>
    {
        long start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start).TotalMilliseconds < ms) Thread.SpinWait(100);
    };

    [Fact]
    public void DeviceTime_IncludesWhatTheSynchronisationWaitedFor_HostTimeDoesNot()
    {
        var phases = new PhaseTimer(DeviceThatFinishesAfter(5));
        for (int step = 0; step < 3; step++)
        {
            phases.Phase("forward", () => { });
            phases.EndStep();
        }
        var metrics = new Dictionary<string, double>();
        phases.Report(metrics, "x_");

        Assert.Equal(["x_forward_host_ms", "x_forward_ms"], metrics.Keys.Order());
        Assert.True(metrics["x_forward_ms"] >= 5, $"device {metrics["x_forward_ms"]} ms");
        Assert.True(metrics["x_forward_host_ms"] < metrics["x_forward_ms"] - 4, $"host {metrics["x_forward_host_ms"]} ms");
    }

    [Fact]
    public void OccurrencesOfOnePhaseInAStep_AddUp()
    {
        var phases = new PhaseTimer(DeviceThatFinishesAfter(2));
        for (int arm = 0; arm < 4; arm++) phases.Phase("optimizer", () => { });
        phases.EndStep();
        phases.Phase("optimizer", () => { });
        phases.EndStep();
        var metrics = new Dictionary<string, double>();
        phases.Report(metrics, "");

        // Two samples, 4 × ≥ 2 ms and 1 × ≥ 2 ms: the median of two is their mean, ≥ 5 ms; one phase per step would give ≥ 2.
        Assert.True(metrics["optimizer_ms"] >= 5, $"{metrics["optimizer_ms"]} ms");
    }
}
