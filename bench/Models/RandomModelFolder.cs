using TorchSharp;
using ZImageSweep.Engine.TinyModels;

namespace ZImageSweep.Bench.Models;

/// <summary>
/// A random model folder of a profile's real shapes (<c>zsweep-bench --write-model DIR --size full</c>): the diffusers
/// layout of <c>Tongyi-MAI/Z-Image-Turbo</c> with training adapters v1/v2, written by <see cref="TinyModelWriter"/>, for
/// end-to-end runs of the product (a full-size sweep on the lent GPU machine) where the real weights cannot be
/// downloaded. The tokenizer is the tiny one (the text encoder's vocabulary follows it); everything else has the
/// profile's shapes, stored in bf16 as the engine trains it.
/// </summary>
public static class RandomModelFolder
{
    /// <summary>
    /// Weight scale of the full model: 0.01 is about PyTorch's default Linear initialisation at width 3840
    /// (kaiming-uniform, std = 1/√(3·fan_in) ≈ 0.0093), under which the bench's random full-size rows train with finite losses.
    /// </summary>
    const double WeightStd = 0.01;

    /// <summary>Rank-16 adapters whose product stays small beside those weights (B·A entries ≈ √16 · 0.002² ≈ 1.6e-5).</summary>
    const double AdapterStd = 0.002;

    public static TinyModelFolder Write(string directory, BenchProfile profile, long seed)
    {
        torch.set_num_threads(Environment.ProcessorCount);
        return TinyModelWriter.Write(directory, seed, new TinyModelSpec
        {
            Transformer = profile.Transformer,
            TextEncoder = profile.TextEncoder,
            Vae = profile.Vae,
            Adapters = [("v1", 16), ("v2", 16)],
            TransformerDType = torch.ScalarType.BFloat16,
            WeightStd = WeightStd,
            AdapterStd = AdapterStd,
        });
    }
}
