using TorchSharp;
using ZImageSweep.Bench.Harness;
using ZImageSweep.Bench.Models;
using ZImageSweep.Bench.Report;
using ZImageSweep.Bench.Rows;
using ZImageSweep.Contracts.Gpu;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Bench.Tests;

[Trait(Tier.Name, Tier.Unit)]
public sealed class HarnessUnitTests
{
    public HarnessUnitTests() => LibTorchLoader.EnsureLoaded();

    [Fact]
    public void Percentiles_InterpolateBetweenRanksLikeNumPy()
    {
        // numpy.percentile([5, 1, 4, 2, 3, 10], [10, 50, 90]) = [1.5, 3.5, 7.5]
        TimingStats stats = TimingStats.From([5, 1, 4, 2, 3, 10]);
        Assert.Equal((1.5, 3.5, 7.5), (stats.P10, stats.Median, stats.P90));
        Assert.Equal((1.0, 10.0, 25.0 / 6), (stats.Min, stats.Max, stats.Mean));
        Assert.Equal(7.0, TimingStats.From([7]).P90);
        Assert.Throws<ArgumentException>(() => TimingStats.From([]));
    }

    [Fact]
    public void Timer_CountsTensorsThatEscapeTheIterationScope()
    {
        var timer = new IterationTimer(() => { });
        var kept = new List<Tensor>();
        TimingResult leaky = timer.Measure(() => kept.Add(ones(4).DetachFromDisposeScope()), new IterationPlan(3, 1));
        TimingResult clean = timer.Measure(() => _ = ones(4).mul(HeldScalars.Two), new IterationPlan(3, 1));
        foreach (Tensor t in kept) t.Dispose();

        Assert.Equal(2, leaky.LiveTensorGrowth); // one per timed iteration after the first
        Assert.Equal(0, clean.LiveTensorGrowth);
        Assert.Equal(3, clean.Stats.Samples.Count);
        Assert.All(clean.Stats.Samples, ms => Assert.True(ms >= 0));
    }

    [Fact]
    public void Timer_RunsWarmupThenTimedIterations_AndSynchronisesAroundEach()
    {
        int runs = 0, syncs = 0;
        var timer = new IterationTimer(() => syncs++);
        timer.Measure(() => runs++, new IterationPlan(Iterations: 4, Warmup: 2));
        Assert.Equal(6, runs);
        Assert.Equal(12, syncs); // before and after every iteration, warm-up included
    }

    [Fact]
    public void ReferenceScript_TimesOnlyRowsTheEngineHas_AtFullSize()
    {
        // The Python reference names its cases by the engine's full-size row ids; a renamed row must rename its case.
        string script = File.ReadAllText(Path.Combine(RepoRoot.Path, "bench", "reference", "zimage_reference.py"));
        string[] caseIds = System.Text.RegularExpressions.Regex.Matches(script, "\"((?:lora-step|transformer-forward)-[0-9a-z-]+)\":")
            .Select(m => m.Groups[1].Value).ToArray();
        string[] fullIds = RowCatalog.Inference(BenchProfile.Full).Concat(RowCatalog.Training(BenchProfile.Full)).Select(r => r.Id).ToArray();
        Assert.Equal(7, caseIds.Length);
        Assert.Subset(fullIds.ToHashSet(), caseIds.ToHashSet());
        Assert.Equal(["transformer-forward-1024", "transformer-forward-768", "transformer-forward-512", "vae-decode-1024-fp32",
            "vae-decode-1024-bf16", "text-encode-64", "text-encode-64x8-offload0", "text-encode-64x8-offload100", "text-encode-64x8-float8-offload100",
            "turbo-sample-1024-8step", "bf16-fp32-agreement"], RowCatalog.Inference(BenchProfile.Full).Select(r => r.Id));
    }

    [Fact]
    public void IterationPlan_RejectsNoTimedIterationsAndNegativeWarmup()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new IterationPlan(0, 1).Validate("test"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IterationPlan(1, -1).Validate("test"));
    }

    [Fact]
    public void MemorySampler_WithoutNvml_IsUnavailableInsteadOfReportingZero()
    {
        Assert.SkipWhen(Nvml.IsAvailable, "this machine has an NVIDIA driver; the no-driver path cannot be observed here");
        Assert.Null(GpuMemorySampler.TryStart(0));
    }

    [Fact]
    public void TheHostProfile_HasTheFullModelsDepthAtTheTinyWidths()
    {
        BenchProfile host = BenchProfile.For("host");
        var full = BenchProfile.Full.Transformer;
        Assert.Equal((full.NLayers, full.NRefinerLayers), (host.Transformer.NLayers, host.Transformer.NRefinerLayers));
        Assert.Equal(BenchProfile.Tiny.Transformer with { NLayers = full.NLayers, NRefinerLayers = full.NRefinerLayers }, host.Transformer);
        Assert.Equal(BenchProfile.Tiny.ForwardSizes, host.ForwardSizes);
        Assert.Equal(["full", "tiny", "host"], BenchProfile.Names);
        var error = Assert.Throws<ArgumentException>(() => BenchProfile.For("huge"));
        Assert.Contains("full, tiny, host", error.Message);
    }
}
