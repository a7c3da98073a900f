namespace ZImageSweep.Statistics;

/// <summary>
/// A two-sided Wilcoxon signed-rank test of paired differences d = a − b.
/// </summary>
/// <param name="N">The nonzero differences, the ones ranked (zeros are dropped: scipy's zero_method="wilcox").</param>
/// <param name="RankSumPositive">R⁺, the sum of the ranks of |d| where d &gt; 0 (ties get their average rank).</param>
/// <param name="RankSumNegative">R⁻, likewise where d &lt; 0.</param>
/// <param name="P">The two-sided p-value; 1 when every difference is zero.</param>
/// <param name="Exact">Whether <see cref="P"/> comes from the exact null distribution (else the normal approximation).</param>
public sealed record WilcoxonResult(int N, double RankSumPositive, double RankSumNegative, double P, bool Exact)
{
    /// <summary>min(R⁺, R⁻), the statistic scipy.stats.wilcoxon reports for a two-sided test.</summary>
    public double Statistic => Math.Min(RankSumPositive, RankSumNegative);

    /// <summary>
    /// The matched-pairs rank-biserial correlation (Kerby 2014), r = (R⁺ − R⁻) / (R⁺ + R⁻), in [−1, 1]: the share of
    /// rank mass where a is higher minus the share where b is; +1 means a is higher on every nonzero pair, 0 means no
    /// tendency. 0 when there is nothing to rank.
    /// </summary>
    public double RankBiserial => N == 0 ? 0 : (RankSumPositive - RankSumNegative) / (RankSumPositive + RankSumNegative);
}
