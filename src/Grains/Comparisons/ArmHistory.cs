using System.Collections.Immutable;
using ZImageSweep.Grains.Interfaces.Comparisons;

namespace ZImageSweep.Grains.Comparisons;

/// <summary>
/// What one arm reported, keyed by step. A resumed run trains the steps after its checkpoint again, so a later report
/// of a step replaces the earlier one instead of adding a second point.
/// </summary>
[GenerateSerializer, Alias("zsweep.ArmHistory")]
public sealed class ArmHistory
{
    [Id(0)] public Dictionary<long, double> Loss { get; set; } = [];
    [Id(1)] public Dictionary<long, ImmutableArray<SampleRef>> Samples { get; set; } = [];
    [Id(2)] public Dictionary<long, ValidationPoint> Validation { get; set; } = [];
    /// <summary>The highest step the arm reported: a sample step below it that has no samples was passed without sampling.</summary>
    [Id(3)] public long FurthestStep { get; set; }
    /// <summary>The steps the arm saved a checkpoint at: where early stopping judges its training loss.</summary>
    [Id(4)] public List<long> Checkpoints { get; set; } = [];

    public void RecordLoss(long step, double loss)
    {
        Loss[step] = loss;
        Reached(step);
    }

    public void RecordSamples(long step, ImmutableArray<SampleRef> samples)
    {
        Samples[step] = samples;
        Reached(step);
    }

    public void RecordValidation(ValidationPoint point) => Validation[point.Step] = point;

    public void RecordCheckpoint(long step)
    {
        if (!Checkpoints.Contains(step)) Checkpoints.Add(step);
    }

    public bool HasSampled(long step) => Samples.ContainsKey(step);

    public ImmutableArray<LossPoint> LossCurve() => [.. Loss.OrderBy(p => p.Key).Select(p => new LossPoint(p.Key, p.Value))];

    public ImmutableArray<ValidationPoint> ValidationCurve() => [.. Validation.Values.OrderBy(v => v.Step)];

    void Reached(long step) => FurthestStep = Math.Max(FurthestStep, step);
}
