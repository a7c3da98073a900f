using TorchSharp;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace ZImageSweep.Engine.Models.Common;

/// <summary>
/// Root-mean-square norm over the last dimension: <c>x · rsqrt(mean(x²) + eps) · weight</c>, with a learned
/// per-channel weight (initialised to ones). Two precisions exist in the references: the official Z-Image code
/// normalises in the input dtype, while diffusers and transformers (Qwen3) compute the normalisation in float32
/// and cast back before the weight. In float32 both are identical; in bf16 they differ by rounding only.
/// With <c>fp32Variance: true</c> this is transformers' <c>Qwen3RMSNorm</c> (<c>weight * normed.to(input_dtype)</c>)
/// bit for bit: same float32 statistics, the same cast back, then one elementwise product, whose operand order
/// does not change the result; the Qwen3 encoder uses it.
/// </summary>
public sealed class RMSNorm : nn.Module<Tensor, Tensor>
{
    readonly Parameter weight;

    public double Eps { get; }

    /// <summary>True: normalise in float32 and cast back to the input dtype (diffusers, transformers).</summary>
    public bool Fp32Variance { get; }

    public RMSNorm(long dim, double eps = 1e-5, bool fp32Variance = true, Device? device = null, ScalarType? dtype = null)
        : base(nameof(RMSNorm))
    {
        Eps = eps;
        Fp32Variance = fp32Variance;
        weight = new Parameter(ones(dim, dtype: dtype, device: device));
        RegisterComponents();
    }

    public Parameter Weight => weight;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        Tensor h = Fp32Variance ? x.to(ScalarType.Float32) : x;
        Tensor normed = h * (h.pow(2).mean([-1], keepdim: true) + Eps).rsqrt(); // (..., D)
        return (normed.to(x.dtype) * weight).MoveToOuterDisposeScope();
    }
}
