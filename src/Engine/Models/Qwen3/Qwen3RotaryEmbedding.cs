using TorchSharp;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Models.Qwen3;

/// <summary>
/// Rotate-half rotary position embedding as transformers computes it for Qwen3 (default rope type, no scaling):
/// inverse frequencies <c>1 / theta^(2k/d)</c> in float32, angles <c>position · inv_freq</c> duplicated to the
/// full head size, cos/sin cast to the activation dtype and applied in that dtype. Stateless: the table for a
/// few hundred positions costs less than caching it would save.
/// </summary>
public static class Qwen3RotaryEmbedding
{
    /// <returns>cos and sin tables, each (L, head_dim), in <paramref name="dtype"/>.</returns>
    public static (Tensor Cos, Tensor Sin) CosSin(long length, int headDim, double theta, ScalarType dtype, Device device)
    {
        using var scope = NewDisposeScope();
        using Scalar dim = headDim.ToScalar();
        Tensor exponent = HeldTensorOps.Arange(0, headDim, 2, ScalarType.Int64, device).to(ScalarType.Float32).div(dim); // (d/2)
        using Tensor thetaTensor = tensor(theta);                                             // held for the call
        Tensor invFreq = pow(thetaTensor, exponent).reciprocal();                             // (d/2) float32
        Tensor positions = HeldTensorOps.Arange(0, length, dtype: ScalarType.Float32, device: device); // (L)
        Tensor freqs = outer(positions, invFreq);                                             // (L, d/2)
        Tensor angles = cat([freqs, freqs], dim: -1);                                         // (L, d) = [f, f]
        Tensor cos = angles.cos().to(dtype), sin = angles.sin().to(dtype);
        return (cos.MoveToOuterDisposeScope(), sin.MoveToOuterDisposeScope());
    }

    /// <summary><c>x·cos + rotate_half(x)·sin</c> for x (B, H, L, d) and tables (L, d).</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = NewDisposeScope();
        long half = x.shape[^1] / 2;
        Tensor x1 = x.narrow(-1, 0, half), x2 = x.narrow(-1, half, half);                     // (B, H, L, d/2) each
        Tensor rotated = cat([-x2, x1], dim: -1);                                             // (B, H, L, d)
        return (x * cos).Plus(rotated * sin).MoveToOuterDisposeScope();
    }
}
