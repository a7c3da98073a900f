using TorchSharp;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Offloading;

/// <summary>
/// A model whose stacks of blocks layer offloading can manage (the Z-Image transformer, the Qwen3 text encoder): its
/// forward brings each block in through <see cref="Offloading"/> (<see cref="LayerOffloading.Use"/>) when set.
/// </summary>
public interface IOffloadableModel
{
    /// <summary>The stacks of blocks in the order the forward runs them.</summary>
    IReadOnlyList<IReadOnlyList<nn.Module>> OffloadableStacks { get; }

    /// <summary>The compute device, where offloaded blocks are brought.</summary>
    Device Device { get; }

    /// <summary>Set by <see cref="LinearBlockOffloading.Attach"/>: the blocks whose frozen weights live in host memory between their calls.</summary>
    LayerOffloading? Offloading { get; set; }
}
