using ZImageSweep.Contracts.Jobs;

namespace ZImageSweep.Sweeps.Tests;

[Trait(Tier.Name, Tier.Unit)]
public sealed class SweepExpanderTests
{
    static Grains.Interfaces.Sweeps.SweepDefinition Expand(string yaml) => SweepExpander.Expand(SpecYaml.Parse(yaml));

    static SweepSpecException Reject(string yaml) => Assert.Throws<SweepSpecException>(() => Expand(yaml));

    [Fact]
    public void Grid_GivesEveryCombinationWithReadableLabels()
    {
        var sweep = Expand(SpecYaml.TwoByTwo);

        Assert.Equal(["adapter=v1 rank=8", "adapter=v1 rank=16", "adapter=v2 rank=8", "adapter=v2 rank=16"], sweep.Arms.Select(a => a.Label));
        Assert.Equal(4, sweep.Arms.Select(a => a.Id).Distinct().Count());
        Assert.All(sweep.Arms, a => Assert.Equal(40, a.TotalSteps));
    }

    [Fact]
    public void ArmJobs_CarryTheirAssignedValues()
    {
        var arm = Expand(SpecYaml.TwoByTwo).Arms[3];

        var job = JobDocument.Parse(arm.JobYaml, "arm.yaml").Bind();

        Assert.Equal("/adapters/v2.safetensors", job.Process.Model.AssistantLoraPath);
        Assert.Equal(16, job.Process.Network.Linear);
        Assert.Equal(1e-4, job.Process.Train.Lr);
    }

    [Fact]
    public void ArmIds_AreStableAcrossExpansionsAndAxisOrder()
    {
        var first = Expand(SpecYaml.TwoByTwo);
        var reordered = Expand(SpecYaml.With("""
              - { name: rank, key: network.linear, values: [16, 8] }
              - { name: adapter, key: model.assistant_lora_path, values: [/adapters/v2.safetensors, /adapters/v1.safetensors] }
            """));

        Assert.Equal(first.Arms.Select(a => a.Id).Order(), reordered.Arms.Select(a => a.Id).Order());
        Assert.Equal(first.Arms[0].Id, Expand(SpecYaml.TwoByTwo).Arms[0].Id);
    }

    [Fact]
    public void Random_DrawsDistinctArmsReproduciblyFromTheSeed()
    {
        string spec = SpecYaml.With("""
              - { name: lr, key: train.lr, range: { from: 1e-5, to: 1e-3, count: 9, scale: log } }
              - { name: rank, key: network.linear, values: [4, 8, 16, 32] }
            """, "method: random\ncount: 5\nseed: 7");

        var a = Expand(spec);
        var b = Expand(spec);
        var other = Expand(spec.Replace("seed: 7", "seed: 8"));

        Assert.Equal(5, a.Arms.Select(x => x.Id).Distinct().Count());
        Assert.Equal(a.Arms.Select(x => x.Id), b.Arms.Select(x => x.Id));
        Assert.NotEqual(a.Arms.Select(x => x.Id), other.Arms.Select(x => x.Id));
    }

    [Fact]
    public void RandomCountAboveTheGridSize_IsRejected() =>
        Assert.Contains("only 2 combinations", Assert.Single(Reject(SpecYaml.With("  - { key: network.linear, values: [4, 8] }", "method: random\ncount: 3")).Problems));

    [Fact]
    public void ValueTheJobSchemaRejects_RefusesTheSweepNamingTheAxisAndValue()
    {
        var problem = Assert.Single(Reject(SpecYaml.With("  - { name: lr, key: train.lr, values: [1e-4, 0] }")).Problems);

        Assert.Contains("axis 'lr'", problem);
        Assert.Contains("value '0'", problem);
        Assert.Contains("config.process[0].train.lr", problem);
    }

    [Theory]
    [InlineData("train.learning_rate")]
    [InlineData("trian.lr")]
    public void UnknownKeyPath_RefusesTheSweepNamingTheAxis(string key)
    {
        var problem = Assert.Single(Reject(SpecYaml.With($"  - {{ name: lr, key: {key}, values: [1e-4] }}")).Problems);

        Assert.Contains("axis 'lr'", problem);
        Assert.Contains("unknown key", problem);
    }

    [Fact]
    public void BaseJobThatDoesNotValidate_IsRejected()
    {
        var problem = Assert.Single(Reject(SpecYaml.TwoByTwo.Replace("steps: 40", "steps: 0")).Problems);

        Assert.Contains("base job", problem);
        Assert.Contains("train.steps", problem);
    }

    [Fact]
    public void TooLargeGrid_IsRejected() =>
        Assert.Contains("limit", Assert.Single(Reject(SpecYaml.With("""
              - { key: train.lr, range: { from: 1e-5, to: 1e-3, count: 100, scale: log } }
              - { key: network.linear, range: { from: 1, to: 100, count: 100 } }
            """)).Problems));

    [Theory]
    [InlineData(7.0710678e-5, "7.1e-5")]
    [InlineData(1e-4, "1e-4")]
    [InlineData(0.05, "0.05")]
    [InlineData(3.0, "3")]
    [InlineData(0.123456, "0.12")]
    [InlineData(9.96e-5, "1e-4")]
    public void NumberLabels_HaveTwoSignificantDigits(double value, string label) => Assert.Equal(label, ArmLabels.Number(value));
}
