using ZImageSweep.Contracts.Jobs;

namespace ZImageSweep.Grains.Interfaces.EarlyStopping;

/// <summary>The rule that stops a losing arm before its last step (README "Early stopping").</summary>
[GenerateSerializer, Alias("zsweep.EarlyStoppingMethod")]
public enum EarlyStoppingMethod
{
    /// <summary>Worse than the best arm at the same checkpoint, item by item, with a Holm-adjusted Wilcoxon p below the threshold.</summary>
    [ConfigName("paired")] Paired,
    /// <summary>Asynchronous successive halving: at each rung only the top 1/η of the arms that reached it go on.</summary>
    [ConfigName("asha")] Asha,
    /// <summary>The median stopping rule: worse than the median of the other arms at the same checkpoint.</summary>
    [ConfigName("median")] Median,
}
