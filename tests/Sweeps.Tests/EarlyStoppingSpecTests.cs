using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Interfaces.EarlyStopping;

namespace ZImageSweep.Sweeps.Tests;

[Trait(Tier.Name, Tier.Unit)]
public sealed class EarlyStoppingSpecTests
{
    const string Axis = "  - { key: train.lr, values: [1e-4, 2e-4] }";

    static SweepSpec Parse(string section) => SpecYaml.Parse(SpecYaml.With(Axis, section));

    static string Problem(string section) =>
        Assert.Single(Assert.Throws<SweepSpecException>(() => Parse(section)).Problems);

    [Fact]
    public void NoSection_StopsNothing_AndOlderDefinitionsReadTheSame()
    {
        var spec = Parse("");

        Assert.Null(spec.EarlyStopping);
        Assert.Null(SweepExpander.Expand(spec).EarlyStopping);
    }

    [Fact]
    public void Paired_FillsItsDefaults_AndTheDefinitionCarriesThem()
    {
        var spec = Parse("early_stopping: { method: paired }");

        var settings = spec.EarlyStopping!;
        Assert.Equal((EarlyStoppingMethod.Paired, ComparisonMetric.ValidationLoss, 0.05, 1), (settings.Method, settings.Metric, settings.PThreshold, settings.MinCheckpoints));
        Assert.Equal(settings, SweepExpander.Expand(spec).EarlyStopping);
    }

    [Fact]
    public void Asha_ReadsItsKeys()
    {
        var settings = Parse("early_stopping: { method: asha, metric: training-loss, reduction_factor: 4, min_steps: 100 }").EarlyStopping!;

        Assert.Equal((EarlyStoppingMethod.Asha, ComparisonMetric.TrainingLoss, 4, 100L), (settings.Method, settings.Metric, settings.ReductionFactor, settings.MinSteps));
    }

    [Fact]
    public void Median_DefaultsToThreeOtherArms_AndNoWarmUp()
    {
        var settings = Parse("early_stopping: { method: median, metric: turbo-drift }").EarlyStopping!;

        Assert.Equal((ComparisonMetric.TurboDrift, 3, (long?)null), (settings.Metric, settings.MinArms, settings.MinSteps));
    }

    [Theory]
    [InlineData("early_stopping: { metric: validation-loss }", "early_stopping.method", "is required")]
    [InlineData("early_stopping: { method: hyperband }", "early_stopping.method", "'hyperband' is not supported")]
    [InlineData("early_stopping: { method: paired, metric: accuracy }", "early_stopping.metric", "'accuracy' is not a metric")]
    [InlineData("early_stopping: { method: paired, metric: training-loss }", "early_stopping.metric", "no paired items")]
    [InlineData("early_stopping: { method: paired, p_threshold: 0 }", "early_stopping.p_threshold", "out of range")]
    [InlineData("early_stopping: { method: paired, p_threshold: 1 }", "early_stopping.p_threshold", "out of range")]
    [InlineData("early_stopping: { method: paired, min_checkpoints: -1 }", "early_stopping.min_checkpoints", "out of range")]
    [InlineData("early_stopping: { method: asha, reduction_factor: 1 }", "early_stopping.reduction_factor", "out of range")]
    [InlineData("early_stopping: { method: asha, min_steps: 0 }", "early_stopping.min_steps", "out of range")]
    [InlineData("early_stopping: { method: median, min_arms: -2 }", "early_stopping.min_arms", "out of range")]
    [InlineData("early_stopping: { method: median, min_steps: -1 }", "early_stopping.min_steps", "out of range")]
    [InlineData("early_stopping: { method: paired, reduction_factor: 3 }", "early_stopping.reduction_factor", "applies only to method asha, not paired")]
    [InlineData("early_stopping: { method: paired, min_steps: 10 }", "early_stopping.min_steps", "applies only to method asha or median")]
    [InlineData("early_stopping: { method: paired, patience: 3 }", "early_stopping.patience", "")]
    [InlineData("early_stopping: paired", "early_stopping", "expected a mapping")]
    public void BadInput_IsRejectedNamingTheKey(string section, string key, string reason)
    {
        string problem = Problem(section);

        Assert.Contains(key, problem);
        Assert.Contains(reason, problem);
    }
}
