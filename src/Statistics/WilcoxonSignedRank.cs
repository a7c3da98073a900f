namespace ZImageSweep.Statistics;

/// <summary>
/// The two-sided Wilcoxon signed-rank test with scipy.stats.wilcoxon's defaults (zero_method="wilcox", no continuity
/// correction), so p-values can be checked against it:
/// <list type="bullet">
/// <item>zero differences are dropped before ranking (Wilcoxon's own rule; R's wilcox.test does the same);</item>
/// <item>up to <see cref="MaxExactN"/> nonzero differences, the p-value is exact: the null distribution of R⁺ over all
/// 2ⁿ sign assignments of the observed ranks, counted by dynamic programming over doubled ranks so tied (half-integer)
/// average ranks stay exact too — the conditional permutation distribution, which equals scipy's "exact" without ties;</item>
/// <item>above it, the normal approximation z = (T − n(n+1)/4) / σ with
/// σ² = n(n+1)(2n+1)/24 − Σ(t³ − t)/48 over groups of t tied |d|.</item>
/// </list>
/// </summary>
public static class WilcoxonSignedRank
{
    /// <summary>scipy's threshold for the exact distribution; beyond it the normal approximation is accurate to ~1e-3.</summary>
    public const int MaxExactN = 50;

    /// <param name="maxExactN">Up to this many nonzero differences the p-value is exact; tests lower it to reach the approximation.</param>
    public static WilcoxonResult Test(IReadOnlyList<double> differences, int maxExactN = MaxExactN)
    {
        double[] nonzero = [.. differences.Where(d => d != 0)];
        foreach (double d in nonzero)
            if (!double.IsFinite(d)) throw new ArgumentException($"differences must be finite numbers; one is {d}", nameof(differences));
        int n = nonzero.Length;
        if (n == 0) return new WilcoxonResult(0, 0, 0, P: 1, Exact: true);
        double[] ranks = AverageRanks(nonzero.Select(Math.Abs).ToArray());
        double plus = 0, minus = 0;
        for (int i = 0; i < n; i++)
        {
            if (nonzero[i] > 0) plus += ranks[i];
            else minus += ranks[i];
        }
        bool exact = n <= maxExactN;
        double p = exact ? ExactP(ranks, Math.Min(plus, minus)) : NormalP(n, Math.Min(plus, minus), TieGroupSizes(nonzero.Select(Math.Abs)));
        return new WilcoxonResult(n, plus, minus, p, exact);
    }

    /// <summary>Ranks 1..n of the values, ascending; a group of equal values gets the mean of the ranks it spans.</summary>
    public static double[] AverageRanks(IReadOnlyList<double> values)
    {
        int[] order = [.. Enumerable.Range(0, values.Count).OrderBy(i => values[i])];
        var ranks = new double[values.Count];
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]]) end++;
            double rank = (start + end) / 2.0 + 1; // mean of ranks start+1 .. end+1
            for (int k = start; k <= end; k++) ranks[order[k]] = rank;
            start = end + 1;
        }
        return ranks;
    }

    /// <summary>2·P(R⁺ ≤ t) under the null, capped at 1 (R⁺ is symmetric about its mean, so this is two-sided).</summary>
    static double ExactP(double[] ranks, double t)
    {
        // Average ranks are multiples of ½: doubled, every rank is an integer and the DP counts sums exactly.
        int[] doubled = [.. ranks.Select(r => (int)Math.Round(2 * r))];
        int total = doubled.Sum();
        var ways = new double[total + 1]; // ways[s]: sign assignments whose doubled R⁺ is s (doubles: 2⁵⁰ overflows long)
        ways[0] = 1;
        int reached = 0;
        foreach (int r in doubled)
        {
            for (int s = reached; s >= 0; s--)
                if (ways[s] != 0) ways[s + r] += ways[s];
            reached += r;
        }
        int limit = (int)Math.Round(2 * t);
        double atMost = 0;
        for (int s = 0; s <= limit; s++) atMost += ways[s];
        return Math.Min(1, 2 * atMost / Math.Pow(2, ranks.Length));
    }

    static double NormalP(int n, double t, IEnumerable<int> tieGroups)
    {
        double mean = n * (n + 1) / 4.0;
        double variance = n * (n + 1.0) * (2 * n + 1) / 24 - tieGroups.Sum(g => (double)g * g * g - g) / 48;
        return NormalDistribution.TwoSidedP((t - mean) / Math.Sqrt(variance));
    }

    static IEnumerable<int> TieGroupSizes(IEnumerable<double> values) => values.GroupBy(v => v).Select(g => g.Count()).Where(c => c > 1);
}
