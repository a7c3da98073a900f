using System.Globalization;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Grains.Interfaces.Trainers;

namespace ZImageSweep.Grains.Telemetry;

/// <summary>
/// Experiments by state for the whole cluster, from the grains' durable state rather than from what happens to be
/// activated: counting activations per silo would lose finished and paused arms as soon as their idle grains are
/// collected. So exactly one silo reports — the first active one in membership order (lowest silo address) — and it
/// asks the sweep registry and every sweep that is not finished yet for their arms (finished sweeps never change
/// again and are asked once). The census is taken in the background when the exporter collects and is at most
/// <see cref="MaxAge"/> old; nothing is asked while nobody collects (the CLI's embedded silo). When membership views
/// differ for a moment two silos may both report; dashboards aggregate with <c>max</c>, not <c>sum</c>.
/// </summary>
public sealed class ExperimentCensus(
    IGrainFactory grains,
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    ILogger<ExperimentCensus> logger)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    readonly ConcurrentDictionary<string, SweepSnapshot> _finished = new(StringComparer.Ordinal);
    volatile IReadOnlyList<SweepSnapshot> _sweeps = [];
    long _takenAt;
    int _taking;

    /// <summary>One measurement per sweep and state (zeros included, so every state has a series), labels sweep and state.</summary>
    public IEnumerable<Measurement<long>> CountByState() =>
        from sweep in Current()
        from state in Enum.GetValues<ExperimentStatus>()
        select new Measurement<long>(sweep.Arms.Count(a => a.Status == state), new("sweep", sweep.Name), new("state", state.ToString()));

    /// <summary>1 per arm, labels sweep, arm (id) and label (its axis values).</summary>
    public IEnumerable<Measurement<long>> ArmInfo() =>
        from sweep in Current()
        from arm in sweep.Arms
        select new Measurement<long>(1, new("sweep", sweep.Name), new("arm", arm.ArmId), new("label", arm.Label));

    /// <summary>Experiments holding each leased slot (more than 1: a pack of one base, issue 18), labels silo and slot (its index); free slots are absent.</summary>
    public IEnumerable<Measurement<long>> SlotArms() =>
        from arm in Current().SelectMany(s => s.Arms)
        where arm.Slot is not null && arm.Status is ExperimentStatus.Queued or ExperimentStatus.Running
        group arm by GpuSlots.Parse(arm.Slot!) into slot
        select new Measurement<long>(slot.Count(), new("silo", slot.Key.SiloName), new("slot", slot.Key.GpuIndex.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The latest census when this silo is the reporter (starting a new one if it is old), else nothing.</summary>
    IReadOnlyList<SweepSnapshot> Current()
    {
        if (!IsReporter()) return [];
        bool stale = Interlocked.Read(ref _takenAt) is var at && (at == 0 || Stopwatch.GetElapsedTime(at) >= MaxAge);
        if (stale && Interlocked.CompareExchange(ref _taking, 1, 0) == 0) _ = Task.Run(TakeAsync);
        return _sweeps;
    }

    bool IsReporter() =>
        membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).Order().FirstOrDefault()
            is { } first && first.Equals(silo.SiloAddress);

    async Task TakeAsync()
    {
        try
        {
            var names = await grains.GetGrain<ISweepRegistryGrain>(ISweepRegistryGrain.Singleton).List();
            var sweeps = await Task.WhenAll(names.Select(SnapshotAsync));
            _sweeps = sweeps;
            Interlocked.Exchange(ref _takenAt, Stopwatch.GetTimestamp());
        }
        catch (Exception e)
        {
            // Metrics only: the previous census stays until the next collection tries again.
            TelemetryLog.CensusFailed(logger, e);
        }
        finally
        {
            Volatile.Write(ref _taking, 0);
        }
    }

    async Task<SweepSnapshot> SnapshotAsync(string name)
    {
        if (_finished.TryGetValue(name, out var done)) return done;
        var snapshot = await grains.GetGrain<ISweepGrain>(name).GetSnapshot();
        if (snapshot.IsFinished) _finished[name] = snapshot;
        return snapshot;
    }
}
