using TorchSharp;
using TorchSharp.Modules;
using ZImageSweep.Engine.Models.ZImage;
using ZImageSweep.Engine.Quantization;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Offloading;

/// <summary>
/// Layer offloading for the Z-Image transformer: the plan runs over its 34 blocks in execution order (noise
/// refiner, context refiner, main layers), and a block's frozen tensors are its Linear layers' weights and biases,
/// or for a float8 base their codes and scales. The norms stay resident, as in ai-toolkit (its MemoryManager leaves
/// every *Norm module on the GPU), and so do the embedders and the final layer (under 1 % of the weights).
/// </summary>
public static class TransformerOffloading
{
    /// <param name="copies">where the copies run; by default a CUDA side stream when the native shim is built
    /// (<see cref="CudaSideStream"/>), else the compute stream.</param>
    public static LayerOffloading Attach(ZImageTransformer2DModel model, double share, Float8Weights? quantized, IBlockCopyStream? copies = null) =>
        Attach(model, OffloadPlan.Blocks(model.BlockCount, share), quantized, copies);

    /// <param name="offloaded">per block in execution order (<see cref="OffloadPlan"/>).</param>
    /// <param name="prepare">called for each block before its frozen tensors are taken (<see cref="TransformerHostLoad"/>).</param>
    public static LayerOffloading Attach(ZImageTransformer2DModel model, IReadOnlyList<bool> offloaded, Float8Weights? quantized,
        IBlockCopyStream? copies = null, Action<nn.Module>? prepare = null)
    {
        if (model.Offloading is not null) throw new InvalidOperationException("the transformer is already offloaded");
        var offloading = LayerOffloading.Attach(model.BlockStacks, offloaded, block => FrozenTensors(block, quantized), model.Device,
            copies ?? (IBlockCopyStream?)CudaSideStream.TryLoad(model.Device) ?? ComputeStreamCopies.Instance, prepare);
        model.Offloading = offloading;
        return offloading;
    }

    /// <summary>The log line for a training run.</summary>
    public static string Describe(LayerOffloading offloading) =>
        $"layer offloading: {offloading.OffloadedCount} of {offloading.BlockCount} transformer blocks keep their frozen weights " +
        $"({offloading.HostBytes / (1L << 20):N0} MiB) in host memory; {offloading.CopyDescription}";

    static IReadOnlyList<FrozenTensor> FrozenTensors(nn.Module block, Float8Weights? quantized) =>
        block.modules().OfType<Linear>()
            .SelectMany(linear => (quantized?.FrozenTensorsOf(linear) ?? [Weight(linear)]).Concat(Bias(linear)))
            .ToList();

    static FrozenTensor Weight(Linear linear)
    {
        if (linear.weight!.requires_grad) throw new InvalidOperationException("layer offloading moves frozen weights only: freeze the base first");
        return new FrozenTensor("weight", () => linear.weight!, t => linear.weight = Frozen(t));
    }

    static IEnumerable<FrozenTensor> Bias(Linear linear) =>
        linear.bias is null ? [] : [new FrozenTensor("bias", () => linear.bias!, t => linear.bias = Frozen(t))];

    static Parameter Frozen(Tensor tensor)
    {
        var parameter = new Parameter(tensor, requires_grad: false);
        parameter.DetachFromDisposeScope();
        return parameter;
    }
}
