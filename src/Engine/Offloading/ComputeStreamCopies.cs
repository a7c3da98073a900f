using static TorchSharp.torch;

namespace ZImageSweep.Engine.Offloading;

/// <summary>
/// Copies on the compute stream (TorchSharp 0.107 has no stream API): from pinned memory they do not block the host,
/// but on the GPU each one waits for the kernels before it and the kernels after it wait for the copy, so nothing
/// overlaps and prefetching would only hold a second block earlier.
/// </summary>
public sealed class ComputeStreamCopies : IBlockCopyStream
{
    public static readonly ComputeStreamCopies Instance = new();

    ComputeStreamCopies() { }

    public bool Overlaps => false;

    public string Description => "copies on the compute stream (no side-stream shim loaded), not overlapped with compute";

    public ICopyFence Issue(Action issue)
    {
        issue();
        return Done.Fence;
    }

    sealed class Done : ICopyFence
    {
        public static readonly Done Fence = new();
        public void Join(IEnumerable<Tensor> copied) { } // stream order already puts the copies first
        public void Dispose() { }
    }
}
