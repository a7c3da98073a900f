using ZImageSweep.Engine.Offloading;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Offloading;

/// <summary>A stream that claims overlap, so the prefetch path runs on the CPU; counts its fences.</summary>
sealed class PrefetchingCopies : IBlockCopyStream
{
    public int Issued, Joined, Disposed;
    public bool Overlaps => true;
    public string Description => "test copies";

    public ICopyFence Issue(Action issue)
    {
        issue();
        Issued++;
        return new Fence(this);
    }

    sealed class Fence(PrefetchingCopies owner) : ICopyFence
    {
        public void Join(IEnumerable<Tensor> copied) => owner.Joined++;
        public void Dispose() => owner.Disposed++;
    }
}
