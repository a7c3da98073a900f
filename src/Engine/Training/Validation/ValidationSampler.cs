using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Models.ZImage;
using ZImageSweep.Engine.Sampling;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training.Validation;

/// <summary>
/// Final latents (no VAE decode: the scores compare latents) of one validation prompt, with the user LoRA at weight 1
/// or switched off. Prompt i always starts from the noise of validation seed + i, so two calls differ only in the
/// model. Runs inside an <see cref="InferenceScope"/> that has cancelled the training adapter.
/// </summary>
public sealed class ValidationSampler(ZImageTransformer2DModel transformer, double shift, CaptionEmbeddings embeddings, ValidationSampling settings, long seed)
{
    /// <returns>float32 (1, 16, h, w) on the CPU.</returns>
    public Tensor Sample(string prompt, int promptIndex, int steps, LoraNetwork userLora, bool withLora)
    {
        userLora.Enabled = withLora;
        userLora.Multiplier = 1;
        using var _ = no_grad();
        Tensor latents = new ZImageSampler(transformer).Sample(new ZImageSampleRequest
        {
            CapPos = embeddings[prompt],
            CapNeg = embeddings[settings.Negative],
            Width = settings.Width,
            Height = settings.Height,
            Steps = steps,
            Guidance = settings.Guidance,
            Shift = shift,
            Seed = seed + promptIndex,
        });
        return latents.cpu();
    }
}
