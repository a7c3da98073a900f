using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training.Optimizers;

/// <summary>
/// A tensor stored as 8-bit codes into a 256-entry codebook, scaled per block by the block's absolute maximum. With
/// <paramref name="Rows"/> &gt; 1 it holds that many stacked tensors, each padded to whole blocks on its own.
/// </summary>
public sealed record QuantizedTensor(Tensor Codes, Tensor AbsMax, long[] Shape, long Rows = 1) : IDisposable
{
    public long Bytes => Codes.numel() + AbsMax.numel() * 4;

    /// <summary>Keeps the tensors alive past the current dispose scope (optimizer state outlives every step).</summary>
    public QuantizedTensor Detached()
    {
        Codes.DetachFromDisposeScope();
        AbsMax.DetachFromDisposeScope();
        return this;
    }

    public void Dispose()
    {
        Codes.Dispose();
        AbsMax.Dispose();
    }
}
