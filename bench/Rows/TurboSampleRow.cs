using ZImageSweep.Bench.Harness;
using ZImageSweep.Bench.Models;
using ZImageSweep.Engine.Sampling;
using static TorchSharp.torch;

namespace ZImageSweep.Bench.Rows;

/// <summary>
/// One end-to-end Turbo image: prompt encode (bf16), <see cref="ZImageSampler"/> with the profile's steps and no
/// guidance (bf16 transformer, float32 latents, seeded CPU noise), and the VAE decode in fp32 as the official
/// pipeline runs it. Uses the sample iteration plan (fewer iterations: seconds each at full size).
/// </summary>
public sealed class TurboSampleRow(int pixels, int steps) : BenchRow
{
    public override string Id => $"turbo-sample-{pixels}-{steps}step";
    public override string Name => $"Turbo sample {pixels}², {steps} steps (end to end)";
    public override BenchSuite Suite => BenchSuite.Inference;
    public override string DType => "bf16, fp32 VAE";

    public override RowMeasurement Run(BenchContext context)
    {
        BenchProfile profile = context.Profile;
        using var _ = no_grad();
        manual_seed(context.Seed);
        var (models, setupMs) = context.Setup(() => (
            Encoder: RandomModels.TextEncoder(profile.TextEncoder, context.Device, ScalarType.BFloat16),
            Transformer: RandomModels.Transformer(profile.Transformer, context.Device, ScalarType.BFloat16),
            Vae: RandomModels.Vae(profile.Vae, context.Device, ScalarType.Float32)));
        using var encoder = models.Encoder;
        using var transformer = models.Transformer;
        using var vae = models.Vae;
        var sampler = new ZImageSampler(transformer);
        using Tensor ids = context.RandomTokenIds(profile.CaptionTokens, profile.TextEncoder.VocabSize, TextEncodeRow.IdSalt); // (1, L) CPU
        using Tensor mask = ones([1, profile.CaptionTokens], ScalarType.Int64);                                              // (1, L) CPU

        TimingResult timing = context.Timer.Measure(() =>
        {
            Tensor capFeats = TextEncodeRow.Encode(encoder, ids, mask); // (L, 2560) bf16
            Tensor latents = sampler.Sample(new ZImageSampleRequest
            {
                CapPos = capFeats, Width = pixels, Height = pixels, Steps = steps, Seed = context.Seed,
            }); // (1, 16, h, w) float32
            vae.DecodeLatentsToImage(latents); // (1, 3, H, W) float32 in [0, 1]
        }, context.Sample);
        return new RowMeasurement(timing, setupMs, ImagesPerIteration: 1, Note: "encode + sampler + fp32 VAE decode");
    }
}
