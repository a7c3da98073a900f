using System.Text.Json.Serialization;

namespace ZImageSweep.Grains.Interfaces.Comparisons;

/// <summary>
/// Arms <see cref="A"/> and <see cref="B"/> on their <see cref="N"/> shared items: the mean of the differences a − b
/// (negative favours A; every metric is better when lower) with its 95 % bootstrap interval, the Wilcoxon signed-rank
/// p-value before and after Holm's adjustment over the sweep's pairs, and the winner — an arm id, or null for "no
/// detectable difference at this n".
/// </summary>
/// <param name="EffectSize">The matched-pairs rank-biserial correlation of a − b, in [−1, 1]; negative favours A.</param>
/// <param name="NNeeded">Without a winner, a rough count of items that would detect the observed mean difference (null when there is none).</param>
[GenerateSerializer, Immutable, Alias("zsweep.VerdictPair")]
public sealed record VerdictPair(
    [property: Id(0), JsonPropertyName("a")] string A,
    [property: Id(1), JsonPropertyName("b")] string B,
    [property: Id(2), JsonPropertyName("n")] int N,
    [property: Id(3), JsonPropertyName("mean_diff")] double MeanDiff,
    [property: Id(4), JsonPropertyName("ci_low")] double CiLow,
    [property: Id(5), JsonPropertyName("ci_high")] double CiHigh,
    [property: Id(6), JsonPropertyName("p")] double P,
    [property: Id(7), JsonPropertyName("p_adjusted")] double PAdjusted,
    [property: Id(8), JsonPropertyName("winner")] string? Winner,
    [property: Id(9), JsonPropertyName("effect_size")] double EffectSize,
    [property: Id(10), JsonPropertyName("n_needed")] int? NNeeded);
