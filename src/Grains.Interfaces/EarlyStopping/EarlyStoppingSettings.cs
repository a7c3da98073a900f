using ZImageSweep.Grains.Interfaces.Comparisons;

namespace ZImageSweep.Grains.Interfaces.EarlyStopping;

/// <summary>
/// A sweep's <c>early_stopping:</c> section as parsed. Every field has its default filled in; a rule reads only the
/// fields that apply to its <see cref="Method"/> (the parser rejects the others).
/// </summary>
/// <param name="PThreshold">paired: the Holm-adjusted p-value below which a worse arm stops, in (0, 1).</param>
/// <param name="MinCheckpoints">paired: checkpoints the arm must have reported before it can be stopped.</param>
/// <param name="ReductionFactor">asha: η, at least 2; rung r sits at <see cref="MinSteps"/>·ηʳ.</param>
/// <param name="MinSteps">asha: the step of rung 0 (null: the first checkpoint step); median: no stop before it.</param>
/// <param name="MinArms">median: how many other arms must have a value at the step before the rule applies.</param>
[GenerateSerializer, Immutable, Alias("zsweep.EarlyStoppingSettings")]
public sealed record EarlyStoppingSettings(
    [property: Id(0)] EarlyStoppingMethod Method,
    [property: Id(1)] ComparisonMetric Metric,
    [property: Id(2)] double PThreshold,
    [property: Id(3)] int MinCheckpoints,
    [property: Id(4)] int ReductionFactor,
    [property: Id(5)] long? MinSteps,
    [property: Id(6)] int MinArms)
{
    public const ComparisonMetric DefaultMetric = ComparisonMetric.ValidationLoss;
    /// <summary>Optuna's WilcoxonPruner uses 0.1 one-sided; 0.05 on the two-sided test the verdict also uses is stricter.</summary>
    public const double DefaultPThreshold = 0.05;
    public const int DefaultMinCheckpoints = 1;
    /// <summary>Optuna's SuccessiveHalvingPruner defaults to 4; 3 is the η of the ASHA paper (Li et al. 2020).</summary>
    public const int DefaultReductionFactor = 3;
    public const int DefaultMinArms = 3;
}
