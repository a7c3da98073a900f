using ZImageSweep.Statistics.Tpe;

namespace ZImageSweep.Statistics.Tests.Tpe;

[Trait(Tier.Name, Tier.Unit)]
public sealed class TpeSamplerTests
{
    static readonly SearchParameter[] Space = [new NumericParameter(1e-6, 1e-2, log: true, integer: false), new CategoricalParameter(5)];

    [Theory]
    // Python: min(math.ceil(0.1 * n), 25), Optuna's default_gamma.
    [InlineData(1, 1)]
    [InlineData(10, 1)]
    [InlineData(11, 2)]
    [InlineData(30, 3)]
    [InlineData(251, 25)]
    public void Gamma_IsOptunasDefault(int n, int expected) => Assert.Equal(expected, TpeSampler.Gamma(n));

    [Fact]
    public void Weights_AreFlatBelow25_ThenRampTheOldest()
    {
        Assert.Equal([1.0, 1.0, 1.0], TpeSampler.Weights(3));
        // numpy.linspace(1/27, 1, 2) = [0.037037…, 1], then 25 ones.
        var weights = TpeSampler.Weights(27);
        Assert.Equal(27, weights.Length);
        Assert.Equal(1.0 / 27, weights[0], 1e-15);
        Assert.All(weights[1..], w => Assert.Equal(1.0, w));
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(4, 2)]
    [InlineData(20, 7)]
    [InlineData(30, 10)]
    [InlineData(200, 10)]
    public void StartupTrials_AreAThirdOfTheBudget_BetweenTwoAndOptunas10(int count, int expected) =>
        Assert.Equal(expected, TpeSampler.StartupTrials(count));

    [Fact]
    public void Split_TakesTheBestGammaInTrialOrder_TiesToTheEarlier()
    {
        var history = new[] { 5.0, 1.0, 3.0, 1.0, 9.0, 2.0, 7.0, 8.0, 6.0, 4.0, 0.5 }.Select((v, i) => new TpeObservation([i], v)).ToArray();

        var (below, above) = TpeSampler.Split(history);

        // Gamma(11) = 2: the values 0.5 (trial 10) and the first 1.0 (trial 1), listed by trial.
        Assert.Equal([1.0, 10.0], below.Select(o => o.Point[0]));
        Assert.Equal(9, above.Count);
    }

    [Fact]
    public void SameHistoryAndSeed_GiveTheSameProposal_AnotherSeedAnother()
    {
        var history = SyntheticObjective.RandomHistory(Space, 12, seed: 1);
        var sampler = new TpeSampler(Space, startupTrials: 10);

        var first = sampler.Propose(history, new SplitMix64(42));
        var again = sampler.Propose(history, new SplitMix64(42));
        var other = sampler.Propose(history, new SplitMix64(43));

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void BeforeTheStartupTrials_ProposalsAreUniformDraws()
    {
        var history = SyntheticObjective.RandomHistory(Space, 3, seed: 1);
        var random = new SplitMix64(5);
        double[] uniform = [.. Space.Select(p => p.DrawUniform(random))];

        Assert.Equal(uniform, new TpeSampler(Space, startupTrials: 4).Propose(history, new SplitMix64(5)));
    }

    [Fact]
    public void Tpe_FindsLowerValuesThanRandomSearch_OnAverageOver30Seeds()
    {
        const int budget = 30, seeds = 30;
        var tpe = new TpeSampler(Space, TpeSampler.StartupTrials(budget));

        double tpeMean = Enumerable.Range(0, seeds).Average(seed => SyntheticObjective.BestFound(Space, budget, seed, tpe.Propose));
        double randomMean = Enumerable.Range(0, seeds).Average(seed => SyntheticObjective.BestFound(Space, budget, seed,
            (_, random) => [.. Space.Select(p => p.DrawUniform(random))]));

        TestContext.Current.TestOutputHelper!.WriteLine($"mean best found over {seeds} seeds, {budget} trials each: TPE {tpeMean:F4}, random {randomMean:F4}");
        Assert.True(tpeMean < randomMean, $"TPE {tpeMean} is not below random search {randomMean}");
    }
}
