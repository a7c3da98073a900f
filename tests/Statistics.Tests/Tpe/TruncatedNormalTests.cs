using ZImageSweep.Statistics.Tpe;

namespace ZImageSweep.Statistics.Tests.Tpe;

[Trait(Tier.Name, Tier.Unit)]
public sealed class TruncatedNormalTests
{
    [Theory]
    // Python: math.log(0.5 * math.erfc(-b / math.sqrt(2)) - 0.5 * math.erfc(-a / math.sqrt(2))), rewritten with upper
    // tails for the far one: math.log(0.5 * math.erfc(30 / √2) − 0.5 * math.erfc(31 / √2)).
    [InlineData(0.0, 1.0, -1.0748623268620714)]
    [InlineData(30.0, 31.0, -454.32124395634315)]
    [InlineData(-31.0, -30.0, -454.32124395634315)]
    public void LogMass_MatchesPython_AtTheMeanAndFarInTheTails(double a, double b, double expected) =>
        Assert.Equal(expected, TruncatedNormal.LogMass(a, b), Math.Abs(expected) * 1e-12);

    [Fact]
    public void ABoundAtMinusZero_IsTheMean() => Assert.Equal(TruncatedNormal.LogMass(0.0, 1.0), TruncatedNormal.LogMass(-0.0, 1.0));

    [Fact]
    public void Samples_StayInsideTheInterval()
    {
        var random = new SplitMix64(9);

        var samples = Enumerable.Range(0, 1000).Select(_ => TruncatedNormal.Sample(mu: 0, sigma: 2, low: 0, high: 1, random)).ToArray();

        Assert.All(samples, x => Assert.InRange(x, 0, 1));
    }
}
