using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Engine.Lora;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training.Validation;

/// <summary>
/// The Turbo-drift score: does the LoRA keep the distilled model's few-step consistency? Per prompt,
/// d = RMS(latent after few steps − latent after many steps; 8 and 30 by default) from the same noise, once with the user LoRA (d_lora) and once
/// without (d_base, computed on first use and kept for the run; a resumed run computes it again); the score is the mean
/// over prompts of |d_lora − d_base| / d_base. 0: the LoRA changes nothing about how far 8 steps land from 30.
/// Only meaningful for a step-distilled base trained through a training adapter.
/// </summary>
public sealed class TurboDrift(ValidationSampler sampler, IReadOnlyList<string> prompts, (int Few, int Many) steps)
{
    double[]? _baseDistances;

    /// <summary>|d_lora − d_base| / d_base of each prompt, keyed by <see cref="ValidationItems.PromptKey"/>; the score is their mean.</summary>
    public IReadOnlyDictionary<string, double> ScoreItems(LoraNetwork userLora)
    {
        _baseDistances ??= prompts.Select((p, i) => Distance(p, i, userLora, withLora: false)).ToArray();
        return prompts.Select((p, i) => (Key: ValidationItems.PromptKey(i, p), Value: Math.Abs(Distance(p, i, userLora, withLora: true) - _baseDistances[i]) / _baseDistances[i]))
            .ToDictionary(x => x.Key, x => x.Value);
    }

    double Distance(string prompt, int index, LoraNetwork userLora, bool withLora)
    {
        using var scope = NewDisposeScope();
        return LatentDistance.Rms(sampler.Sample(prompt, index, steps.Few, userLora, withLora), sampler.Sample(prompt, index, steps.Many, userLora, withLora));
    }
}
