using System.Text.Json;
using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Training.Timesteps;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Training;

[Trait(Tier.Name, Tier.Unit)]
public sealed class TimestepSamplerTests
{
    public TimestepSamplerTests() => LibTorchLoader.EnsureLoaded();

    static double[] ReferenceTable(string key)
    {
        string path = Reference.ReferenceData.Find(Path.Combine("aitoolkit", "timestep_weights.json"));
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.GetProperty(key).EnumerateArray().Select(e => e.GetDouble()).ToArray();
    }

    [Fact]
    public void LegacyBellFormula_ReproducesTheTableThatRanInDecember2025()
    {
        double[] expected = ReferenceTable("legacy_weighted_actually_used_nov2025_to_apr2026_bell");
        var actual = TimestepWeighting.Table(WeightedTable.LegacyBell);
        Assert.Equal(expected.Length, actual.Count);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 5);
        Assert.Equal(0.0, actual[0], 9);          // w(0) = 0: pure noise got no weight
        Assert.Equal(1.58, actual[500], 2);       // the bell's peak
    }

    [Fact]
    public void CurrentTable_IsAiToolkitsTableWithItsDocumentedShape()
    {
        double[] expected = ReferenceTable("current_weighted_since_2026_04_13");
        var actual = TimestepWeighting.Table(WeightedTable.Current);
        Assert.Equal(expected, actual);
        Assert.Equal(0.906, actual[0], 3);
        Assert.Equal(124, actual.Select((w, i) => (w, i)).MaxBy(p => p.w).i);
        Assert.Equal(1.523, actual.Max(), 3);
        Assert.Equal(1.0, actual.Average(), 2);
    }

    [Fact]
    public void LinearAndWeightedSets_RunFromOneDownToOneThousandth()
    {
        double[] sigmas = new TimestepSampler(TimestepType.Linear, ContentOrStyle.Balanced).TimestepSet(new Generator(0));
        Assert.Equal(1.0, sigmas[0]);
        Assert.Equal(0.5, sigmas[500]);
        Assert.Equal(0.001, sigmas[999], 12);
    }

    [Fact]
    public void ShiftSet_AppliesShiftThree()
    {
        double[] sigmas = new TimestepSampler(TimestepType.Shift, ContentOrStyle.Balanced).TimestepSet(new Generator(0));
        Assert.Equal(1.0, sigmas[0], 12);
        Assert.Equal(0.75, sigmas[500], 12);          // 3·0.5 / (1 + 2·0.5)
        Assert.Equal(0.003 / 1.002, sigmas[999], 12); // 3·0.001 / (1 + 2·0.001)
    }

    [Fact]
    public void SigmoidSet_IsSortedDescendingInsideTheUnitInterval()
    {
        double[] sigmas = new TimestepSampler(TimestepType.Sigmoid, ContentOrStyle.Balanced).TimestepSet(new Generator(7));
        Assert.All(sigmas, s => Assert.InRange(s, 0.0, 1.0));
        Assert.True(sigmas.Zip(sigmas.Skip(1)).All(p => p.First >= p.Second));
        Assert.InRange(sigmas.Average(), 0.45, 0.55); // logit-normal(0, 1) is symmetric around 0.5
    }

    [Fact]
    public void Weighted_AttachesTheTableWeightOfEachDrawnIndex()
    {
        var draws = new TimestepSampler(TimestepType.Weighted, ContentOrStyle.Balanced, WeightedTable.LegacyBell).Sample(64, new Generator(3));
        var table = TimestepWeighting.Table(WeightedTable.LegacyBell);
        Assert.All(draws, d =>
        {
            Assert.InRange(d.Index, 0, 998);
            Assert.Equal(table[d.Index], d.Weight);
            Assert.Equal((1000 - d.Index) / 1000.0, d.Sigma);
            Assert.Equal(1 - d.Sigma, d.ModelTime);
        });
    }

    [Fact]
    public void ContentFavoursHighNoiseAndStyleLowNoise()
    {
        var content = new TimestepSampler(TimestepType.Linear, ContentOrStyle.Content).Sample(2000, new Generator(5));
        var style = new TimestepSampler(TimestepType.Linear, ContentOrStyle.Style).Sample(2000, new Generator(5));
        // E[u³] = 1/4: content indices average about 250 (σ ≈ 0.75), style about 750 (σ ≈ 0.25).
        Assert.InRange(content.Average(d => d.Index), 220, 280);
        Assert.InRange(style.Average(d => d.Index), 720, 780);
        Assert.Equal(1.0, content.Max(d => d.Weight)); // linear carries no weights
    }

    [Fact]
    public void SameGeneratorState_GivesTheSameDraws()
    {
        var sampler = new TimestepSampler(TimestepType.Sigmoid, ContentOrStyle.Balanced);
        var generator = new Generator(11);
        var state = generator.get_state();
        var first = sampler.Sample(8, generator);
        generator.set_state(state);
        Assert.Equal(first, sampler.Sample(8, generator));
    }
}
