using System.Diagnostics;

namespace ZImageSweep.Bench.Harness;

/// <summary>
/// Splits a step into named phases with a device synchronisation between them, and records per phase two times:
/// how long the host took to return from the phase's code (it only enqueues work on a GPU) and how long until the
/// device finished it. A phase whose host time is close to its device time is bound by the host (launch overhead,
/// managed code between launches); one whose host time is far below is bound by the GPU. Without a profiler on the
/// lent GPU machine (no Nsight Systems there) this is what says where a step's time goes. The synchronisations cost
/// overlap between phases, so phase times add up to a little more than the unsplit step.
/// </summary>
public sealed class PhaseTimer(Action synchronize)
{
    readonly Dictionary<string, (List<double> Host, List<double> Device)> _samples = new(StringComparer.Ordinal);
    readonly Dictionary<string, (double Host, double Device)> _step = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="work"/> as one occurrence of phase <paramref name="name"/>; occurrences in one step add up (<see cref="EndStep"/>).</summary>
    public void Phase(string name, Action work)
    {
        synchronize();
        long start = Stopwatch.GetTimestamp();
        work();
        double host = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        synchronize();
        double device = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (!_step.TryGetValue(name, out var sum)) sum = (0, 0);
        _step[name] = (sum.Host + host, sum.Device + device);
    }

    /// <summary>Closes one step: each phase's occurrences in it become one sample.</summary>
    public void EndStep()
    {
        foreach (var (name, (host, device)) in _step)
        {
            if (!_samples.TryGetValue(name, out var samples)) _samples[name] = samples = ([], []);
            samples.Host.Add(host);
            samples.Device.Add(device);
        }
        _step.Clear();
    }

    /// <summary>Adds <c>{prefix}{phase}_ms</c> (median until the device finished) and <c>{prefix}{phase}_host_ms</c> per phase.</summary>
    public void Report(IDictionary<string, double> metrics, string prefix)
    {
        foreach (var (name, (host, device)) in _samples)
        {
            metrics[$"{prefix}{name}_ms"] = Math.Round(TimingStats.From(device).Median, 2);
            metrics[$"{prefix}{name}_host_ms"] = Math.Round(TimingStats.From(host).Median, 2);
        }
    }
}
