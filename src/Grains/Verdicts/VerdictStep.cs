using ZImageSweep.Grains.Comparisons;
using ZImageSweep.Grains.Interfaces.Comparisons;

namespace ZImageSweep.Grains.Verdicts;

/// <summary>
/// Which arms a verdict compares and at which checkpoint: the arms that reported the metric with an items file at
/// some step, at the requested step or else the latest step all of them reported. An arm that stopped early holds the
/// step back for everyone: comparing arms at different steps would compare training lengths, not configurations.
/// </summary>
public static class VerdictStep
{
    /// <param name="arms">Every arm of the sweep in definition order: id, label and history (null before its first report).</param>
    /// <returns>The step and, for each compared arm, its validation point there.</returns>
    /// <exception cref="VerdictRejectedException">Training loss (no items), fewer than two arms with items, or no shared step.</exception>
    public static (long Step, IReadOnlyList<(string Id, string Label, ValidationPoint Point)> Arms) Choose(
        ComparisonMetric metric, long? step, IReadOnlyList<(string Id, string Label, ArmHistory? History)> arms)
    {
        string name = MetricNames.Name(metric);
        if (metric == ComparisonMetric.TrainingLoss)
            throw new VerdictRejectedException($"The metric {name} has no paired items: every arm trains on its own random batches. Use validation-loss, turbo-drift or trigger-leakage.");
        var withItems = arms
            .Select(a => (a.Id, a.Label, Points: (a.History?.ValidationCurve() ?? []).Where(p => p.ItemsPath is not null && ArmRanking.Signal(p, metric) is not null).ToDictionary(p => p.Step)))
            .Where(a => a.Points.Count > 0)
            .ToList();
        if (withItems.Count < 2)
            throw new VerdictRejectedException($"A verdict on {name} needs two arms with per-item validation values; {(withItems.Count == 0 ? "no arm has" : $"only {withItems[0].Label} has")} any yet.");
        var shared = withItems.Skip(1).Aggregate((IEnumerable<long>)withItems[0].Points.Keys, (s, a) => s.Intersect(a.Points.Keys)).ToList();
        long chosen;
        if (step is { } asked)
        {
            var missing = withItems.Where(a => !a.Points.ContainsKey(asked)).Select(a => a.Label).ToList();
            if (missing.Count > 0)
                throw new VerdictRejectedException($"Not every arm has {name} items at step {asked}: {string.Join(", ", missing)} lack it. Steps all arms share: {Steps(shared)}.");
            chosen = asked;
        }
        else if (shared.Count == 0)
            throw new VerdictRejectedException($"The arms {string.Join(", ", withItems.Select(a => a.Label))} share no checkpoint step with {name} items.");
        else chosen = shared.Max();
        return (chosen, [.. withItems.Select(a => (a.Id, a.Label, a.Points[chosen]))]);
    }

    static string Steps(IEnumerable<long> steps) => steps.Any() ? string.Join(", ", steps.Order()) : "none";
}
