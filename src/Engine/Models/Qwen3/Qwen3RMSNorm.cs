using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Models.Qwen3;

/// <summary>
/// transformers' <c>Qwen3RMSNorm</c>: the variance is taken in float32, the normalised value is cast back to the
/// input dtype and then scaled by <c>weight</c> (so in bf16 the product is rounded the way the reference rounds it).
/// TODO(merge): the transformer engineer writes a shared RMSNorm in Models/Common; fold this one into it once both
/// agree on the cast order (Z-Image's official RMSNorm multiplies before casting back).
/// </summary>
public sealed class Qwen3RMSNorm : nn.Module<Tensor, Tensor>
{
    readonly double _eps;

    public Parameter weight; // (D)

    public Qwen3RMSNorm(long size, double eps, Device? device = null, ScalarType dtype = ScalarType.Float32)
        : base(nameof(Qwen3RMSNorm))
    {
        _eps = eps;
        weight = nn.Parameter(ones(size, dtype, device));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) // (..., D)
    {
        using var scope = NewDisposeScope();
        Tensor x32 = x.to(ScalarType.Float32);
        Tensor variance = x32.pow(2).mean([-1L], keepdim: true);       // (..., 1)
        Tensor normed = (x32 * rsqrt(variance + _eps)).to(x.dtype);      // (..., D)
        return (weight * normed).MoveToOuterDisposeScope();
    }
}
