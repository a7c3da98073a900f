using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Engine.Lora;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training.Validation;

/// <summary>
/// The trigger-leakage score: how much the LoRA changes images of prompts that do not contain the trigger. Per prompt,
/// RMS(latent_lora − latent_base) / RMS(latent_base) at the same seed and sample settings; the score is the mean over
/// prompts. The base latents (user LoRA off) are sampled on first use and kept for the run. 0: such prompts are untouched.
/// </summary>
public sealed class TriggerLeakage(ValidationSampler sampler, IReadOnlyList<string> prompts, int steps) : IDisposable
{
    Tensor[]? _base;

    /// <summary>The leakage of each prompt, keyed by <see cref="ValidationItems.PromptKey"/>; the score is their mean.</summary>
    public IReadOnlyDictionary<string, double> ScoreItems(LoraNetwork userLora)
    {
        _base ??= prompts.Select((p, i) => sampler.Sample(p, i, steps, userLora, withLora: false).DetachFromDisposeScope()).ToArray();
        return prompts.Select((p, i) =>
        {
            using var scope = NewDisposeScope();
            return (Key: ValidationItems.PromptKey(i, p), Value: LatentDistance.Rms(sampler.Sample(p, i, steps, userLora, withLora: true), _base[i]) / LatentDistance.Rms(_base[i]));
        }).ToDictionary(x => x.Key, x => x.Value);
    }

    public void Dispose()
    {
        foreach (Tensor latent in _base ?? []) latent.Dispose();
    }
}
