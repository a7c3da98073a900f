using TorchSharp;
using ZImageSweep.Engine.Models.ZImage;
using ZImageSweep.Engine.Quantization;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Offloading;

/// <summary>
/// Layer offloading for the Z-Image transformer: the plan runs over its 34 blocks in execution order (noise
/// refiner, context refiner, main layers), each block offloaded as <see cref="LinearBlockOffloading"/> does; the
/// embedders and the final layer (under 1 % of the weights) stay resident too.
/// </summary>
public static class TransformerOffloading
{
    /// <param name="copies">where the copies run (<see cref="LinearBlockOffloading.Attach"/>).</param>
    public static LayerOffloading Attach(ZImageTransformer2DModel model, double share, Float8Weights? quantized, IBlockCopyStream? copies = null) =>
        Attach(model, OffloadPlan.Blocks(model.BlockCount, share), quantized, copies);

    /// <param name="offloaded">per block in execution order (<see cref="OffloadPlan"/>).</param>
    /// <param name="prepare">called for each block before its frozen tensors are taken (<see cref="TransformerHostLoad"/>).</param>
    public static LayerOffloading Attach(ZImageTransformer2DModel model, IReadOnlyList<bool> offloaded, Float8Weights? quantized,
        IBlockCopyStream? copies = null, Action<nn.Module>? prepare = null) => LinearBlockOffloading.Attach(model, offloaded, quantized, copies, prepare);

    /// <summary>The log line for a training run.</summary>
    public static string Describe(LayerOffloading offloading) => offloading.Describe("transformer blocks");
}
