using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace ZImageSweep.Bench.Harness;

/// <summary>What <see cref="IterationTimer.Measure"/> observed.</summary>
/// <param name="LiveTensorGrowth">
/// Tensors alive on this thread after the last timed iteration minus after the first (TorchSharp's
/// <c>DisposeScopeManager.Statistics.ThreadTotalLiveCount</c>); anything above 0 is a leak across iterations.
/// </param>
public sealed record TimingResult(TimingStats Stats, IterationPlan Plan, long LiveTensorGrowth);

/// <summary>
/// Runs a workload for warm-up and then timed iterations. Every iteration runs inside its own dispose scope, so
/// whatever it creates is freed before the next one; on CUDA the device is synchronised before the clock starts and
/// before it stops (libtorch launches asynchronously, and TorchSharp 0.107 has no CUDA events).
/// </summary>
public sealed class IterationTimer(Action synchronize)
{
    public TimingResult Measure(Action iteration, IterationPlan plan)
    {
        for (int i = 0; i < plan.Warmup; i++) RunOnce(iteration);

        var samples = new double[plan.Iterations];
        long firstLive = 0;
        for (int i = 0; i < plan.Iterations; i++)
        {
            samples[i] = RunOnce(iteration);
            long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            if (i == 0) firstLive = live;
            if (i == plan.Iterations - 1) return new TimingResult(TimingStats.From(samples), plan, live - firstLive);
        }
        throw new UnreachableException();
    }

    double RunOnce(Action iteration)
    {
        synchronize(); // nothing from before may run into this iteration's time
        using var scope = NewDisposeScope();
        long start = Stopwatch.GetTimestamp();
        iteration();
        synchronize();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
