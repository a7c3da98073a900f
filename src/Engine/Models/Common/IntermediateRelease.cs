using static TorchSharp.torch;

namespace ZImageSweep.Engine.Models.Common;

/// <summary>
/// Releases intermediate activations as soon as their consumer has run, as Python's reference counting does for the
/// reference implementation. A dispose scope frees only when its forward ends, so without this every intermediate of
/// a transformer block (about 60 activation-sized tensors) would coexist until the block returned: the peak of a
/// no-grad forward, and of the replayed block during a checkpointed backward. Disposing a handle never frees what
/// autograd saved for backward: the graph holds its own references.
/// </summary>
public static class IntermediateRelease
{
    /// <summary><paramref name="next"/>(<paramref name="input"/>), then the input's handle released.</summary>
    public static Tensor Then(this Tensor input, Func<Tensor, Tensor> next)
    {
        Tensor result = next(input);
        if (!ReferenceEquals(result, input)) input.Dispose();
        return result;
    }
}
