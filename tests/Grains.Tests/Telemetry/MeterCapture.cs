using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ZImageSweep.Grains.Telemetry;

namespace ZImageSweep.Grains.Tests.Telemetry;

/// <summary>
/// Listens to every <see cref="SweepMetrics.MeterName"/> meter in this process (one per in-process silo) the way an
/// exporter does, and keeps each measurement with its instrument, meter and labels.
/// </summary>
internal sealed class MeterCapture : IDisposable
{
    readonly MeterListener _listener = new();
    readonly ConcurrentQueue<CapturedMeasurement> _measurements = new();

    public MeterCapture()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SweepMetrics.MeterName) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Add(i, value, tags));
        _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Add(i, value, tags));
        _listener.Start();
    }

    /// <summary>Everything recorded so far.</summary>
    public IReadOnlyList<CapturedMeasurement> Recorded => [.. _measurements];

    /// <summary>Reads the observable instruments once and returns what they reported.</summary>
    public IReadOnlyList<CapturedMeasurement> Observe()
    {
        _measurements.Clear();
        _listener.RecordObservableInstruments();
        return [.. _measurements];
    }

    void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, tag) in tags) labels[key] = tag?.ToString() ?? "";
        _measurements.Enqueue(new CapturedMeasurement(instrument.Name, instrument.Meter, value, labels));
    }

    public void Dispose() => _listener.Dispose();
}

internal sealed record CapturedMeasurement(string Instrument, Meter Meter, double Value, IReadOnlyDictionary<string, string> Labels)
{
    public string Label(string key) => Labels.GetValueOrDefault(key, "");
}
