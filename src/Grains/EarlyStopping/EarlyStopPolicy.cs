using ZImageSweep.Grains.Comparisons;
using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Interfaces.EarlyStopping;
using ZImageSweep.Grains.Verdicts;

namespace ZImageSweep.Grains.EarlyStopping;

/// <summary>
/// Applies a sweep's early-stopping rule when an arm reports a checkpoint's value: gathers every arm's values (and for
/// the paired rule the items, from the workers' files) and asks the rule which arms to stop. The paired and median
/// rules judge every arm at that step, because arms reach a step in any order and the one that arrives first must be
/// judged once the others arrive; asha judges only the arm that reported, at the rungs it just crossed.
/// </summary>
public static class EarlyStopPolicy
{
    /// <param name="arms">Every arm of the sweep in definition order: id, label and history (null before its first report).</param>
    /// <param name="stopped">
    /// Arms stopped before, with their decisions: never judged again, and competitors only up to their decision step —
    /// what they report after it was trained while their worker was stopping, and must not set the bar for the others.
    /// </param>
    /// <exception cref="InvalidDataException">An items file exists but is not one.</exception>
    public static IReadOnlyList<ArmStop> Evaluate(EarlyStoppingSettings settings, IReadOnlyList<(string Id, string Label, ArmHistory? History)> arms,
        string reportingArm, long step, IReadOnlyDictionary<string, EarlyStopDecision> stopped)
    {
        var series = arms.Where(a => a.History is not null)
            .ToDictionary(a => a.Id, a => UpToDecision(StoppingSeries.Of(a.History!, settings.Metric), stopped.GetValueOrDefault(a.Id)));
        if (!series.TryGetValue(reportingArm, out var own) || !own.ContainsKey(step)) return [];
        var atStep = series.Where(s => s.Value.ContainsKey(step)).ToDictionary(s => s.Key, s => s.Value[step]);
        var candidates = atStep.Keys.Where(id => !stopped.ContainsKey(id)).ToHashSet();
        switch (settings.Method)
        {
            case EarlyStoppingMethod.Paired:
                candidates.RemoveWhere(id => series[id].Keys.Count(s => s <= step) < settings.MinCheckpoints);
                return PairedStopRule.Decide(settings.Metric, step, ItemsAt(arms, atStep.Keys, step, settings.Metric), candidates, settings.PThreshold);
            case EarlyStoppingMethod.Median:
                return MedianStopRule.Decide(settings.Metric, step, atStep, candidates, settings.MinArms, settings.MinSteps ?? 0);
            default:
                if (!candidates.Contains(reportingArm)) return [];
                long minSteps = settings.MinSteps ?? series.Values.Where(s => s.Count > 0).Min(s => s.Keys.Min());
                return AshaStopRule.Decide(settings.Metric, reportingArm, step,
                    series, minSteps, settings.ReductionFactor) is { } stop ? [stop] : [];
        }
    }

    static IReadOnlyDictionary<long, double> UpToDecision(IReadOnlyDictionary<long, double> series, EarlyStopDecision? decision) =>
        decision is null ? series : series.Where(p => p.Key <= decision.Step).ToDictionary(p => p.Key, p => p.Value);

    /// <summary>The items of each arm at the step; an arm whose file is gone (or that wrote none) takes no part.</summary>
    static List<VerdictArmItems> ItemsAt(IReadOnlyList<(string Id, string Label, ArmHistory? History)> arms, IEnumerable<string> ids, long step, ComparisonMetric metric)
    {
        var present = ids.ToHashSet();
        return [.. arms.Where(a => present.Contains(a.Id))
            .Select(a => (a.Id, a.Label, Items: ValidationItemFiles.TryRead(a.History!.Validation[step]) is { } items ? ValidationItemFiles.Of(items, metric) : null))
            .Where(a => a.Items is { Count: > 0 })
            .Select(a => new VerdictArmItems(a.Id, a.Label, a.Items!))];
    }
}
