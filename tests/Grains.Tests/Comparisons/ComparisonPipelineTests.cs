using SkiaSharp;
using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.StandInWorker;

namespace ZImageSweep.Grains.Tests.Comparisons;

/// <summary>The whole path: workers' events → trainer → experiment → comparison → grids in the artifact store.</summary>
[Collection(ClusterCollection.Name), Trait(Tier.Name, Tier.Cluster)]
public sealed class ComparisonPipelineTests(SweepClusterFixture fixture)
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ASweepThatSamples_GetsAGridForEverySampleStep_WithEachArmInItsRow()
    {
        var definition = SweepBuilder.TwoByTwo($"pipeline-{Guid.NewGuid():N}", steps: 8, meta: ", fake_sample_every: \"4\"");
        var comparison = fixture.Grains.GetGrain<IComparisonGrain>(definition.Name);

        await fixture.Grains.GetGrain<ISweepGrain>(definition.Name).Create(definition);
        await Eventually.Until(() => fixture.Grains.GetGrain<ISweepGrain>(definition.Name).GetSnapshot(), s => s.IsFinished, Timeout, "the sweep to finish");
        var four = await Eventually.Until(() => comparison.GetStep(4), s => s.GridPath is not null, Timeout, "the grid of step 4");
        var eight = await Eventually.Until(() => comparison.GetStep(8), s => s.GridPath is not null, Timeout, "the grid of step 8");

        Assert.Equal([4L, 8L], await comparison.GetSampleSteps());
        Assert.All(four.Arms, arm => Assert.Equal(new ValidationPoint(4, 2.0 / 5, null, 0.04), arm.Validation));
        Assert.Empty(eight.NotReached);
        using var grid = SKBitmap.Decode(eight.GridPath);
        for (int row = 0; row < 4; row++)
            Assert.Equal(FakeSamples.ColourOf(definition.Arms[row].Id), grid.GetPixel(260 + 128, 36 + 64 + row * (256 + 8) + 128));
        var curves = await comparison.GetCurves(100);
        Assert.All(curves, c => Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), c.Loss.Select(p => p.Step)));
    }
}
