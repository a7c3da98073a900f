namespace ZImageSweep.Statistics.Tests;

[Trait(Tier.Name, Tier.Unit)]
public sealed class SampleSizeTests
{
    [Fact]
    public void ItemsNeeded_FollowsTheNormalApproximation()
    {
        // mean 0.1, sd 0.2 (sample sd of [-0.1, 0.1, 0.3]): ((1.959964 + 0.841621) · 2)² / (3/π) = 31.396… / 0.95493 → 33.
        Assert.Equal(33, SampleSize.ForObservedEffect([-0.1, 0.1, 0.3]));
    }

    [Fact]
    public void NoEffect_GivesNoEstimate()
    {
        Assert.Null(SampleSize.ForObservedEffect([0.0, 0.0, 0.0]));
        Assert.Null(SampleSize.ForObservedEffect([-0.1, 0.1]));
    }
}
