namespace ZImageSweep.Statistics.Tests;

[Trait(Tier.Name, Tier.Unit)]
public sealed class BootstrapIntervalTests
{
    [Fact]
    public void Interval_MatchesIndependentReference()
    {
        var interval = BootstrapInterval.OfMean(ReferenceVectors.Bootstrap, seed: 42);

        // paired_reference.py bootstrap_interval(BOOTSTRAP, 42): 2,000 SplitMix64 resamples, linear percentile quantiles.
        Assert.Equal(0.006781458333333379, interval.Low, 1e-12);
        Assert.Equal(0.22569812499999978, interval.High, 1e-12);
    }

    [Fact]
    public void Interval_ContainsTheMeanAndIsReproducible()
    {
        double mean = ReferenceVectors.Bootstrap.Average();

        var first = BootstrapInterval.OfMean(ReferenceVectors.Bootstrap, seed: 7);
        var again = BootstrapInterval.OfMean(ReferenceVectors.Bootstrap, seed: 7);

        Assert.True(first.Contains(mean));
        Assert.Equal(first, again);
    }

    [Fact]
    public void ConstantValues_GiveAZeroWidthInterval()
    {
        var interval = BootstrapInterval.OfMean([0.25, 0.25, 0.25], seed: 1);

        Assert.Equal(new ConfidenceInterval(0.25, 0.25), interval);
        Assert.Equal(0, interval.HalfWidth);
    }

    [Fact]
    public void NoValues_AreRejected() => Assert.Throws<ArgumentException>(() => BootstrapInterval.OfMean([], seed: 1));
}
