using ZImageSweep.Bench.Harness;
using ZImageSweep.Bench.Models;
using ZImageSweep.Engine.Models.Vae;
using static TorchSharp.torch;

namespace ZImageSweep.Bench.Rows;

/// <summary>
/// Z-Image's decode path (<see cref="AutoencoderKL.DecodeLatentsToImage"/>: unscale and shift, decoder, map to
/// [0, 1]) of one latent of the profile's VAE size, with the VAE in <paramref name="dtype"/>.
/// </summary>
public sealed class VaeDecodeRow(int pixels, ScalarType dtype) : BenchRow
{
    public override string Id => $"vae-decode-{pixels}-{DType}";
    public override string Name => $"VAE decode {pixels}² ({DType})";
    public override BenchSuite Suite => BenchSuite.Inference;
    public override string DType => dtype == ScalarType.BFloat16 ? "bf16" : dtype == ScalarType.Float32 ? "fp32" : dtype.ToString();

    public override RowMeasurement Run(BenchContext context)
    {
        AutoencoderKLConfig config = context.Profile.Vae;
        using var _ = no_grad();
        manual_seed(context.Seed);
        var (vae, setupMs) = context.Setup(() => RandomModels.Vae(config, context.Device, dtype));
        using (vae)
        {
            int latent = pixels / config.DownsampleFactor;
            // The sampler hands over float32 latents; the decode casts them to the VAE's dtype.
            using Tensor latents = context.RandomNormal([1, config.LatentChannels, latent, latent], ScalarType.Float32, salt: 3); // (1, 16, h, w)
            TimingResult timing = context.Timer.Measure(() => vae.DecodeLatentsToImage(latents), context.Forward);
            return new RowMeasurement(timing, setupMs, ImagesPerIteration: 1);
        }
    }
}
