namespace ZImageSweep.Statistics;

/// <summary>
/// The percentile bootstrap interval of a mean (Efron and Tibshirani 1993, §13.3): draw <see cref="Resamples"/>
/// samples of the values with replacement (indices from <see cref="SplitMix64"/> seeded with the given seed), take
/// each resample's mean, and read the (1 − level)/2 and (1 + level)/2 quantiles of the sorted means with linear
/// interpolation between order statistics (numpy's default "linear" method: position q·(B − 1)).
/// Chosen over a t-interval because per-item differences of losses are skewed and heavy-tailed, and the bootstrap
/// makes no normality assumption; with a fixed seed it is as reproducible as a formula.
/// </summary>
public static class BootstrapInterval
{
    public const int Resamples = 2000;
    public const double Level = 0.95;

    /// <exception cref="ArgumentException">No values.</exception>
    public static ConfidenceInterval OfMean(IReadOnlyList<double> values, ulong seed, int resamples = Resamples, double level = Level)
    {
        if (values.Count == 0) throw new ArgumentException("a bootstrap interval needs at least one value", nameof(values));
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 2);
        var random = new SplitMix64(seed);
        var means = new double[resamples];
        for (int b = 0; b < resamples; b++)
        {
            double sum = 0;
            for (int i = 0; i < values.Count; i++) sum += values[random.NextIndex(values.Count)];
            means[b] = sum / values.Count;
        }
        Array.Sort(means);
        return new ConfidenceInterval(Quantile(means, (1 - level) / 2), Quantile(means, (1 + level) / 2));
    }

    /// <param name="sorted">Ascending.</param>
    static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
