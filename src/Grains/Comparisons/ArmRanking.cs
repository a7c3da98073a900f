using ZImageSweep.Grains.Interfaces.Comparisons;

namespace ZImageSweep.Grains.Comparisons;

/// <summary>An arm's value of a <see cref="ComparisonMetric"/>; every metric is better when lower.</summary>
public static class ArmRanking
{
    /// <summary>The share of an arm's last reported steps whose mean is its training loss: one step's loss is mostly noise.</summary>
    public const double TrainingLossTail = 0.10;

    /// <returns>The value and the step it describes, or null where the arm has none (no steps yet, signal not computed).</returns>
    public static (double Value, long Step)? Score(ArmHistory arm, ComparisonMetric metric)
    {
        if (metric == ComparisonMetric.TrainingLoss)
        {
            var curve = arm.LossCurve();
            return curve.IsEmpty ? null : (TailMean(curve), curve[^1].Step);
        }
        // The latest checkpoint that has this signal: earlier checkpoints describe a LoRA the arm moved on from.
        return arm.ValidationCurve().Reverse().Select(v => (Point: v, Value: Signal(v, metric))).FirstOrDefault(v => v.Value is not null) is { Value: { } value } latest
            ? (value, latest.Point.Step)
            : null;
    }

    /// <summary>The mean loss over the last <see cref="TrainingLossTail"/> of <paramref name="curve"/> (ascending steps, not empty).</summary>
    public static double TailMean(IReadOnlyList<LossPoint> curve)
    {
        int tail = Math.Max(1, (int)Math.Ceiling(curve.Count * TrainingLossTail));
        return curve.Skip(curve.Count - tail).Average(p => p.Loss);
    }

    /// <summary>The checkpoint's value of a validation metric (null where not computed).</summary>
    public static double? Signal(ValidationPoint point, ComparisonMetric metric) => metric switch
    {
        ComparisonMetric.ValidationLoss => point.ValidationLoss,
        ComparisonMetric.TurboDrift => point.TurboDrift,
        ComparisonMetric.TriggerLeakage => point.TriggerLeakage,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "not a validation signal"),
    };
}
