using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Interfaces.EarlyStopping;
using ZImageSweep.Grains.Verdicts;
using ZImageSweep.Statistics;

namespace ZImageSweep.Grains.EarlyStopping;

/// <summary>
/// The paired rule: at one checkpoint step, every arm is compared item by item with the best arm there (lowest mean),
/// by the two-sided Wilcoxon signed-rank test the verdict uses; the p-values of those comparisons are Holm-adjusted
/// together, and an arm whose adjusted p is below the threshold and whose mean is higher than the best's is stopped.
/// </summary>
/// <remarks>
/// The paired form of Optuna's WilcoxonPruner (optuna/pruners/_wilcoxon.py at 1d8ce7bb6f3c7274a7a31a0a007991995085baa7),
/// which tests a trial against the best trial on the instances both evaluated and needs at least two of them. It
/// tests one-sided at p &lt; 0.1 and guards against pruning a trial whose mean is not worse; here the test is two-sided
/// (the same p the verdict reports, so <c>zsweep compare --verdict</c> agrees with the stop), Holm-adjusted over the
/// arms compared at the step, and the mean guard is kept.
/// </remarks>
public static class PairedStopRule
{
    /// <summary>Optuna's WilcoxonPruner never prunes on fewer paired instances.</summary>
    public const int MinSharedItems = 2;

    /// <param name="arms">Every arm with items of the metric at <paramref name="step"/>.</param>
    /// <param name="candidates">The arms that may be stopped (not stopped before, enough checkpoints); the others still count as the best and in the adjustment.</param>
    public static IReadOnlyList<ArmStop> Decide(ComparisonMetric metric, long step, IReadOnlyList<VerdictArmItems> arms, IReadOnlySet<string> candidates, double pThreshold)
    {
        if (arms.Count < 2) return [];
        var best = arms.MinBy(a => a.Items.Values.Average())!;
        var compared = arms.Where(a => a != best)
            .Select(a => (Arm: a, Shared: a.Items.Keys.Intersect(best.Items.Keys).Order(StringComparer.Ordinal).ToArray()))
            .Where(x => x.Shared.Length >= MinSharedItems)
            .Select(x => (x.Arm, Comparison: PairedComparison.Of([.. x.Shared.Select(k => x.Arm.Items[k])], [.. x.Shared.Select(k => best.Items[k])])))
            .ToList();
        double[] adjusted = Holm.Adjust([.. compared.Select(c => c.Comparison.Wilcoxon.P)]);
        return [.. compared
            .Select((c, k) => (c.Arm, c.Comparison, P: adjusted[k]))
            .Where(c => candidates.Contains(c.Arm.Id) && c.P < pThreshold && c.Comparison.MeanDifference > 0)
            .Select(c => new ArmStop(c.Arm.Id, new EarlyStopDecision(EarlyStoppingMethod.Paired, metric, step,
                c.Comparison.MeanA, c.Comparison.MeanB, ComparedTo: best.Label, PAdjusted: c.P)))];
    }
}
