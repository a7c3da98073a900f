using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Interfaces.EarlyStopping;

namespace ZImageSweep.Grains.EarlyStopping;

/// <summary>
/// Asynchronous successive halving (Li et al. 2020, "A System for Massively Parallel Hyperparameter Tuning"): rung r
/// sits at step minSteps·ηʳ and an arm is judged there at its first checkpoint at or after that step. It goes on only
/// if it is within the top ⌊n/η⌋ of the n arms that have reached the rung so far (itself included); while n &lt; η it
/// must be the best so far. Decisions are taken when the arm reports and never revisited, as in the paper.
/// </summary>
/// <remarks>
/// Mirrors Optuna's SuccessiveHalvingPruner (optuna/pruners/_successive_halving.py at
/// 1d8ce7bb6f3c7274a7a31a0a007991995085baa7): promotable index ⌊n/η⌋ − 1, taken as 0 below η arms, and a checkpoint
/// that passes several rungs is judged at each in turn.
/// </remarks>
public static class AshaStopRule
{
    /// <summary>The step of rung <paramref name="rung"/>.</summary>
    public static long RungStep(long minSteps, int reductionFactor, int rung)
    {
        long step = minSteps;
        for (int r = 0; r < rung; r++) step = checked(step * reductionFactor);
        return step;
    }

    /// <param name="series">Every arm's value at each of its checkpoints (step → value).</param>
    /// <param name="armId">The arm that just reported <paramref name="step"/>.</param>
    /// <returns>The stop, or null when the arm goes on (or crossed no rung at this checkpoint).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minSteps"/> &lt; 1 or <paramref name="reductionFactor"/> &lt; 2: the rungs would not advance.</exception>
    public static ArmStop? Decide(ComparisonMetric metric, string armId, long step,
        IReadOnlyDictionary<string, IReadOnlyDictionary<long, double>> series, long minSteps, int reductionFactor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minSteps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(reductionFactor, 2);
        var own = series[armId];
        long previous = own.Keys.Where(s => s < step).DefaultIfEmpty(long.MinValue).Max();
        double value = own[step];
        for (int rung = 0; RungStep(minSteps, reductionFactor, rung) <= step; rung++)
        {
            long rungStep = RungStep(minSteps, reductionFactor, rung);
            if (rungStep <= previous) continue; // judged at an earlier checkpoint
            double[] competing = [.. series.Values.Select(s => ValueAtRung(s, rungStep)).OfType<double>().Order()];
            int promotable = Math.Max(0, competing.Length / reductionFactor - 1);
            if (value > competing[promotable])
            {
                int rank = 1 + competing.Count(v => v < value);
                return new ArmStop(armId, new EarlyStopDecision(EarlyStoppingMethod.Asha, metric, step, value, competing[promotable],
                    Rung: rung, Rank: rank, Of: competing.Length));
            }
        }
        return null;
    }

    /// <summary>The arm's value at its first checkpoint at or after the rung's step; null before it gets there.</summary>
    static double? ValueAtRung(IReadOnlyDictionary<long, double> points, long rungStep) =>
        points.Where(p => p.Key >= rungStep).OrderBy(p => p.Key).Select(p => (double?)p.Value).FirstOrDefault();
}
