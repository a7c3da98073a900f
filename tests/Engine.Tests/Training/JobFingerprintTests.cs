using YamlDotNet.RepresentationModel;
using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Engine.Tests.Config;
using ZImageSweep.Engine.Training.Checkpoints;

namespace ZImageSweep.Engine.Tests.Training;

[Trait(Tier.Name, Tier.Unit)]
public sealed class JobFingerprintTests
{
    static IReadOnlyDictionary<string, string> FingerprintWith(string path, YamlNode value)
    {
        var doc = JobYaml.Parse(JobYaml.UiTurbo);
        doc.Set(JobKeyPath.Parse(path), value);
        return JobFingerprint.Of(doc.Bind());
    }

    static IReadOnlyDictionary<string, string> Original => JobFingerprint.Of(JobYaml.Parse(JobYaml.UiTurbo).Bind());

    [Theory]
    [InlineData("train.lr", 2e-4, "train.lr: 0.0001 → 0.0002")]
    [InlineData("network.linear", 16, "network.linear: 32 → 16")]
    public void AChangedTrainingKey_IsTheOneDifferenceNamedWithBothValues(string path, double value, string expected)
    {
        var changed = FingerprintWith(path, YamlScalars.Number(value));

        Assert.Equal([expected], JobFingerprint.Differences(Original, changed));
    }

    [Fact]
    public void HoldingOutImagesForValidation_IsADifference()
    {
        var changed = FingerprintWith("validation", new YamlMappingNode { { "holdout", "1" } });

        Assert.Equal(["validation.holdout: 0 → 1", "validation.seed: (unset) → 42"], JobFingerprint.Differences(Original, changed));
    }

    [Fact]
    public void SwitchingTheOptimizer_IsADifference()
    {
        var changed = FingerprintWith("train.optimizer", YamlScalars.Text("adamw"));

        Assert.Equal(["train.optimizer: adamw8bit → adamw"], JobFingerprint.Differences(Original, changed));
    }

    [Theory]
    [InlineData("train.steps", 5000)]
    [InlineData("save.save_every", 100)]
    [InlineData("sample.sample_every", 100)]
    public void SafeChanges_AreNotDifferences(string path, int value) =>
        Assert.Empty(JobFingerprint.Differences(Original, FingerprintWith(path, YamlScalars.Number(value))));
}
