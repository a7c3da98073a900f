using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training.Data;

/// <summary>One training example after VAE encoding: its caption, bucket and latent [16, h, w] (CPU, float32).</summary>
public sealed record CachedLatent(string ImagePath, string Caption, Bucket Bucket, bool Flipped, Tensor Latent)
{
    /// <summary>Flipped upside down (flip_y), on top of <see cref="Flipped"/> (flip_x).</summary>
    public bool FlippedY { get; init; }
}
