using static TorchSharp.torch;

namespace ZImageSweep.Engine.Offloading;

/// <summary>The end of one block's copies, as the compute stream must wait for it.</summary>
public interface ICopyFence : IDisposable
{
    /// <summary>
    /// Orders the compute stream after the copies, and marks <paramref name="copied"/> as in use on it, so that the
    /// caching allocator does not hand their memory to a later copy on the side stream before the compute that reads
    /// them has run (PyTorch's <c>Tensor.record_stream</c>).
    /// </summary>
    void Join(IEnumerable<Tensor> copied);
}
