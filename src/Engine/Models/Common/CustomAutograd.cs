using static TorchSharp.torch;

namespace ZImageSweep.Engine.Models.Common;

/// <summary>
/// Plumbing shared by the engine's custom autograd functions (TorchSharp <c>autograd.SingleTensorFunction</c>), which
/// exist to save less for backward than the decomposed ops would.
/// <para>
/// Gradients a backward returns: TorchSharp hands libtorch the returned tensor's handle and libtorch takes its own
/// reference once backward returns, but the managed wrapper still holds another one, which would keep each gradient
/// (often activation-sized) alive until the GC finalizes the wrapper. They are released at the next backward call on
/// the same thread: libtorch runs a graph's backward calls one after another on one thread and has taken its
/// references by then, so at most one call's gradients stay alive per autograd thread between steps.
/// </para>
/// </summary>
static class CustomAutograd
{
    [ThreadStatic] static Queue<Tensor>? _handedOff;

    /// <summary>
    /// Runs a function's <c>apply</c>. TorchSharp's apply keeps an <c>empty_like</c> of the output (to materialise an
    /// undefined output gradient, which these functions never receive); in a scope of its own it is freed at once
    /// instead of with the caller's scope.
    /// </summary>
    public static Tensor Apply(Func<Tensor> apply)
    {
        using var scope = NewDisposeScope();
        return apply().MoveToOuterDisposeScope();
    }

    /// <summary>Releases what earlier backward calls on this thread returned; call first in every backward.</summary>
    public static void ReleaseReturnedGradients()
    {
        if (_handedOff is not { } handedOff) return;
        while (handedOff.TryDequeue(out Tensor? earlier)) earlier.Dispose();
    }

    /// <summary>A gradient to return from backward, taken out of the current dispose scope; null (none) stays null.</summary>
    public static Tensor Return(Tensor? gradient)
    {
        if (gradient is null) return null!;
        (_handedOff ??= new Queue<Tensor>()).Enqueue(gradient.DetachFromDisposeScope());
        return gradient;
    }
}
