namespace ZImageSweep.Bench.Harness;

/// <summary>Summary of the timed iterations of one row, in milliseconds.</summary>
public sealed record TimingStats(double Median, double P10, double P90, double Min, double Max, double Mean, IReadOnlyList<double> Samples)
{
    public static TimingStats From(IReadOnlyList<double> samples)
    {
        if (samples.Count == 0) throw new ArgumentException("no timed iterations", nameof(samples));
        double[] sorted = [.. samples.Order()];
        return new TimingStats(Percentile(sorted, 50), Percentile(sorted, 10), Percentile(sorted, 90),
            sorted[0], sorted[^1], samples.Average(), samples.ToArray());
    }

    /// <summary>Linear interpolation between closest ranks (NumPy's default), on ascending data.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percent)
    {
        if (sorted.Count == 0) throw new ArgumentException("empty sample", nameof(sorted));
        double rank = percent / 100.0 * (sorted.Count - 1);
        int lower = (int)Math.Floor(rank), upper = (int)Math.Ceiling(rank);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (rank - lower);
    }
}
