using YamlDotNet.RepresentationModel;
using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Contracts.Jobs.Keys;

namespace ZImageSweep.Engine.Tests.Config;

/// <summary>
/// <c>model.layer_offloading</c> and its percents as ai-toolkit reads them (toolkit/config_modules.py at
/// ostris/ai-toolkit 27a03a9: <c>layer_offloading</c> defaults to <c>auto_memory</c>, both percents to 1.0).
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class LayerOffloadingKeyTests
{
    static JobDocument Minimal(params (string Path, string Value)[] keys)
    {
        var doc = JobYaml.Parse(JobYaml.Minimal);
        foreach (var (path, value) in keys) doc.Set(JobKeyPath.Parse(path), Yaml(value));
        return doc;
    }

    static YamlNode Yaml(string flow) => YamlValues.ParseFlow(flow);

    [Fact]
    public void Off_ByDefault_EvenWithPercentsSet()
    {
        var model = Minimal(("model.layer_offloading_transformer_percent", "0.5")).Bind().Process.Model;

        Assert.Null(model.LayerOffloading);
    }

    [Fact]
    public void On_WithoutPercents_OffloadsEverything()
    {
        var model = Minimal(("model.layer_offloading", "true")).Bind().Process.Model;

        Assert.Equal(new LayerOffloadingConfig(1.0, 1.0), model.LayerOffloading);
    }

    [Fact]
    public void AutoMemory_IsTheOldName()
    {
        var model = Minimal(("model.auto_memory", "true"), ("model.layer_offloading_transformer_percent", "0.25")).Bind().Process.Model;

        Assert.Equal(new LayerOffloadingConfig(0.25, 1.0), model.LayerOffloading);
    }

    [Fact]
    public void LayerOffloadingFalse_WinsOverAutoMemory()
    {
        var model = Minimal(("model.auto_memory", "true"), ("model.layer_offloading", "false")).Bind().Process.Model;

        Assert.Null(model.LayerOffloading);
    }

    [Fact]
    public void Percents_AreRead()
    {
        var model = Minimal(("model.layer_offloading", "true"), ("model.layer_offloading_transformer_percent", "0.5"),
            ("model.layer_offloading_text_encoder_percent", "0")).Bind().Process.Model;

        Assert.Equal(new LayerOffloadingConfig(0.5, 0.0), model.LayerOffloading);
    }

    [Theory]
    [InlineData("layer_offloading_transformer_percent", "1.5", "1.5 is out of range")]
    [InlineData("layer_offloading_transformer_percent", "-0.1", "-0.1 is out of range")]
    [InlineData("layer_offloading_text_encoder_percent", "2", "2 is out of range")]
    [InlineData("layer_offloading_transformer_percent", "half", "expected a number")]
    [InlineData("layer_offloading_text_encoder_percent", "[0.5]", "expected a number")]
    [InlineData("layer_offloading", "sometimes", "expected true or false")]
    public void BadValue_IsAnErrorNamingTheKey(string key, string value, string problem)
    {
        var doc = Minimal(("model.layer_offloading", "true"), ($"model.{key}", value));

        var error = Assert.Single(Assert.Throws<JobConfigException>(doc.Bind).Errors);

        Assert.Equal($"{JobKeyPath.ProcessRoot}.model.{key}", error.Path);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Percent_OutOfRange_IsAnErrorEvenWhenOffloadingIsOff()
    {
        var doc = Minimal(("model.layer_offloading_transformer_percent", "3"));

        var error = Assert.Single(Assert.Throws<JobConfigException>(doc.Bind).Errors);

        Assert.Equal($"{JobKeyPath.ProcessRoot}.model.layer_offloading_transformer_percent", error.Path);
        Assert.Contains("≤ 1", error.Message);
    }
}
