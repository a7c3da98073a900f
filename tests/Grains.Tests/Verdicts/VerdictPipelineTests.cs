using System.Text.Json;
using System.Text.Json.Nodes;
using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Grains.Tests.Verdicts;

/// <summary>Workers' items files → validation reports → the comparison grain's verdict, on the stand-in worker.</summary>
[Collection(ClusterCollection.Name), Trait("Tier", "Cluster")]
public sealed class VerdictPipelineTests(SweepClusterFixture fixture)
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AFinishedSweep_HasAVerdictInTheStableJsonShape_WithTheWorseRankDetected()
    {
        // Rank 4 or 8 × two learning rates; the stand-in scores 20 items, worse by 0.04 on each for rank 8, equal within a rank.
        var definition = SweepBuilder.TwoByTwo($"verdict-{Guid.NewGuid():N}", steps: 8, meta: ", fake_validation_items: \"20\"");
        var comparison = fixture.Grains.GetGrain<IComparisonGrain>(definition.Name);

        await fixture.Grains.GetGrain<ISweepGrain>(definition.Name).Create(definition);
        await Eventually.Until(() => comparison.GetCurves(1), c => c.All(a => a.Validation.Length == 1), Timeout, "every arm's validation at step 4");
        var verdict = await comparison.GetVerdict(ComparisonMetric.ValidationLoss, null);

        var json = JsonNode.Parse(JsonSerializer.Serialize(verdict))!.AsObject();
        Assert.Equal(["sweep", "metric", "step", "arms", "pairs", "alpha"], json.Select(p => p.Key));
        Assert.Equal(["id", "label", "mean", "n", "replicates", "ci_half_width", "seed_sd"], json["arms"]!.AsArray()[0]!.AsObject().Select(p => p.Key));
        Assert.Equal(["a", "b", "n", "mean_diff", "ci_low", "ci_high", "p", "p_adjusted", "winner", "effect_size", "n_needed"],
            json["pairs"]!.AsArray()[0]!.AsObject().Select(p => p.Key));
        Assert.Equal((definition.Name, "validation-loss", 4L), (verdict.Sweep, verdict.Metric, verdict.Step));
        Assert.Equal(definition.Arms.Select(a => a.Id), verdict.Arms.Select(a => a.Id));
        Assert.All(verdict.Arms, a => Assert.Equal((20, 1, (double?)null), (a.N, a.Replicates, a.SeedSd))); // one seed: no spread to report
        Assert.Equal(6, verdict.Pairs.Length);
        string Rank(string armId) => definition.Arms.Single(a => a.Id == armId).Assignment.Single(x => x.Axis == "rank").Label;
        foreach (var pair in verdict.Pairs)
        {
            if (Rank(pair.A) == Rank(pair.B))
            {
                Assert.Equal(0, pair.MeanDiff); // identical inputs, identical configuration of the scored axis
                Assert.Null(pair.Winner);
            }
            else
            {
                Assert.True(pair.PAdjusted < 0.01, $"{pair.A} vs {pair.B}: p_adjusted {pair.PAdjusted}");
                Assert.Equal("4", Rank(pair.Winner!));
            }
        }
    }

    [Fact]
    public async Task ASweepWithoutItems_IsRejectedNamingTheMetric()
    {
        var definition = SweepBuilder.TwoByTwo($"verdict-none-{Guid.NewGuid():N}", steps: 4);
        var comparison = fixture.Grains.GetGrain<IComparisonGrain>(definition.Name);
        await fixture.Grains.GetGrain<ISweepGrain>(definition.Name).Create(definition);

        var e = await Assert.ThrowsAsync<VerdictRejectedException>(() => comparison.GetVerdict(ComparisonMetric.TriggerLeakage, null));

        Assert.Contains("trigger-leakage needs two arms", e.Message);
    }
}
