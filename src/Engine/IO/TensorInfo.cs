using static TorchSharp.torch;

namespace ZImageSweep.Engine.IO;

/// <summary>What a tensor source knows about one tensor before reading it: dtype, shape and the file it comes from.</summary>
public sealed record TensorInfo(string Key, ScalarType DType, long[] Shape, string Path)
{
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);
    public long ByteSize => ElementCount * SafeTensorsDType.ElementSize(DType);
}
