namespace ZImageSweep.Engine.Models.Qwen3;

/// <summary>How much of the decoder is built and loaded.</summary>
public enum Qwen3Depth
{
    /// <summary>All layers and the final norm: gives hidden_states[-2] and the normalised last hidden state.</summary>
    Full,

    /// <summary>
    /// Layers 0 … N−2 only, no final norm: exactly what hidden_states[-2] needs (Z-Image: 35 of 36 layers). The
    /// last layer's and the final norm's keys in a checkpoint are then expected and skipped on load.
    /// </summary>
    HiddenStatesMinus2,
}
