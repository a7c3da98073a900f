using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using ZImageSweep.Grains.Interfaces.Trainers;

namespace ZImageSweep.Grains.Telemetry;

/// <summary>
/// The <c>ZImageSweep</c> meter and all its instruments. Training instruments are fed by the trainer grain with every
/// worker report on the silo that runs the worker, so each series has the low-cardinality labels sweep, arm and silo.
/// Last-value instruments (loss, learning rate, step) are observable gauges over the arms that run here now: an arm's
/// series ends when its worker does, instead of repeating its last value forever. Slot usage and the experiment census
/// are read when the exporter collects. Names follow OpenTelemetry conventions; the Prometheus exporter turns
/// <c>zimagesweep.train.step.duration</c> with unit <c>s</c> into <c>zimagesweep_train_step_duration_seconds</c>.
/// </summary>
public sealed class SweepMetrics : IDisposable
{
    public const string MeterName = "ZImageSweep";

    // Step times run from milliseconds (tiny CPU models) to minutes (full size on a small GPU); saves from a
    // fraction of a second to several minutes (a 6B model's optimizer state on a network volume).
    static readonly double[] StepSecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 60, 150, 300];
    static readonly double[] SaveSecondsBuckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    readonly Meter _meter;
    readonly string _silo;
    readonly ConcurrentDictionary<string, ArmSeries> _arms = new(StringComparer.Ordinal);
    readonly Counter<long> _steps;
    readonly Counter<long> _images;
    readonly Histogram<double> _stepDuration;
    readonly Histogram<double> _saveDuration;

    public SweepMetrics(IMeterFactory meters, ILocalSiloDetails silo, SlotUsageProbe slots, ExperimentCensus census)
    {
        _meter = meters.Create(MeterName);
        _silo = silo.Name;
        _meter.CreateObservableGauge("zimagesweep.train.loss", () => Observe(a => a.Loss),
            description: "Training loss of the arm's last optimizer step.");
        _meter.CreateObservableGauge("zimagesweep.train.learning_rate", () => Observe(a => a.LearningRate),
            description: "Learning rate of the arm's last optimizer step.");
        _meter.CreateObservableGauge("zimagesweep.train.step", () => Observe(a => a.Step),
            unit: "{step}", description: "The arm's last completed optimizer step (its checkpoint's step right after a resume).");
        _steps = _meter.CreateCounter<long>("zimagesweep.train.steps", "{step}",
            "Optimizer steps trained; steps trained again after a resume count again.");
        _images = _meter.CreateCounter<long>("zimagesweep.train.images", "{image}",
            "Training images processed (batch size x gradient accumulation per step); rate() is images per second.");
        _stepDuration = _meter.CreateHistogram("zimagesweep.train.step.duration", "s", "Wall time of one optimizer step.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = StepSecondsBuckets });
        _saveDuration = _meter.CreateHistogram("zimagesweep.checkpoint.save.duration", "s", "Time to write one complete checkpoint.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SaveSecondsBuckets });
        _meter.CreateObservableGauge("zimagesweep.slot.memory.used", () => slots.Read(_silo).Select(s => new Measurement<long>(s.MemoryUsedBytes, s.Tags)),
            unit: "By", description: "Memory in use on a training slot: the GPU's (NVML) or, on a CPU slot, the worker process's resident set.");
        _meter.CreateObservableGauge("zimagesweep.slot.utilization.ratio", () => slots.Read(_silo).Select(s => new Measurement<double>(s.Utilization, s.Tags)),
            unit: "1", description: "Busy share of a training slot, 0 to 1: GPU utilisation (NVML) or the worker's share of this machine's CPU time.");
        _meter.CreateObservableGauge("zimagesweep.slot.arms", () => slots.Read(_silo).Select(s => new Measurement<long>(s.Arms, s.SlotTags)),
            unit: "{arm}", description: "Arms the slot's worker process trains now, sharing its frozen base (0 while it is idle or none runs).");
        _meter.CreateObservableGauge("zimagesweep.experiments", () => census.CountByState(),
            unit: "{experiment}", description: "Experiments by sweep and state, reported for the whole cluster by one silo (the oldest active one).");
        _meter.CreateObservableGauge("zimagesweep.slot.leases", () => census.SlotArms(),
            unit: "{experiment}", description: "Experiments leased each GPU slot (above 1: arms packed on one base), for the whole cluster, by the census's silo.");
        _meter.CreateObservableGauge("zimagesweep.arm.info", () => census.ArmInfo(),
            description: "Always 1; labels an arm id with its readable axis values (label), for joins in dashboards.");
    }

    /// <summary>Records one report of the worker that trains <paramref name="assignment"/> on this silo.</summary>
    public void Record(TrainerAssignment assignment, WorkerReport report)
    {
        var arm = _arms.GetOrAdd(assignment.ExperimentKey, _ => ArmSeries.For(assignment, _silo));
        switch (report.Kind)
        {
            case WorkerReportKind.Started:
                arm.Started(report.Step);
                break;
            case WorkerReportKind.Step:
                arm.Stepped(report.Step, report.Loss, report.Lr);
                _steps.Add(1, arm.Tags);
                _images.Add(arm.ImagesPerStep, arm.Tags);
                if (report.StepSeconds is { } stepSeconds) _stepDuration.Record(stepSeconds, arm.Tags);
                break;
            case WorkerReportKind.Checkpoint when report.SaveSeconds is { } saveSeconds:
                _saveDuration.Record(saveSeconds, arm.Tags);
                break;
        }
    }

    /// <summary>The arm's worker is gone from this silo: its last-value series end.</summary>
    public void Forget(string experimentKey) => _arms.TryRemove(experimentKey, out _);

    IEnumerable<Measurement<double>> Observe(Func<ArmSeries, double?> value)
    {
        foreach (var arm in _arms.Values)
            if (value(arm) is { } v) yield return new Measurement<double>(v, arm.Tags);
    }

    public void Dispose() => _meter.Dispose();
}
