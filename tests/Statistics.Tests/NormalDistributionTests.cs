namespace ZImageSweep.Statistics.Tests;

[Trait(Tier.Name, Tier.Unit)]
public sealed class NormalDistributionTests
{
    [Theory]
    // Python's math.erfc (C library erfc), printed with repr.
    [InlineData(0.0, 1.0)]
    [InlineData(0.5, 0.4795001221869535)]
    [InlineData(1.0, 0.15729920705028513)]
    [InlineData(1.99, 0.004888586800383003)]
    [InlineData(2.0, 0.004677734981047265)]
    [InlineData(2.9, 4.109787809945886e-05)]
    [InlineData(3.0, 2.2090496998585438e-05)]
    [InlineData(5.0, 1.5374597944280351e-12)]
    public void Erfc_MatchesCLibrary(double x, double expected) =>
        Assert.Equal(expected, NormalDistribution.Erfc(x), expected * 1e-12);

    [Fact]
    public void TwoSidedP_At1_96_IsFivePercent() => Assert.Equal(0.05, NormalDistribution.TwoSidedP(NormalDistribution.Z975), 1e-12);
}
