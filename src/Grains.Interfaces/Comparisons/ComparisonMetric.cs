namespace ZImageSweep.Grains.Interfaces.Comparisons;

/// <summary>What arms are ranked by. Every metric is better when lower.</summary>
[GenerateSerializer, Alias("zsweep.ComparisonMetric")]
public enum ComparisonMetric
{
    /// <summary>The mean training loss over the arm's last 10 % of reported steps (the raw loss is too noisy to rank by).</summary>
    TrainingLoss,
    /// <summary>The held-out validation loss of the arm's latest checkpoint.</summary>
    ValidationLoss,
    TurboDrift,
    TriggerLeakage,
}
