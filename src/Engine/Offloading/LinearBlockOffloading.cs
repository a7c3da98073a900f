using TorchSharp;
using TorchSharp.Modules;
using ZImageSweep.Engine.Quantization;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Offloading;

/// <summary>
/// Layer offloading for stacks of blocks whose frozen weights are Linear layers (the Z-Image transformer's blocks,
/// Qwen3's decoder layers): a block's frozen tensors are its Linear layers' weights and biases, or for float8 layers
/// their codes and scales. Everything else in a block (its norms) stays resident, as in ai-toolkit, whose
/// MemoryManager (toolkit/memory_management/manager.py at ostris/ai-toolkit 27a03a9) moves only Linear and Conv
/// layers and leaves every *Norm, Embedding and RotaryEmbedding module on the GPU.
/// </summary>
public static class LinearBlockOffloading
{
    /// <param name="offloaded">per block over the model's stacks in execution order (<see cref="OffloadPlan"/>).</param>
    /// <param name="copies">where the copies run; by default a CUDA side stream when the native shim is built
    /// (<see cref="CudaSideStream"/>), else the compute stream.</param>
    /// <param name="prepare">called for each block before its frozen tensors are taken (a model loaded via host:
    /// <see cref="BlockHostLoad"/>).</param>
    public static LayerOffloading Attach(IOffloadableModel model, IReadOnlyList<bool> offloaded, Float8Weights? quantized,
        IBlockCopyStream? copies = null, Action<nn.Module>? prepare = null)
    {
        if (model.Offloading is not null) throw new InvalidOperationException($"{model.GetType().Name} is already offloaded");
        model.Offloading = LayerOffloading.Attach(model.OffloadableStacks, offloaded, block => FrozenTensors(block, quantized), model.Device,
            copies ?? (IBlockCopyStream?)CudaSideStream.TryLoad(model.Device) ?? ComputeStreamCopies.Instance, prepare);
        return model.Offloading;
    }

    static IReadOnlyList<FrozenTensor> FrozenTensors(nn.Module block, Float8Weights? quantized) =>
        block.modules().OfType<Linear>()
            .SelectMany(linear => (quantized?.FrozenTensorsOf(linear) ?? [Weight(linear)]).Concat(Bias(linear)))
            .ToList();

    static FrozenTensor Weight(Linear linear)
    {
        if (linear.weight!.requires_grad) throw new InvalidOperationException("layer offloading moves frozen weights only: freeze the model first");
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
