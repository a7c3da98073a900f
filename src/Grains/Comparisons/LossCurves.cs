using System.Collections.Immutable;
using ZImageSweep.Grains.Interfaces.Comparisons;

namespace ZImageSweep.Grains.Comparisons;

/// <summary>Down-sampling of loss curves for plotting: bucket means keep the trend a plot shows and smooth the per-step noise.</summary>
public static class LossCurves
{
    /// <param name="points">Ascending by step.</param>
    /// <returns>
    /// The points themselves when there are at most <paramref name="maxPoints"/>; otherwise <paramref name="maxPoints"/>
    /// consecutive buckets of (nearly) equal size, each as its mean loss at its mean step (halves rounded up).
    /// </returns>
    public static ImmutableArray<LossPoint> Downsample(ImmutableArray<LossPoint> points, int maxPoints)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 1);
        if (points.Length <= maxPoints) return points;
        var buckets = ImmutableArray.CreateBuilder<LossPoint>(maxPoints);
        for (int b = 0; b < maxPoints; b++)
        {
            int start = (int)((long)b * points.Length / maxPoints), end = (int)((long)(b + 1) * points.Length / maxPoints);
            var bucket = points[start..end];
            buckets.Add(new LossPoint((long)Math.Round(bucket.Average(p => (double)p.Step), MidpointRounding.AwayFromZero), bucket.Average(p => p.Loss)));
        }
        return buckets.MoveToImmutable();
    }
}
