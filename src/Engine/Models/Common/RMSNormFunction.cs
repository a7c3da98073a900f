using TorchSharp;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Models.Common;

/// <summary>
/// <see cref="RMSNorm"/> with float32 statistics on a lower-precision input, for training, as one autograd node.
/// It computes exactly the module's forward, <c>bf16(float32(x) · r) · weight</c> with <c>r = rsqrt(mean(x²) + eps)</c>,
/// but saves x in its own dtype and r (one float per row) instead of the float32 copy of x that the decomposed ops
/// keep: half the bytes for each of a block's six norms, from the forward to the backward.
/// Backward: with <c>g = float32(∂y · weight)</c> and h = float32(x), <c>∂x = r·g − h·r³·mean(g·h)</c>, cast back.
/// </summary>
sealed class RMSNormFunction : autograd.SingleTensorFunction<RMSNormFunction>
{
    public override string Name => nameof(RMSNormFunction);

    /// <summary>(…, D) in x's dtype; <paramref name="weight"/> (D) in x's dtype.</summary>
    public static Tensor Apply(Tensor x, Tensor weight, Scalar eps)
    {
        return CustomAutograd.Apply(() => apply(x, weight, eps));
    }

    /// <summary>The forward itself, shared with <see cref="RMSNorm"/>'s plain path so both are the same arithmetic.</summary>
    public static Tensor Forward(Tensor x, Tensor weight, Scalar eps, out Tensor rstd)
    {
        using var scope = NewDisposeScope();
        Tensor h = x.to(ScalarType.Float32);
        rstd = h.Squared().Then(s => s.mean([-1], keepdim: true)).Then(v => v.Plus(eps)).Then(v => v.rsqrt()).MoveToOuterDisposeScope(); // (…, 1)
        Tensor r = rstd;
        return h.Then(v => v * r).Then(n => n.to(x.dtype)).Then(n => n * weight).MoveToOuterDisposeScope();
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var x = (Tensor)vars[0];
        var weight = (Tensor)vars[1];
        Tensor output = Forward(x, weight, (Scalar)vars[2], out Tensor rstd);
        ctx.save_for_backward([x, weight, rstd]); // taken when apply returns; Apply's scope then frees rstd's handle
        return output;
    }

    // Runs on libtorch's autograd thread (see BlockCheckpoint): what it makes is freed at once, grad_output too.
    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        CustomAutograd.ReleaseReturnedGradients();
        using var scope = NewDisposeScope();
        var saved = ctx.get_saved_variables();
        Tensor x = saved[0], weight = saved[1], r = saved[2];
        Tensor? gradWeight = null;
        if (weight.requires_grad)
        {
            using Tensor normed = x.to(ScalarType.Float32).Then(h => h * r).Then(n => n.to(x.dtype)); // (…, D)
            gradWeight = (grad_output * normed).Then(p => p.flatten(0, -2).sum([0])); // (D)
        }
        Tensor g = (grad_output * weight).Then(v => v.to(ScalarType.Float32)); // ∂(float32 normed), (…, D)
        grad_output.Dispose();
        Tensor h = x.to(ScalarType.Float32);
        Tensor coefficient = (g * h).Then(p => p.mean([-1], keepdim: true)).Then(m => m * r.Squared() * r); // (…, 1): mean(g·h)·r³
        Tensor gradX = g.Then(v => v * r).Then(v => v.sub_(h.Then(u => u * coefficient))).Then(v => v.to(x.dtype)); // (…, D)
        return [CustomAutograd.Return(gradX), CustomAutograd.Return(gradWeight), null!];
    }
}
