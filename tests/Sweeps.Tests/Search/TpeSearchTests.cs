using System.Globalization;
using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Sweeps.Search;

namespace ZImageSweep.Sweeps.Tests.Search;

[Trait(Tier.Name, Tier.Unit)]
public sealed class TpeSearchTests
{
    static TpeSearch Search(string axes, int count, int seed = 3)
    {
        var definition = SweepExpander.Expand(SpecYaml.Parse(SpecYaml.With(axes, $"method: tpe\ncount: {count}\nseed: {seed}")));
        return TpeSearch.Read(definition.Search!, definition.Name);
    }

    const string RankAndLr = """
          - { name: rank, key: network.linear, range: { from: 4, to: 64, scale: log } }
          - { name: lr, key: train.lr, range: { from: 1e-5, to: 1e-3, scale: log } }
          - { name: adapter, key: model.assistant_lora_path, values: [/adapters/v1.safetensors, /adapters/v2.safetensors], labels: [v1, v2] }
        """;

    /// <summary>Runs the search to its count with a made-up objective (lower for smaller lr), one arm at a time.</summary>
    static List<ArmDefinition> Run(TpeSearch search)
    {
        var arms = new List<ArmDefinition>();
        var observed = new List<SearchObservation>();
        while (arms.Count < search.Count)
        {
            var arm = search.Propose(arms, observed);
            arms.Add(arm);
            observed.Add(new SearchObservation(arm.Id, double.Parse(arm.Assignment.Single(a => a.Axis == "lr").Value, CultureInfo.InvariantCulture)));
        }
        return arms;
    }

    [Fact]
    public void Proposals_AreValidatedArmsInsideTheRanges_WithIntegerRanks_AndIdsFromTheirAssignment()
    {
        var arms = Run(Search(RankAndLr, count: 8));

        Assert.Equal(8, arms.Select(a => a.Id).Distinct().Count());
        Assert.All(arms, arm =>
        {
            Assert.Equal(ArmIds.For(arm.Assignment), arm.Id);
            var config = JobDocument.Parse(arm.JobYaml, arm.Label).Bind();
            Assert.InRange(config.Process.Network.Linear, 4, 64);
            Assert.True(long.TryParse(arm.Assignment.Single(a => a.Axis == "rank").Value, out _));
            Assert.InRange(config.Process.Train.Lr, 1e-5, 1e-3);
        });
    }

    [Fact]
    public void SameSeedAndObservations_ProposeTheSameSequence_AnotherSeedAnother()
    {
        var first = Run(Search(RankAndLr, count: 6)).Select(a => a.Id);
        var again = Run(Search(RankAndLr, count: 6)).Select(a => a.Id);
        var other = Run(Search(RankAndLr, count: 6, seed: 4)).Select(a => a.Id);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void ASmallDiscreteSpace_IsProposedWithoutRepeats_UpToEveryCombination()
    {
        // Two ranks × a two-value lr grid: four combinations, all four asked for, so later draws must skip taken ones.
        var arms = Run(Search("""
              - { name: rank, key: network.linear, values: [4, 8] }
              - { name: lr, key: train.lr, range: { from: 1e-5, to: 1e-4, count: 2, scale: log } }
            """, count: 4));

        Assert.Equal(4, arms.Select(a => a.Label).Distinct().Count());
    }
}
