using TorchSharp;
using ZImageSweep.Bench.Harness;
using ZImageSweep.Bench.Models;
using static TorchSharp.torch;

namespace ZImageSweep.Bench.Rows;

/// <summary>
/// One inference forward of the transformer in bf16 without autograd: a <paramref name="pixels"/>² image
/// (latent pixels/8, (pixels/16)² image tokens) and the profile's caption length, batch 1, model time 0.5.
/// </summary>
public sealed class TransformerForwardRow(int pixels) : BenchRow
{
    static readonly Scalar ModelTime = 0.5.ToScalar(); // held for the process (HeldScalars)

    public override string Id => $"transformer-forward-{pixels}";
    public override string Name => $"Transformer forward {pixels}²";
    public override BenchSuite Suite => BenchSuite.Inference;
    public override string DType => "bf16";

    public override RowMeasurement Run(BenchContext context)
    {
        BenchProfile profile = context.Profile;
        using var _ = no_grad();
        manual_seed(context.Seed);
        var (model, setupMs) = context.Setup(() => RandomModels.Transformer(profile.Transformer, context.Device, ScalarType.BFloat16));
        using (model)
        {
            int latent = pixels / 8;
            using Tensor x = context.RandomNormal([profile.Transformer.InChannels, 1, latent, latent], ScalarType.BFloat16, salt: 1); // (C, F=1, h, w)
            using Tensor capFeats = context.RandomNormal([profile.CaptionTokens, profile.Transformer.CapFeatDim], ScalarType.BFloat16, salt: 2); // (L, cap_feat_dim)
            using Tensor t = full(1, ModelTime, ScalarType.Float32, context.Device); // (B=1)
            TimingResult timing = context.Timer.Measure(() => model.forward([x], t, [capFeats]), context.Forward);
            long tokens = (long)(pixels / 16) * (pixels / 16);
            return new RowMeasurement(timing, setupMs, ImagesPerIteration: 1,
                Metrics: new Dictionary<string, double> { ["image_tokens"] = tokens, ["caption_tokens"] = profile.CaptionTokens },
                Note: $"{tokens} image + {profile.CaptionTokens} caption tokens");
        }
    }
}
