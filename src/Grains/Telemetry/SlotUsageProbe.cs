using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using ZImageSweep.Contracts.Gpu;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Workers;

namespace ZImageSweep.Grains.Telemetry;

/// <summary>
/// Reads what each of this silo's training slots uses. A GPU slot reports its device through NVML (memory in use by
/// all processes, utilisation %), so an idle or foreign-occupied GPU shows too. A CPU slot reports its worker
/// process: resident memory, and CPU time over wall time and this machine's cores since the previous reading
/// (0 while no worker runs). Labels: silo, slot (the slot's index), device (gpu|cpu), and the sweep and arm of the
/// worker's first arm in key order (empty when idle; the arm count says how many share the slot).
/// </summary>
public sealed class SlotUsageProbe(GpuInventory inventory, WorkerHost workers, IOptions<GpuInventoryOptions> options)
{
    // Memory and utilisation are two instruments read in one collection: they share one reading, and a CPU
    // share needs a wall-time interval long enough to mean something.
    static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

    readonly Lock _gate = new();
    readonly Dictionary<int, CpuSample> _previous = [];
    IReadOnlyList<SlotUsage> _last = [];
    long _lastAt;

    public IReadOnlyList<SlotUsage> Read(string silo)
    {
        lock (_gate)
        {
            if (_lastAt != 0 && Stopwatch.GetElapsedTime(_lastAt) < MinInterval) return _last;
            bool gpu = options.Value.Mode == GpuMode.Detect;
            _last = [.. Enumerable.Range(0, inventory.SlotCount).Select(slot => gpu ? ReadGpu(silo, slot) : ReadCpu(silo, slot))];
            _lastAt = Stopwatch.GetTimestamp();
            return _last;
        }
    }

    SlotUsage ReadGpu(string silo, int slot)
    {
        var device = Nvml.TryRead((uint)slot);
        double utilization = device is { UtilizationPercent: >= 0 } d ? d.UtilizationPercent / 100.0 : 0;
        return Usage(silo, slot, "gpu", device?.MemoryUsedBytes ?? 0, utilization);
    }

    SlotUsage ReadCpu(string silo, int slot)
    {
        if (workers.RunningOn(slot) is not { } run || !TrySample(run.Process, out var now))
        {
            _previous.Remove(slot);
            return Usage(silo, slot, "cpu", 0, 0);
        }
        // The first reading of a worker averages over its life so far; later ones cover the time since the last.
        var before = _previous.TryGetValue(slot, out var p) && p.ProcessId == now.ProcessId ? p : now with { CpuTime = TimeSpan.Zero, At = now.StartedAt };
        _previous[slot] = now;
        double wall = (now.At - before.At).TotalSeconds * Environment.ProcessorCount;
        double share = wall > 0 ? Math.Clamp((now.CpuTime - before.CpuTime).TotalSeconds / wall, 0, 1) : 0;
        return Usage(silo, slot, "cpu", now.ResidentBytes, share, run);
    }

    static bool TrySample(Process process, out CpuSample sample)
    {
        try
        {
            process.Refresh();
            sample = new CpuSample(process.Id, process.WorkingSet64, process.TotalProcessorTime, DateTime.UtcNow, process.StartTime.ToUniversalTime());
            return true;
        }
        catch (InvalidOperationException)
        {
            // The worker exited between the host's check and this reading: the slot is idle.
            sample = default!;
            return false;
        }
    }

    /// <summary>A reading with its labels, taken from <paramref name="worker"/> (or the slot's live worker) so both agree.</summary>
    SlotUsage Usage(string silo, int slot, string device, long memoryUsedBytes, double utilization, WorkerProcess? worker = null)
    {
        worker ??= workers.RunningOn(slot);
        var runs = worker?.Runs.Select(r => r.ExperimentKey).Order(StringComparer.Ordinal).ToArray() ?? [];
        var (sweep, arm) = runs.Length == 0 ? ("", "") : ExperimentKeys.Parse(runs[0]);
        KeyValuePair<string, object?>[] slotTags = [new("silo", silo), new("slot", slot.ToString(CultureInfo.InvariantCulture)), new("device", device)];
        return new SlotUsage(slotTags, [.. slotTags, new("sweep", sweep), new("arm", arm)], memoryUsedBytes, utilization, runs.Length);
    }

    sealed record CpuSample(int ProcessId, long ResidentBytes, TimeSpan CpuTime, DateTime At, DateTime StartedAt);
}
