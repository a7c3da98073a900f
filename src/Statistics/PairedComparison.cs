namespace ZImageSweep.Statistics;

/// <summary>
/// Two arms scored on the same items (item i of <c>a</c> and of <c>b</c> saw identical inputs), before any
/// adjustment for the other pairs of the sweep. Differences are a − b, so a negative mean favours a (lower is better).
/// </summary>
/// <param name="Interval">The percentile bootstrap 95 % interval of the mean difference (<see cref="BootstrapInterval"/>).</param>
/// <param name="ItemsNeeded">The rough item count that would detect the observed effect (<see cref="SampleSize"/>); null with no effect.</param>
public sealed record PairedComparison(int N, double MeanA, double MeanB, double MeanDifference, ConfidenceInterval Interval, WilcoxonResult Wilcoxon, int? ItemsNeeded)
{
    /// <summary>Fixed, so the same items always give the same interval: a verdict can be recomputed later and agree.</summary>
    public const ulong BootstrapSeed = 20_161_207;

    /// <exception cref="ArgumentException">The lists differ in length or are empty.</exception>
    public static PairedComparison Of(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count) throw new ArgumentException($"paired values need one value of each arm per item; a has {a.Count}, b has {b.Count}", nameof(b));
        if (a.Count == 0) throw new ArgumentException("a paired comparison needs at least one shared item", nameof(a));
        double[] differences = [.. a.Zip(b, (x, y) => x - y)];
        return new PairedComparison(a.Count, a.Average(), b.Average(), differences.Average(),
            BootstrapInterval.OfMean(differences, BootstrapSeed), WilcoxonSignedRank.Test(differences), SampleSize.ForObservedEffect(differences));
    }
}
