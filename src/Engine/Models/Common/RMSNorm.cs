using TorchSharp;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;
using ZImageSweep.Engine.Runtime;

namespace ZImageSweep.Engine.Models.Common;

/// <summary>
/// Root-mean-square norm over the last dimension: <c>x · rsqrt(mean(x²) + eps) · weight</c>, with a learned
/// per-channel weight (initialised to ones). Two precisions exist in the references: the official Z-Image code
/// normalises in the input dtype, while diffusers and transformers (Qwen3) compute the normalisation in float32
/// and cast back before the weight. In float32 both are identical; in bf16 they differ by rounding only.
/// With <c>fp32Variance: true</c> this is transformers' <c>Qwen3RMSNorm</c> (<c>weight * normed.to(input_dtype)</c>)
/// bit for bit: same float32 statistics, the same cast back, then one elementwise product, whose operand order
/// does not change the result; the Qwen3 encoder uses it. When gradients are needed for a lower-precision input, the
/// same arithmetic runs as one autograd node (<see cref="RMSNormFunction"/>) that saves no float32 copy of the input.
/// </summary>
public sealed class RMSNorm : nn.Module<Tensor, Tensor>
{
    readonly Parameter weight;
    readonly Scalar _eps; // held for the module's lifetime (HeldScalars)

    public double Eps { get; }

    /// <summary>True: normalise in float32 and cast back to the input dtype (diffusers, transformers).</summary>
    public bool Fp32Variance { get; }

    public RMSNorm(long dim, double eps = 1e-5, bool fp32Variance = true, Device? device = null, ScalarType? dtype = null)
        : base(nameof(RMSNorm))
    {
        Eps = eps;
        _eps = eps.ToScalar();
        Fp32Variance = fp32Variance;
        weight = new Parameter(ones(dim, dtype: dtype, device: device));
        RegisterComponents();
    }

    public Parameter Weight => weight;

    public override Tensor forward(Tensor x)
    {
        if (Fp32Variance && x.dtype != ScalarType.Float32 && is_grad_enabled() && (x.requires_grad || weight.requires_grad))
            return RMSNormFunction.Apply(x, weight, _eps); // saves x in its own dtype, not a float32 copy
        if (Fp32Variance)
        {
            Tensor output = RMSNormFunction.Forward(x, weight, _eps, out Tensor statistics);
            statistics.Dispose();
            return output;
        }
        using var scope = NewDisposeScope();
        Tensor rstd = x.Squared().Then(s => s.mean([-1], keepdim: true)).Then(v => v.Plus(_eps)).Then(v => v.rsqrt()); // (..., 1)
        return (x * rstd).Then(n => n * weight).MoveToOuterDisposeScope();
    }
}
