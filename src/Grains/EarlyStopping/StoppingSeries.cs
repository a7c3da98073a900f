using ZImageSweep.Grains.Comparisons;
using ZImageSweep.Grains.Interfaces.Comparisons;

namespace ZImageSweep.Grains.EarlyStopping;

/// <summary>
/// An arm's value of a metric at each checkpoint it reported, as the rules judge it: a validation signal at each
/// validated checkpoint, or the training loss (<see cref="ArmRanking.TailMean"/> of the steps up to it) at each saved
/// checkpoint. Step 0 (validated before training) is left out: every arm is the base model there.
/// </summary>
public static class StoppingSeries
{
    public static IReadOnlyDictionary<long, double> Of(ArmHistory arm, ComparisonMetric metric)
    {
        if (metric != ComparisonMetric.TrainingLoss)
            return arm.Validation.Values
                .Where(p => p.Step > 0 && ArmRanking.Signal(p, metric) is not null)
                .ToDictionary(p => p.Step, p => ArmRanking.Signal(p, metric)!.Value);
        var curve = arm.LossCurve();
        return arm.Checkpoints
            .Select(step => (Step: step, UpTo: curve.TakeWhile(p => p.Step <= step).ToArray()))
            .Where(c => c.Step > 0 && c.UpTo.Length > 0)
            .ToDictionary(c => c.Step, c => ArmRanking.TailMean(c.UpTo));
    }
}
