using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Sweeps.Search;

namespace ZImageSweep.Sweeps.Tests.Search;

[Trait(Tier.Name, Tier.Unit)]
public sealed class TpeSpecTests
{
    const string Tpe = "method: tpe\ncount: 6\nseed: 3";
    const string RankAndLr = """
          - { name: rank, key: network.linear, range: { from: 4, to: 64, scale: log } }
          - { name: lr, key: train.lr, range: { from: 1e-5, to: 1e-3, scale: log } }
          - { name: adapter, key: model.assistant_lora_path, values: [/adapters/v1.safetensors, /adapters/v2.safetensors], labels: [v1, v2] }
        """;

    static SweepSpecException Reject(string yaml) =>
        Assert.Throws<SweepSpecException>(() => SweepExpander.Expand(SpecYaml.Parse(yaml)));

    [Fact]
    public void RangesWithoutCount_AreContinuous_IntegerEndsStayIntegers_ObjectiveDefaultsToValidationLoss()
    {
        var spec = SpecYaml.Parse(SpecYaml.With(RankAndLr, Tpe));

        Assert.Equal(SweepMethod.Tpe, spec.Method);
        Assert.Equal(ComparisonMetric.ValidationLoss, spec.Objective);
        Assert.Equal(new NumericRange(4, 64, RangeScale.Log, Integral: true, Count: null), spec.Dimensions[0].Axes[0].Range);
        Assert.Equal(new NumericRange(1e-5, 1e-3, RangeScale.Log, Integral: false, Count: null), spec.Dimensions[1].Axes[0].Range);
        Assert.Empty(spec.Dimensions[0].Axes[0].Values);
    }

    [Fact]
    public void Expanding_StartsWithNoArms_AndCarriesTheSpecWithItsBaseJobInline()
    {
        var definition = SweepExpander.Expand(SpecYaml.Parse(SpecYaml.With(RankAndLr, Tpe + "\nobjective: training-loss")));

        Assert.Empty(definition.Arms);
        var search = TpeSearch.Read(definition.Search!, definition.Name);
        Assert.Equal(6, search.Count);
        Assert.Equal(ComparisonMetric.TrainingLoss, search.Objective);
        Assert.Contains("Tongyi-MAI/Z-Image-Turbo", definition.Search);
    }

    [Theory]
    [InlineData("method: tpe", "  - { key: network.linear, values: [4, 8] }", "count: is required with method tpe")]
    [InlineData(Tpe, "  - { name: rank, key: network.linear }", "axis 'rank' (axes[0].values): is required (or give a range)")]
    [InlineData(Tpe + "\nobjective: accuracy", "  - { key: network.linear, values: [4, 8, 16, 32, 64, 128] }", "objective: 'accuracy' is not a metric; use one of training-loss, validation-loss")]
    [InlineData("objective: training-loss", "  - { key: network.linear, values: [4, 8] }", "objective: applies only to method tpe")]
    [InlineData("", "  - { name: lr, key: train.lr, range: { from: 1e-5, to: 1e-3 } }", "axis 'lr' (axes[0].range.count): is required")]
    [InlineData(Tpe, "  - { name: lr, key: train.lr, range: { from: 1e-3, to: 1e-5, scale: log } }", "axis 'lr' (axes[0].range.to): must be above from")]
    [InlineData(Tpe, "  - zip:\n      - { name: lr, key: train.lr, range: { from: 1e-5, to: 1e-3 } }\n      - { key: network.linear, values: [4, 8] }", "axis 'lr' is a range without count")]
    [InlineData(Tpe, "  - { key: network.linear, values: [4, 8] }\n  - { key: train.lr, range: { from: 1e-5, to: 1e-3, count: 2 } }", "count: 6 arms asked for, but the axes have only 4 combinations")]
    [InlineData(Tpe, "  - { name: lr, key: train.lr, range: { from: 0, to: 1e-3 } }", "axis 'lr' (axes[0], config.process[0].train.lr) value '0'")]
    public void BadTpeSpecs_AreRefusedBeforeAnythingStarts_NamingTheKeyOrAxis(string extra, string axes, string expected)
    {
        var e = Reject(SpecYaml.With(axes, extra));

        Assert.Contains(e.Problems, p => p.Contains(expected, StringComparison.Ordinal));
    }
}
