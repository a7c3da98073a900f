using System.Collections.Immutable;
using ZImageSweep.Grains.Comparisons;
using ZImageSweep.Grains.Interfaces.Comparisons;

namespace ZImageSweep.Grains.Tests.Comparisons;

[Trait(Tier.Name, Tier.Unit)]
public sealed class LossCurvesTests
{
    static ImmutableArray<LossPoint> Curve(int n) => [.. Enumerable.Range(1, n).Select(i => new LossPoint(i, i * 10))];

    [Fact]
    public void Downsample_KeepsACurveThatFits()
    {
        var curve = Curve(4);
        Assert.Equal(curve, LossCurves.Downsample(curve, 4));
    }

    [Fact]
    public void Downsample_UnevenBuckets_CoverEveryPointOnce()
    {
        var three = LossCurves.Downsample(Curve(7), 3); // buckets of 2, 2, 3 points

        Assert.Equal([new(2, 15), new(4, 35), new(6, 60)], three);
    }

    [Fact]
    public void Downsample_RefusesFewerThanOnePoint() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LossCurves.Downsample(Curve(3), 0));
}
