using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Grains.Interfaces.Comparisons;

namespace ZImageSweep.Grains.Interfaces.EarlyStopping;

/// <summary>
/// Why an arm was stopped: the rule, the checkpoint step it judged, the arm's value of the metric there, and the
/// statistic behind the decision — the compared-to arm and adjusted p (paired), the rung and the arm's rank among the
/// arms that reached it (asha), or the other arms' median (median).
/// </summary>
/// <param name="Reference">The value the arm lost to: the best arm's mean (paired), the rung's cut-off (asha), the median (median).</param>
/// <param name="ComparedTo">paired: the best arm's label.</param>
/// <param name="PAdjusted">paired: the Holm-adjusted two-sided Wilcoxon p-value of the arm against the best.</param>
/// <param name="Rung">asha: the rung index.</param>
/// <param name="Rank">asha: the arm's rank at the rung (1 = best).</param>
/// <param name="Of">asha: the arms that reached the rung; median: the other arms at the step.</param>
[GenerateSerializer, Immutable, Alias("zsweep.EarlyStopDecision")]
public sealed record EarlyStopDecision(
    [property: Id(0)] EarlyStoppingMethod Method,
    [property: Id(1)] ComparisonMetric Metric,
    [property: Id(2)] long Step,
    [property: Id(3)] double Value,
    [property: Id(4)] double Reference,
    [property: Id(5)] string? ComparedTo = null,
    [property: Id(6)] double? PAdjusted = null,
    [property: Id(7)] int? Rung = null,
    [property: Id(8)] int? Rank = null,
    [property: Id(9)] int? Of = null)
{
    /// <summary>One line for the arm's reason (CLI, web page, logs).</summary>
    public string Describe()
    {
        string metric = MetricNames.Name(Metric);
        string rule = Method switch
        {
            EarlyStoppingMethod.Paired => $"worse than {ComparedTo} ({Reference:G4}) with Holm-adjusted p = {PAdjusted:G3}",
            EarlyStoppingMethod.Asha => $"rank {Rank} of {Of} at rung {Rung}, outside the top (cut-off {Reference:G4})",
            _ => $"worse than the median {Reference:G4} of {Of} other arms",
        };
        return $"stopped early at step {Step} ({ConfigEnum.Name(Method)}): {metric} {Value:G4} {rule}";
    }
}
