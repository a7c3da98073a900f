using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Grains.Verdicts;

namespace ZImageSweep.Grains.Tests.Verdicts;

/// <summary>Replicates pooled into configurations: items × seeds, paired by (replicate, item), with the seed spread.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class ReplicatePoolingTests
{
    static readonly Dictionary<string, string> Labels = new() { ["A"] = "rank=8", ["B"] = "rank=16" };

    static (ArmDefinition, VerdictArmItems) Replicate(string configuration, int replicate, double x, double y) =>
        (new ArmDefinition($"{configuration}{replicate}", $"seed={replicate}", [], "", 4, configuration, replicate),
         new VerdictArmItems($"{configuration}{replicate}", $"seed={replicate}", new Dictionary<string, double> { ["x"] = x, ["y"] = y }));

    [Fact]
    public void Configurations_PoolTheirReplicates_AndPairSeedRWithSeedR()
    {
        var pooled = ReplicatePooling.Pool([Replicate("A", 0, 1, 2), Replicate("A", 1, 3, 5), Replicate("B", 0, 1.5, 2.5), Replicate("B", 1, 3, 4.5)], Labels);

        Assert.Equal([("A", "rank=8", 2), ("B", "rank=16", 2)], pooled.Select(c => (c.Id, c.Label, c.Replicates)));
        var verdict = PairwiseVerdicts.Compute("s", ComparisonMetric.ValidationLoss, 4, pooled);
        var pair = Assert.Single(verdict.Pairs);
        // Paired by (replicate, item): r0/x 1 − 1.5, r0/y 2 − 2.5, r1/x 3 − 3, r1/y 5 − 4.5 → (−0.5 − 0.5 + 0 + 0.5) / 4.
        Assert.Equal(("A", "B", 4), (pair.A, pair.B, pair.N));
        Assert.Equal(-0.125, pair.MeanDiff, 1e-12);
        // Replicate means of A are 1.5 and 4; the sample SD of two values is |a − b| / √2.
        Assert.Equal(2.5 / Math.Sqrt(2), verdict.Arms[0].SeedSd!.Value, 1e-12);
        Assert.Equal((2, 4, 2.75), (verdict.Arms[0].Replicates, verdict.Arms[0].N, verdict.Arms[0].Mean));
    }

    [Fact]
    public void AReplicateOnlyOneConfigurationHas_IsNotPaired()
    {
        var pooled = ReplicatePooling.Pool([Replicate("A", 0, 1, 2), Replicate("A", 1, 3, 5), Replicate("B", 0, 1.5, 2.5)], Labels);

        var pair = Assert.Single(PairwiseVerdicts.Compute("s", ComparisonMetric.ValidationLoss, 4, pooled).Pairs);

        Assert.Equal(2, pair.N);
        Assert.Equal(-0.5, pair.MeanDiff, 1e-12);
        Assert.Null(pooled[1].SeedSd); // one replicate: no spread to report
    }

    [Fact]
    public void ArmsTrainedOnce_AreConfigurationsOfOneReplicate_WithTheUnpooledVerdict()
    {
        var arms = new[] { ("a", 1.0, 2.0), ("b", 1.5, 2.1) }.Select(a =>
            (new ArmDefinition(a.Item1, a.Item1, [], "", 4), new VerdictArmItems(a.Item1, a.Item1, new Dictionary<string, double> { ["x"] = a.Item2, ["y"] = a.Item3 }))).ToList();

        var pooled = PairwiseVerdicts.Compute("s", ComparisonMetric.ValidationLoss, 4, ReplicatePooling.Pool(arms, new Dictionary<string, string> { ["a"] = "a", ["b"] = "b" }));
        var direct = PairwiseVerdicts.Compute("s", ComparisonMetric.ValidationLoss, 4, [.. arms.Select(a => a.Item2)]);

        Assert.Equal(direct.Pairs, pooled.Pairs);
        Assert.All(pooled.Arms, a => Assert.Equal((1, (double?)null), (a.Replicates, a.SeedSd)));
    }
}
