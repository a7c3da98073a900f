using ZImageSweep.Engine.Pipelines;

namespace ZImageSweep.Engine.Tests.Pipelines;

[Trait(Tier.Name, Tier.Unit)]
public sealed class LoraSpecTests
{
    [Theory]
    [InlineData("style.safetensors", "style.safetensors", 0.75)]
    [InlineData("style.safetensors:0.5", "style.safetensors", 0.5)]
    [InlineData("style.safetensors:-1", "style.safetensors", -1.0)]
    [InlineData("/data/a:b/style.safetensors", "/data/a:b/style.safetensors", 0.75)] // a colon that is not a weight stays in the path
    [InlineData("ostris/zimage_turbo_training_adapter/zimage_turbo_training_adapter_v2.safetensors:1e-1",
        "ostris/zimage_turbo_training_adapter/zimage_turbo_training_adapter_v2.safetensors", 0.1)]
    public void Parse_SplitsAnOptionalWeightOffTheEnd(string text, string path, double weight)
    {
        LoraSpec spec = LoraSpec.Parse(text, defaultWeight: 0.75);
        Assert.Equal(path, spec.NameOrPath);
        Assert.Equal(weight, spec.Weight, 12);
    }

    [Theory]
    [InlineData(":0.5")]
    [InlineData("")]
    [InlineData("style.safetensors:NaN")]
    public void Parse_RejectsAMissingPathOrANonFiniteWeight(string text) =>
        Assert.Throws<FormatException>(() => LoraSpec.Parse(text));
}
