namespace ZImageSweep.Statistics;

/// <summary>
/// Holm's step-down adjustment (Holm 1979) of m p-values for the family-wise error rate: sorted ascending,
/// p̃₍ᵢ₎ = max over j ≤ i of min(1, (m − j + 1)·p₍ⱼ₎). Uniformly more powerful than Bonferroni, valid under any dependence
/// between the tests — the pairs of a sweep share arms, so their tests are dependent.
/// </summary>
public static class Holm
{
    /// <returns>The adjusted p-values in the order of <paramref name="pValues"/>.</returns>
    public static double[] Adjust(IReadOnlyList<double> pValues)
    {
        int m = pValues.Count;
        int[] order = [.. Enumerable.Range(0, m).OrderBy(i => pValues[i])];
        var adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++)
        {
            running = Math.Max(running, Math.Min(1, (m - rank) * pValues[order[rank]]));
            adjusted[order[rank]] = running;
        }
        return adjusted;
    }
}
