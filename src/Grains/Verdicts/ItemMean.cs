using ZImageSweep.Statistics;

namespace ZImageSweep.Grains.Verdicts;

/// <summary>
/// One arm's mean over its items with the 95 % bootstrap interval of that mean: items in key order and the fixed
/// <see cref="PairedComparison.BootstrapSeed"/>, so the verdict table and the grid labels show the same interval.
/// </summary>
public sealed record ItemMean(double Mean, int N, ConfidenceInterval Interval)
{
    /// <exception cref="ArgumentException">No items.</exception>
    public static ItemMean Of(IReadOnlyDictionary<string, double> items)
    {
        double[] values = [.. items.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value)];
        return new ItemMean(values.Average(), values.Length, BootstrapInterval.OfMean(values, PairedComparison.BootstrapSeed));
    }
}
