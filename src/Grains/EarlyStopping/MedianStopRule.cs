using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Interfaces.EarlyStopping;

namespace ZImageSweep.Grains.EarlyStopping;

/// <summary>
/// The median stopping rule (Golovin et al. 2017, "Google Vizier"): an arm whose value at a step is worse (higher) than
/// the median of the other arms' values at the same step is stopped, once at least <c>minArms</c> other arms have a
/// value there and the step is past the warm-up.
/// </summary>
/// <remarks>
/// Optuna's MedianPruner (optuna/pruners/_median.py, _percentile.py at 1d8ce7bb6f3c7274a7a31a0a007991995085baa7)
/// compares the trial's best value so far with the median of completed trials, after 5 startup trials and no warm-up
/// steps; here the arm's value at the step is compared with every other arm that reached it, running or not, so
/// concurrent arms judge each other, and min_arms (3) plays the part of the startup trials.
/// </remarks>
public static class MedianStopRule
{
    /// <param name="values">Each arm's value at <paramref name="step"/>.</param>
    /// <param name="candidates">The arms that may be stopped.</param>
    public static IReadOnlyList<ArmStop> Decide(ComparisonMetric metric, long step, IReadOnlyDictionary<string, double> values,
        IReadOnlySet<string> candidates, int minArms, long minSteps)
    {
        if (step < minSteps) return [];
        var stops = new List<ArmStop>();
        foreach (var (armId, value) in values.Where(v => candidates.Contains(v.Key)))
        {
            double[] others = [.. values.Where(v => v.Key != armId).Select(v => v.Value)];
            if (others.Length == 0 || others.Length < minArms) continue;
            double median = Median(others);
            if (value > median)
                stops.Add(new ArmStop(armId, new EarlyStopDecision(EarlyStoppingMethod.Median, metric, step, value, median, Of: others.Length)));
        }
        return stops;
    }

    /// <summary>The middle value, or the mean of the two middle values of an even count (numpy's 50th percentile).</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        double[] sorted = [.. values.Order()];
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
