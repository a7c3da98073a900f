namespace ZImageSweep.Statistics.Tests;

[Trait(Tier.Name, Tier.Unit)]
public sealed class HolmTests
{
    [Fact]
    public void Adjust_MatchesIndependentReference()
    {
        // paired_reference.py holm([0.01, 0.04, 0.03, 0.005]): [0.03, 0.06, 0.06, 0.02]. Sorted, the raw products are
        // 4·0.005, 3·0.01, 2·0.03, 1·0.04; the last is raised to 0.06 because an adjusted p never falls below its predecessor's.
        double[] adjusted = Holm.Adjust([0.01, 0.04, 0.03, 0.005]);

        Assert.Equal([0.03, 0.06, 0.06, 0.02], adjusted.Select(p => Math.Round(p, 12)));
    }

    [Fact]
    public void Adjust_CapsAtOne() => Assert.Equal([1.0, 1.0], Holm.Adjust([0.6, 0.9]));

    [Fact]
    public void SingleTest_IsUnchanged() => Assert.Equal([0.02], Holm.Adjust([0.02]));
}
