using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Sweeps.Tests;

/// <summary><c>replicates: N</c>: every configuration trained N times, replicate r with training_seed base + r.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class ReplicatesTests
{
    static readonly string RankByThree = SpecYaml.With("  - { name: rank, key: network.linear, values: [8, 16] }", "replicates: 3");

    static SweepDefinition Expand(string yaml) => SweepExpander.Expand(SpecYaml.Parse(yaml));

    static long? Seed(ArmDefinition arm) => JobDocument.Parse(arm.JobYaml, "arm.yaml").Bind().Process.TrainingSeed;

    [Fact]
    public void EveryConfiguration_IsTrainedNTimes_WithSeedsCountingUpFromTheBaseJobs()
    {
        var sweep = Expand(RankByThree);

        Assert.Equal(["rank=8 seed=0", "rank=8 seed=1", "rank=8 seed=2", "rank=16 seed=0", "rank=16 seed=1", "rank=16 seed=2"], sweep.Arms.Select(a => a.Label));
        Assert.Equal([0L, 1, 2, 0, 1, 2], sweep.Arms.Select(Seed));
        Assert.Equal([0, 1, 2, 0, 1, 2], sweep.Arms.Select(a => a.Replicate));
        Assert.Equal(6, sweep.Arms.Select(a => a.Id).Distinct().Count()); // each replicate is its own arm
        Assert.Equal(2, sweep.Arms.Select(a => a.ConfigurationId).Distinct().Count());
        Assert.All(sweep.Arms.Chunk(3), replicates => Assert.Single(replicates.Select(a => a.Configuration).Distinct()));
        Assert.All(sweep.Arms, a => Assert.DoesNotContain(a.ConfigurationAssignment, x => x.Axis == ArmDefinition.SeedAxis));
    }

    [Fact]
    public void ASeededBaseJob_StartsTheReplicatesAtItsSeed()
    {
        var sweep = Expand(RankByThree.Replace("train: { steps: 40, lr: 1e-4 }", "train: { steps: 40, lr: 1e-4 }\n        training_seed: 40"));

        Assert.Equal([40L, 41, 42], sweep.Arms.Take(3).Select(Seed));
        Assert.Equal("rank=8 seed=41", sweep.Arms[1].Label);
    }

    [Fact]
    public void TheConfigurationId_IsTheIdTheArmHasWithoutReplicates()
    {
        var once = Expand(SpecYaml.With("  - { name: rank, key: network.linear, values: [8, 16] }"));
        var thrice = Expand(RankByThree);

        Assert.Equal(once.Arms.Select(a => a.Id), thrice.Arms.Select(a => a.ConfigurationId).Distinct());
        Assert.All(once.Arms, a => Assert.Equal((null, 0, a.Id), (a.Configuration, a.Replicate, a.ConfigurationId)));
        Assert.Equal(once.Arms.Select(a => a.JobYaml), Expand(SpecYaml.With("  - { name: rank, key: network.linear, values: [8, 16] }", "replicates: 1")).Arms.Select(a => a.JobYaml));
    }

    [Theory]
    [InlineData("replicates: 0", "replicates")]
    [InlineData("replicates: -2", "replicates")]
    [InlineData("replicates: two", "replicates")]
    public void ReplicatesBelowOne_AreRejectedNamingTheKey(string line, string key)
    {
        var e = Assert.Throws<SweepSpecException>(() => SpecYaml.Parse(SpecYaml.With("  - { name: rank, key: network.linear, values: [8] }", line)));

        Assert.Contains(key, e.Message);
    }

    [Fact]
    public void AnAxisOnTheSeed_CannotBeCombinedWithReplicates()
    {
        var e = Assert.Throws<SweepSpecException>(() => SpecYaml.Parse(SpecYaml.With("  - { name: s, key: training_seed, values: [1, 2] }", "replicates: 2")));

        Assert.Contains("replicates", e.Message);
        Assert.Contains("axis 's'", e.Message);
    }

    [Fact]
    public void TheArmLimit_CountsReplicates()
    {
        var e = Assert.Throws<SweepSpecException>(() => Expand(SpecYaml.With("  - { key: network.linear, range: { from: 1, to: 400, count: 400 } }", "replicates: 3")));

        Assert.Contains("400 configurations × 3 replicates", e.Message);
    }
}
