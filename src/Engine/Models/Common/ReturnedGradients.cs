using static TorchSharp.torch;

namespace ZImageSweep.Engine.Models.Common;

/// <summary>
/// The gradients a custom autograd function's backward returns to libtorch. TorchSharp hands libtorch the returned
/// tensor's handle and libtorch takes its own reference once backward returns, but the managed wrapper still holds
/// another one, which would keep each gradient (often activation-sized) alive until the GC finalizes the wrapper.
/// They are released at the next backward call on the same thread: libtorch runs a graph's backward calls one after
/// another on one thread and has taken its references by then, so at most one call's gradients stay alive per
/// autograd thread between steps.
/// </summary>
static class ReturnedGradients
{
    [ThreadStatic] static Queue<Tensor>? _handedOff;

    /// <summary>Releases what earlier backward calls on this thread returned; call first in every backward.</summary>
    public static void ReleaseEarlier()
    {
        if (_handedOff is not { } handedOff) return;
        while (handedOff.TryDequeue(out Tensor? earlier)) earlier.Dispose();
    }

    /// <summary>Takes <paramref name="gradient"/> out of the current dispose scope for returning to libtorch.</summary>
    public static Tensor HandOff(Tensor gradient)
    {
        (_handedOff ??= new Queue<Tensor>()).Enqueue(gradient.DetachFromDisposeScope());
        return gradient;
    }
}
