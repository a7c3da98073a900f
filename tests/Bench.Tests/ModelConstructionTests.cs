using TorchSharp;
using ZImageSweep.Bench.Models;
using ZImageSweep.Engine.Models.Qwen3;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Bench.Tests;

/// <summary>
/// The full-size random models are built parameter by parameter on the target device in the target dtype. On the
/// meta device nothing is allocated anywhere, so if any module first built its weights on the CPU (or in fp32) and
/// then moved them, building the 6.15 B transformer would take seconds and ~25 GB of RAM here instead of nothing.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class ModelConstructionTests
{
    static readonly Device Meta = new(DeviceType.META);

    public ModelConstructionTests() => LibTorchLoader.EnsureLoaded();

    [Fact]
    public void FullTransformer_OnMeta_HasTurboParameterCountInBf16WithoutHostMemory()
    {
        long rssBefore = PeakRssBytes();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var model = RandomModels.Transformer(BenchProfile.Full.Transformer, Meta, ScalarType.BFloat16);
        long rssGrowth = PeakRssBytes() - rssBefore;
        TestContext.Current.TestOutputHelper?.WriteLine($"6.15 B transformer on meta: {clock.ElapsedMilliseconds} ms host time, peak RSS +{rssGrowth >> 20} MiB");

        long count = RandomModels.ParameterCount(model);
        Assert.InRange(count, 6_100_000_000L, 6_200_000_000L); // Z-Image-Turbo: 6.15 B
        Assert.All(model.parameters(), p =>
        {
            Assert.Equal(DeviceType.META, p.device.type);
            Assert.Equal(ScalarType.BFloat16, p.dtype);
            Assert.False(p.requires_grad);
        });
        Assert.True(rssGrowth < 512L << 20, $"building on meta grew the peak RSS by {rssGrowth >> 20} MiB: some weights were materialised on the host");
    }

    [Fact]
    public void FullTextEncoderAndVae_OnMeta_AreBuiltOnTheDeviceInTheRunDtype()
    {
        long rssBefore = PeakRssBytes();
        using var encoder = RandomModels.TextEncoder(BenchProfile.Full.TextEncoder, Meta, ScalarType.BFloat16);
        using var vae = RandomModels.Vae(BenchProfile.Full.Vae, Meta, ScalarType.Float32);
        long rssGrowth = PeakRssBytes() - rssBefore;

        Assert.Equal(Qwen3Config.Qwen3_4B.NumHiddenLayers - 1, encoder.model.layers.Count); // hidden_states[-2]: 35 layers
        Assert.InRange(RandomModels.ParameterCount(encoder), 3_800_000_000L, 4_000_000_000L);
        Assert.All(encoder.parameters(), p => Assert.Equal((DeviceType.META, ScalarType.BFloat16), (p.device.type, p.dtype)));
        Assert.All(vae.parameters(), p => Assert.Equal((DeviceType.META, ScalarType.Float32), (p.device.type, p.dtype)));
        Assert.True(rssGrowth < 512L << 20, $"building on meta grew the peak RSS by {rssGrowth >> 20} MiB");
    }

    [Fact]
    public void CopyWeights_GivesTheBf16ModelTheFp32ModelsWeightsRounded()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        using var fp32 = RandomModels.Transformer(BenchProfile.Tiny.Transformer, CPU, ScalarType.Float32);
        using var bf16 = RandomModels.Transformer(BenchProfile.Tiny.Transformer, CPU, ScalarType.BFloat16);
        RandomModels.CopyWeights(fp32, bf16);

        var source = fp32.state_dict();
        foreach (var (key, value) in bf16.state_dict())
            Assert.True(value.eq(source[key].to(ScalarType.BFloat16)).all().item<bool>(), $"{key} differs from the fp32 weight rounded to bf16");
    }

    [Fact]
    public void CopyWeights_BetweenDifferentConfigurations_Throws()
    {
        using var small = RandomModels.Transformer(BenchProfile.Tiny.Transformer, Meta, ScalarType.Float32);
        using var other = RandomModels.Transformer(BenchProfile.Agreement, Meta, ScalarType.Float32);
        Assert.Throws<InvalidOperationException>(() => RandomModels.CopyWeights(small, other));
    }

    [Fact]
    public void RandomVae_GroupNormsHaveTheIdentityAffine()
    {
        // TorchSharp 0.107's GroupNorm allocates its affine weights with torch.empty and never fills them.
        manual_seed(3);
        using var vae = RandomModels.Vae(BenchProfile.Tiny.Vae, CPU, ScalarType.Float32);
        var norms = vae.named_parameters().Where(np => np.name.Contains("norm", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(norms);
        Assert.All(norms, np => Assert.True(
            (np.name.EndsWith(".weight", StringComparison.Ordinal) ? np.parameter.eq(HeldScalars.One) : np.parameter.eq(HeldScalars.Zero)).all().item<bool>(),
            $"{np.name}: [{np.parameter.min().item<float>()}, {np.parameter.max().item<float>()}], expected the identity affine"));
    }

    /// <summary>VmHWM: the process's peak resident set so far.</summary>
    static long PeakRssBytes()
    {
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }
}
