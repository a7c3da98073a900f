using System.Collections.Immutable;
using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Statistics;

namespace ZImageSweep.Grains.Verdicts;

/// <summary>
/// The verdict of every pair of arms on their shared items (README "Statistics"): a paired comparison per pair
/// (<see cref="PairedComparison"/>), Holm's adjustment over all pairs, and a winner by <see cref="VerdictRule"/>.
/// </summary>
public static class PairwiseVerdicts
{
    /// <param name="arms">At least two, in the order pairs are listed (A before B); configurations when the sweep trains replicates (<see cref="ReplicatePooling"/>).</param>
    /// <exception cref="VerdictRejectedException">Two arms share no item.</exception>
    public static SweepVerdict Compute(string sweep, ComparisonMetric metric, long step, IReadOnlyList<VerdictArmItems> arms)
    {
        var pairs = (from i in Enumerable.Range(0, arms.Count)
                     from j in Enumerable.Range(i + 1, arms.Count - i - 1)
                     select (A: arms[i], B: arms[j], Comparison: Compare(arms[i], arms[j], metric, step))).ToList();
        double[] adjusted = Holm.Adjust([.. pairs.Select(p => p.Comparison.Wilcoxon.P)]);
        return new SweepVerdict(sweep, MetricNames.Name(metric), step,
            [.. arms.Select(Summary)],
            [.. pairs.Select((p, k) => Pair(p.A, p.B, p.Comparison, adjusted[k]))],
            VerdictRule.Alpha);
    }

    static PairedComparison Compare(VerdictArmItems a, VerdictArmItems b, ComparisonMetric metric, long step)
    {
        string[] shared = [.. a.Items.Keys.Intersect(b.Items.Keys).Order(StringComparer.Ordinal)];
        if (shared.Length == 0)
            throw new VerdictRejectedException($"The arms {a.Label} and {b.Label} share no {MetricNames.Name(metric)} item at step {step}: they were validated on different images or prompts.");
        return PairedComparison.Of([.. shared.Select(k => a.Items[k])], [.. shared.Select(k => b.Items[k])]);
    }

    static VerdictArm Summary(VerdictArmItems arm)
    {
        var mean = ItemMean.Of(arm.Items);
        return new VerdictArm(arm.Id, arm.Label, mean.Mean, mean.N, arm.Replicates, mean.Interval.HalfWidth, arm.SeedSd);
    }

    static VerdictPair Pair(VerdictArmItems a, VerdictArmItems b, PairedComparison c, double adjustedP)
    {
        var verdict = VerdictRule.Decide(c, adjustedP);
        string? winner = verdict switch
        {
            Verdict.ABetter => a.Id,
            Verdict.BBetter => b.Id,
            _ => null,
        };
        return new VerdictPair(a.Id, b.Id, c.N, c.MeanDifference, c.Interval.Low, c.Interval.High, c.Wilcoxon.P, adjustedP, winner,
            c.Wilcoxon.RankBiserial, winner is null ? c.ItemsNeeded : null);
    }
}
