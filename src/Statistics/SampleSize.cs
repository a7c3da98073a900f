namespace ZImageSweep.Statistics;

/// <summary>
/// A rough number of paired items that would detect the observed mean difference: the normal-approximation sample
/// size of a two-sided paired test at α = 0.05 with 80 % power, n = ((z₀.₉₇₅ + z₀.₈) · s_d / |d̄|)², divided by 3/π,
/// the Wilcoxon test's asymptotic relative efficiency to the t-test under normality. It takes the observed effect as
/// the true one and ignores the Holm adjustment, so it is an order of magnitude, not a plan.
/// </summary>
public static class SampleSize
{
    /// <returns>null when there is no effect to detect (every difference equal, or a zero mean difference).</returns>
    public static int? ForObservedEffect(IReadOnlyList<double> differences)
    {
        if (differences.Count < 2) return null;
        double mean = differences.Average();
        double sd = Math.Sqrt(differences.Sum(d => (d - mean) * (d - mean)) / (differences.Count - 1));
        if (mean == 0 || sd == 0) return null;
        double n = Math.Pow((NormalDistribution.Z975 + NormalDistribution.Z80) * sd / Math.Abs(mean), 2) / (3 / Math.PI);
        return n >= int.MaxValue ? int.MaxValue : Math.Max(2, (int)Math.Ceiling(n));
    }
}
