using TorchSharp;
using TorchSharp.Modules;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training;

/// <summary>
/// Clips gradients to a total L2 norm with libtorch's arithmetic (torch/csrc/api/include/torch/nn/utils/clip_grad.h,
/// the C++ <c>clip_grad_norm_</c> that TorchSharp's <c>nn.utils.clip_grad_norm_</c> calls) but without its last line:
/// that function returns the norm as a double, so it waits for the device once per call. A training step needs no
/// norm on the host, and on a GPU that wait stops the host from queueing the optimizer while the backward's last
/// kernels still run (about 45 ms of a packed 512² step on the H100, BENCHMARKS.md 2026-12-08). Same tensors, same
/// operations in the same order, so the clipped gradients are bit-identical (tested against TorchSharp's).
/// </summary>
public static class GradientClipping
{
    static readonly Scalar Epsilon = 1e-6.ToScalar(); // held for the process (see HeldScalars)

    /// <summary>Scales every gradient by min(1, maxNorm / (‖all gradients‖₂ + 1e-6)); parameters without a gradient are left out.</summary>
    public static void ClipByTotalNorm(IEnumerable<Parameter> parameters, double maxNorm)
    {
        // In the scope from the start: each `grad` read is a new wrapper of the gradient, released with the scope.
        using var scope = NewDisposeScope();
        Tensor[] grads = [.. parameters.Select(p => p.grad).OfType<Tensor>()];
        if (grads.Length == 0) return;
        using var _ = no_grad();
        Tensor[] norms = [.. grads.Select(g => g.norm())];
        Tensor total = norms.Length == 1 ? norms[0] : stack(norms).norm();
        using Scalar max = maxNorm.ToScalar();
        // libtorch's `max_norm / (total + 1e-6)` for a scalar over a tensor: a tensor filled with max_norm, divided in place.
        Tensor coefficient = empty_like(total).fill_(max).div_(total.Plus(Epsilon));
        Tensor clamped = coefficient.clamp_max(HeldScalars.One);
        foreach (Tensor grad in grads) grad.mul_(clamped);
    }
}
