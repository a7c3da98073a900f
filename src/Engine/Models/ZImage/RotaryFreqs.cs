using ZImageSweep.Engine.Models.Common;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Models.ZImage;

/// <summary>
/// Per-token rotary factors in real form: <c>Cos</c> and <c>Sin</c>, float32, shaped (..., head_dim/2). The
/// complex product of the reference, <c>(x[2k] + i·x[2k+1]) · (cos + i·sin)</c>, is written out on pairs.
/// </summary>
public sealed record RotaryFreqs(Tensor Cos, Tensor Sin)
{
    /// <summary>Rotates interleaved pairs of <paramref name="x"/> (B, S, H, D) in float32 and casts back.</summary>
    /// <remarks>
    /// Cos and Sin are (B, S, D/2); rows of batch padding are zero, which zeroes those (masked) keys. The pairs are
    /// viewed as complex numbers and multiplied by cos + i·sin in one kernel (the reference's own formulation):
    /// written out on real pairs the rotation took ten elementwise kernels over the activations, forward and backward.
    /// </remarks>
    public Tensor Apply(Tensor x)
    {
        using var scope = NewDisposeScope();
        Tensor rotation = complex(Cos, Sin).unsqueeze(2); // (B, S, 1, D/2)
        Tensor rotated = x.to(ScalarType.Float32)
            .Then(v => v.unflatten(x.ndim - 1, [x.shape[^1] / 2, 2])) // (B, S, H, D) -> (B, S, H, D/2, 2)
            .Then(view_as_complex).Then(c => c * rotation); // (B, S, H, D/2)
        return rotated.Then(view_as_real).Then(r => r.flatten(-2)).Then(r => r.to(x.dtype)).MoveToOuterDisposeScope(); // (B, S, H, D)
    }
}
