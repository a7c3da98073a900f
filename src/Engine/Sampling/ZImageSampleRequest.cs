using static TorchSharp.torch;

namespace ZImageSweep.Engine.Sampling;

/// <summary>
/// One text-to-image sampling run on caption features (the text encoder and the VAE are composed around it).
/// Defaults are Turbo's: 8 steps, no guidance, shift 3.
/// </summary>
public sealed record ZImageSampleRequest
{
    /// <summary>Caption features of the prompt's valid tokens, [L, cap_feat_dim].</summary>
    public required Tensor CapPos { get; init; }
    /// <summary>Features of the negative prompt (the official default is the empty prompt); required when guidance applies.</summary>
    public Tensor? CapNeg { get; init; }
    /// <summary>Image width in pixels; a multiple of 16 (VAE factor 8 × patch 2).</summary>
    public int Width { get; init; } = 1024;
    public int Height { get; init; } = 1024;
    public int Steps { get; init; } = 8;
    /// <summary>CFG scale g in <c>pos + g·(pos − neg)</c>; applied only when above 1 (official pipeline).</summary>
    public double Guidance { get; init; }
    public double Shift { get; init; } = 3.0;
    /// <summary>Guidance is switched off once the model time exceeds this (1 = never).</summary>
    public double CfgTruncation { get; init; } = 1.0;
    /// <summary>0 = off; otherwise the guided prediction's norm is clipped to this multiple of the conditional one's.</summary>
    public double CfgNormalization { get; init; }
    /// <summary>Seed of the CPU generator for the initial noise (ignored when <see cref="Noise"/> is given).</summary>
    public long Seed { get; init; }
    /// <summary>Initial float32 latents [1, 16, 2·(H/16), 2·(W/16)] instead of seeded noise.</summary>
    public Tensor? Noise { get; init; }
}
