using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Models.ZImage;

/// <summary>Checks the transformer's inputs up front, so a wrong shape fails with a message instead of deep in libtorch.</summary>
public static class ZImageInputs
{
    /// <exception cref="ZImageInputException">counts, ranks, channels, sizes or caption widths are wrong.</exception>
    public static void Validate(ZImageConfig config, IReadOnlyList<Tensor> x, Tensor t, IReadOnlyList<Tensor> capFeats)
    {
        if (x.Count == 0) throw new ZImageInputException(nameof(x), "the batch is empty");
        if (capFeats.Count != x.Count)
            throw new ZImageInputException(nameof(capFeats), $"{capFeats.Count} caption(s) for {x.Count} latent(s)");
        if (t.ndim != 1 || t.shape[0] != x.Count)
            throw new ZImageInputException(nameof(t), $"must be [{x.Count}] (one time per item), got {ShapeText.Of(t.shape)}");

        for (int i = 0; i < x.Count; i++)
        {
            long[] s = x[i].shape;
            if (s.Length != 4)
                throw new ZImageInputException($"x[{i}]", $"must be [C, F, H, W], got {ShapeText.Of(s)}");
            if (s[0] != config.InChannels)
                throw new ZImageInputException($"x[{i}]", $"has {s[0]} latent channels; the model expects {config.InChannels}");
            if (s[1] % config.FPatchSize != 0 || s[2] % config.PatchSize != 0 || s[3] % config.PatchSize != 0 || s[2] == 0 || s[3] == 0)
                throw new ZImageInputException($"x[{i}]", $"latent size {s[2]}x{s[3]} must be non-empty and divisible by the patch size {config.PatchSize}");

            long[] c = capFeats[i].shape;
            if (c.Length != 2 || c[0] == 0)
                throw new ZImageInputException($"capFeats[{i}]", $"must be [L, {config.CapFeatDim}] with L ≥ 1, got {ShapeText.Of(c)}");
            if (c[1] != config.CapFeatDim)
                throw new ZImageInputException($"capFeats[{i}]", $"caption feature dim {c[1]} does not match cap_feat_dim {config.CapFeatDim}");

            // Largest position ids must stay inside the RoPE tables: axis 0 reaches padded caption length + F.
            long capPadded = (c[0] + ZImageConfig.SeqMultipleOf - 1) / ZImageConfig.SeqMultipleOf * ZImageConfig.SeqMultipleOf;
            long[] maxIds = [capPadded + s[1] / config.FPatchSize, s[2] / config.PatchSize - 1, s[3] / config.PatchSize - 1];
            for (int axis = 0; axis < 3; axis++)
                if (maxIds[axis] >= config.AxesLens[axis])
                    throw new ZImageInputException($"x[{i}]", $"needs RoPE position {maxIds[axis]} on axis {axis}, beyond axes_lens[{axis}] = {config.AxesLens[axis]} (caption or image too large)");
        }
    }
}
