using TorchSharp;
using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.Models.Vae;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Tests.Reference;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Models.Vae;

[Trait(Tier.Name, Tier.Unit)]
public sealed class AutoencoderKLTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("zsweep-vae-").FullName;

    public AutoencoderKLTests() => LibTorchLoader.EnsureLoaded();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static readonly Device Meta = new(DeviceType.META);

    /// <summary>Four blocks (8× downsampling like Z-Image's VAE) at the smallest widths GroupNorm(32) allows.</summary>
    static AutoencoderKLConfig TinyEightX => AutoencoderKLConfig.Flux with { BlockOutChannels = [32, 32, 32, 32], LayersPerBlock = 1 };

    static long Count(IEnumerable<Tensor> tensors) => tensors.Sum(t => t.numel());

    [Fact]
    public void FluxPreset_OnMetaDevice_HasThePublishedParameterCounts()
    {
        using var vae = new AutoencoderKL(AutoencoderKLConfig.Flux, Meta);
        var sd = vae.state_dict();

        // docs/model.md#vae: encoder 34,274,208, decoder 49,545,475, total 83,819,683; no buffers.
        Assert.Equal(83_819_683L, Count(vae.parameters()));
        Assert.Equal(34_274_208L, Count(sd.Where(kv => kv.Key.StartsWith("encoder.")).Select(kv => kv.Value)));
        Assert.Equal(49_545_475L, Count(sd.Where(kv => kv.Key.StartsWith("decoder.")).Select(kv => kv.Value)));
        Assert.Equal(83_819_683L, Count(sd.Values));
    }

    [Fact]
    public void FluxPreset_HasTheSpecifiedLayout()
    {
        using var vae = new AutoencoderKL(AutoencoderKLConfig.Flux, Meta);
        var sd = vae.state_dict();
        string Shape(string key) => string.Join(",", sd[key].shape);

        Assert.DoesNotContain(sd.Keys, k => k.Contains("quant_conv"));
        Assert.Equal("128,3,3,3", Shape("encoder.conv_in.weight"));
        Assert.Equal("32,512,3,3", Shape("encoder.conv_out.weight"));
        Assert.Equal("512,16,3,3", Shape("decoder.conv_in.weight"));
        Assert.Equal("3,128,3,3", Shape("decoder.conv_out.weight"));
        Assert.Equal("512,512", Shape("decoder.mid_block.attentions.0.to_out.0.weight"));
        // Shortcuts exactly where the channel count changes.
        string[] shortcuts = sd.Keys.Where(k => k.EndsWith("conv_shortcut.weight")).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["decoder.up_blocks.2.resnets.0.conv_shortcut.weight", "decoder.up_blocks.3.resnets.0.conv_shortcut.weight",
            "encoder.down_blocks.1.resnets.0.conv_shortcut.weight", "encoder.down_blocks.2.resnets.0.conv_shortcut.weight"], shortcuts);
        // Resamplers in all blocks but the last; the decoder has layers_per_block + 1 = 3 resnets per block.
        Assert.Equal(3, sd.Keys.Count(k => k.EndsWith("downsamplers.0.conv.weight")));
        Assert.DoesNotContain("encoder.down_blocks.3.downsamplers.0.conv.weight", sd.Keys);
        Assert.Equal(3, sd.Keys.Count(k => k.EndsWith("upsamplers.0.conv.weight")));
        Assert.DoesNotContain("decoder.up_blocks.3.upsamplers.0.conv.weight", sd.Keys);
        Assert.Contains("decoder.up_blocks.0.resnets.2.conv2.weight", sd.Keys);
        Assert.DoesNotContain("decoder.up_blocks.0.resnets.3.conv2.weight", sd.Keys);
        Assert.DoesNotContain("encoder.down_blocks.0.resnets.2.conv2.weight", sd.Keys);
    }

    [Fact]
    public void QuantConvs_WhenEnabled_AddOneByOneConvKeys()
    {
        var config = TinyEightX with { UseQuantConv = true, UsePostQuantConv = true };
        using var vae = new AutoencoderKL(config);
        var sd = vae.state_dict();

        Assert.Equal([32L, 32, 1, 1], sd["quant_conv.weight"].shape);
        Assert.Equal([16L, 16, 1, 1], sd["post_quant_conv.weight"].shape);
        using var scope = NewDisposeScope();
        var (mean, logvar) = vae.Encode(rand(1, 3, 16, 24).mul(HeldScalars.Two).sub(HeldScalars.One));
        Assert.Equal([1L, 16, 2, 3], mean.shape);
        Assert.Equal([1L, 3, 16, 24], vae.Decode(mean).shape);
    }

    [Theory]
    [InlineData(12, 16)]
    [InlineData(16, 20)]
    public void Encode_ImageSizeNotAMultipleOf8_IsRejectedNamingTheSize(int height, int width)
    {
        using var vae = new AutoencoderKL(TinyEightX);
        using var scope = NewDisposeScope();

        var e = Assert.Throws<ArgumentException>(() => vae.Encode(zeros(1, 3, height, width)));

        Assert.Contains($"{width}×{height}", e.Message);
        Assert.Contains("multiple of 8", e.Message);
    }

    [Fact]
    public void EncodeAndDecode_WrongChannelCounts_AreRejected()
    {
        using var vae = new AutoencoderKL(TinyEightX);
        using var scope = NewDisposeScope();

        Assert.Throws<ArgumentException>(() => vae.Encode(zeros(1, 4, 16, 16)));
        Assert.Throws<ArgumentException>(() => vae.Encode(zeros(3, 16, 16)));
        Assert.Throws<ArgumentException>(() => vae.Decode(zeros(1, 4, 2, 2)));
    }

    [Fact]
    public void Sample_IsMeanPlusStdTimesSeededNoise()
    {
        using var scope = NewDisposeScope();
        using Scalar meanValue = 0.25f.ToScalar(), logvarValue = ((float)Math.Log(4.0)).ToScalar(), std = 2f.ToScalar();
        Tensor mean = full(new long[] { 1, 16, 4, 6 }, meanValue);
        Tensor logvar = full(new long[] { 1, 16, 4, 6 }, logvarValue); // std 2

        Tensor sample = AutoencoderKL.Sample(mean, logvar, new Generator(1234));

        Tensor expected = randn([1, 16, 4, 6], generator: new Generator(1234)).mul(std).Plus(meanValue);
        Assert.True(sample.allclose(expected, rtol: 1e-6, atol: 1e-6));
        Assert.False(sample.allclose(AutoencoderKL.Sample(mean, logvar, new Generator(99))));
    }

    [Fact]
    public void ToLatentsAndFromLatents_ApplyZImageShiftAndScale()
    {
        using var vae = new AutoencoderKL(TinyEightX, Meta);
        using var scope = NewDisposeScope();
        Tensor z = tensor(new[] { 0.1159f, 1.1159f, -0.8841f });

        Tensor latents = vae.ToLatents(z);

        Assert.Equal([0f, 0.3611f, -0.3611f], latents.data<float>().ToArray(), (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.True(vae.FromLatents(latents).allclose(z, rtol: 1e-6, atol: 1e-6));
    }

    [Fact]
    public void EncodeAndDecode_LeaveNoLiveTensorsBehind()
    {
        using var vae = new AutoencoderKL(TinyEightX);
        using Tensor image = zeros(1, 3, 16, 16);
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        using (var scope = NewDisposeScope())
        {
            var (mean, logvar) = vae.Encode(image);
            vae.Decode(AutoencoderKL.Sample(mean, logvar));
            vae.DecodeLatentsToImage(vae.ToLatents(mean));
        }

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Load_CheckpointMissingAKey_FailsNamingTheKey()
    {
        var c = ReferenceCases.OfKind("vae").First().Data;
        using SafeTensorsFile source = ReferenceCases.Open(c.Weights!);
        string path = Path.Combine(_dir, "partial.safetensors");
        using (var scope = NewDisposeScope())
        {
            var tensors = source.Keys.Where(k => k != "decoder.conv_out.bias").ToDictionary(k => k, k => source.Read(k));
            SafeTensorsWriter.Save(path, tensors, new Dictionary<string, string>(source.Metadata));
        }

        var e = Assert.Throws<StateDictMismatchException>(
            () => AutoencoderKL.Load(AutoencoderKLConfig.FromMetadata(source), [path]));

        Assert.Equal(["decoder.conv_out.bias"], e.Missing);
    }
}
