using TorchSharp;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Runtime;

/// <summary>
/// Lets a model's CUDA parameters be carved out of one allocation instead of each rounding up on its own.
/// libtorch's caching allocator rounds every request above 10 MiB up to a multiple of 2 MiB and splits off the
/// rest only when it exceeds 1 MiB, so each of Z-Image's 75 MiB feed-forward weights holds a 76 MiB block: 102 of
/// them waste 0.1 GiB for the whole run. Allocating the parameters' total once and freeing it at once leaves one
/// cached segment, from which the parameters built next are split off at their exact sizes (the allocator picks
/// the best-fitting free block, and that segment is the only one large enough).
/// </summary>
public static class ContiguousParameterAllocation
{
    /// <summary>Prepares <paramref name="device"/> (CUDA only; elsewhere nothing) for parameters of <paramref name="bytes"/> in all.</summary>
    public static void Prepare(Device? device, Func<long> bytes)
    {
        if (device?.type != DeviceType.CUDA) return;
        using Tensor segment = empty(bytes(), ScalarType.Byte, device);
    }

    /// <summary>Total bytes of a module's parameters, counted on a copy built on the meta device (no memory).</summary>
    public static long ParameterBytes(nn.Module metaModule) =>
        metaModule.parameters().Sum(p => p.numel() * p.element_size());
}
