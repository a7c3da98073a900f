using TorchSharp;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training;

/// <summary>
/// Clips gradients to a total L2 norm as PyTorch's <c>clip_grad_norm_</c> does — each parameter's norm, the norm of
/// those norms, every gradient scaled by min(1, max / (total + 1e-6)) — over gradients stacked by shape (the
/// optimizer's groups, <see cref="Optimizers.ParameterGroup"/>), so a LoRA's ~480 factors cost a few operations per
/// group instead of two each. Unlike TorchSharp's <c>clip_grad_norm_</c> (libtorch's C++ one), it never returns the
/// norm to the host: that read waits for the device once per arm per step, and a training step needs no norm there.
/// A parameter's norm is reduced from its row of the stack rather than from its own tensor, so it can differ from
/// PyTorch's in the last bit (the reduction order); the clipped gradients agree to float rounding (tested).
/// </summary>
public static class GradientClipping
{
    static readonly Scalar Epsilon = 1e-6.ToScalar(); // held for the process (see HeldScalars)

    /// <summary>Scales every row of every tensor in <paramref name="stacked"/> ((n, …shape) each, one row per parameter) in place.</summary>
    public static void ClipStacked(IReadOnlyList<Tensor> stacked, double maxNorm)
    {
        if (stacked.Count == 0) return;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Tensor norms = cat([.. stacked.Select(g => g.reshape(g.shape[0], -1).norm(1))]); // one per parameter
        Tensor total = norms.norm();
        using Scalar max = maxNorm.ToScalar();
        // libtorch's `max_norm / (total + 1e-6)` for a scalar over a tensor: a tensor filled with max_norm, divided in place.
        Tensor coefficient = empty_like(total).fill_(max).div_(total.Plus(Epsilon));
        Tensor clamped = coefficient.clamp_max(HeldScalars.One);
        foreach (Tensor grad in stacked) grad.mul_(clamped);
    }
}
