using static TorchSharp.torch;

namespace ZImageSweep.Engine.Models.ZImage;

/// <summary>
/// Per-token rotary factors in real form: <c>Cos</c> and <c>Sin</c>, float32, shaped (..., head_dim/2). The
/// complex product of the reference, <c>(x[2k] + i·x[2k+1]) · (cos + i·sin)</c>, is written out on pairs.
/// </summary>
public sealed record RotaryFreqs(Tensor Cos, Tensor Sin)
{
    /// <summary>Rotates interleaved pairs of <paramref name="x"/> (B, S, H, D) in float32 and casts back.</summary>
    /// <remarks>Cos and Sin are (B, S, D/2); rows of batch padding are zero, which zeroes those (masked) keys.</remarks>
    public Tensor Apply(Tensor x)
    {
        using var scope = NewDisposeScope();
        Tensor pairs = x.to(ScalarType.Float32).unflatten(x.ndim - 1, [x.shape[^1] / 2, 2]); // (B, S, H, D) -> (B, S, H, D/2, 2)
        Tensor x0 = pairs.select(-1, 0), x1 = pairs.select(-1, 1); // (B, S, H, D/2)
        Tensor cos = Cos.unsqueeze(2), sin = Sin.unsqueeze(2); // (B, S, 1, D/2)
        Tensor y0 = x0 * cos - x1 * sin;
        Tensor y1 = x0 * sin + x1 * cos;
        return stack([y0, y1], dim: -1).flatten(-2).to(x.dtype).MoveToOuterDisposeScope(); // (B, S, H, D)
    }
}
