using ZImageSweep.Grains.Comparisons;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Grains.Tests.Comparisons;

[Trait(Tier.Name, Tier.Unit)]
public sealed class ArmRowLabelsTests
{
    static ArmDefinition Arm(string id, params (string Axis, string Label)[] values) =>
        new(id, string.Join(" ", values.Select(v => $"{v.Axis}={v.Label}")), [.. values.Select(v => new AxisAssignment(v.Axis, v.Axis, v.Label, v.Label))], "", 10);

    [Fact]
    public void Labels_NameOnlyTheAxesThatDiffer()
    {
        var definition = new SweepDefinition("s", 1,
            [Arm("a", ("adapter", "v1"), ("rank", "8"), ("lr", "1e-4")), Arm("b", ("adapter", "v2"), ("rank", "8"), ("lr", "5e-5"))]);

        var labels = ArmRowLabels.For(definition);

        Assert.Equal("adapter=v1 lr=1e-4", labels["a"]);
        Assert.Equal("adapter=v2 lr=5e-5", labels["b"]);
    }

    [Fact]
    public void ASingleArm_KeepsItsFullLabel() =>
        Assert.Equal("rank=4", ArmRowLabels.For(new SweepDefinition("s", 1, [Arm("a", ("rank", "4"))]))["a"]);

    [Fact]
    public void Replicates_AreLabelledBySeed_AndTheirConfigurationsWithoutIt()
    {
        static ArmDefinition Replicate(string id, string configuration, string rank, int seed) =>
            Arm(id, ("rank", rank), (ArmDefinition.SeedAxis, $"{seed}")) with { Configuration = configuration, Replicate = seed };
        var definition = new SweepDefinition("s", 1, [Replicate("a0", "a", "8", 0), Replicate("a1", "a", "8", 1), Replicate("b0", "b", "16", 0), Replicate("b1", "b", "16", 1)]);

        Assert.Equal(["rank=8 seed=0", "rank=8 seed=1", "rank=16 seed=0", "rank=16 seed=1"], ArmRowLabels.For(definition).Values);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "rank=8", ["b"] = "rank=16" }, ArmRowLabels.ForConfigurations(definition));
    }
}
