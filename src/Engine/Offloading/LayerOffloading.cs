using TorchSharp;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Offloading;

/// <summary>
/// ai-toolkit's <c>layer_offloading</c> for a stack of blocks (toolkit/memory_management at ostris/ai-toolkit 27a03a9,
/// which does it per Linear layer): the planned share of blocks (<see cref="OffloadPlan"/>) keeps its frozen weights in
/// host memory, and the model brings a block in just before it computes and sends it back right after, in the forward
/// and in the checkpointed recomputation during backward. Trainable tensors (the LoRA) and optimizer state are never
/// touched. The copies are issued on the compute stream without blocking the host (TorchSharp 0.107 has no CUDA stream
/// API), so they are ordered with the kernels: the memory saving is whole, the copy time is not hidden.
/// Without gradient checkpointing, autograd keeps the weights a block's backward needs until that backward has run, so
/// offloading then saves memory only in inference.
/// </summary>
public sealed class LayerOffloading : IDisposable
{
    readonly Dictionary<nn.Module, OffloadedBlock> _offloaded = new(ReferenceEqualityComparer.Instance);

    public int BlockCount { get; }
    public int OffloadedCount => _offloaded.Count;
    public long HostBytes => _offloaded.Values.Sum(b => b.HostBytes);

    LayerOffloading(int blockCount) => BlockCount = blockCount;

    /// <param name="blocks">the stack in execution order.</param>
    /// <param name="share">of the blocks to offload, 0..1.</param>
    /// <param name="frozenTensors">the tensors of one block that move (its frozen weights).</param>
    public static LayerOffloading Attach(IReadOnlyList<nn.Module> blocks, double share, Func<nn.Module, IReadOnlyList<FrozenTensor>> frozenTensors, Device device)
    {
        var offloading = new LayerOffloading(blocks.Count);
        foreach (var (block, offloaded) in blocks.Zip(OffloadPlan.Blocks(blocks.Count, share)))
            if (offloaded) offloading._offloaded.Add(block, new OffloadedBlock(frozenTensors(block), device));
        return offloading;
    }

    public bool IsOffloaded(nn.Module block) => _offloaded.ContainsKey(block);

    /// <summary>The block's weights on the device until the result is disposed; null (nothing to do) for a resident block.</summary>
    public IDisposable? Use(nn.Module block)
    {
        if (!_offloaded.TryGetValue(block, out OffloadedBlock? offloaded)) return null;
        offloaded.BringIn();
        return new InUse(offloaded);
    }

    sealed class InUse(OffloadedBlock block) : IDisposable
    {
        public void Dispose() => block.SendBack();
    }

    /// <summary>Every block resident again, as before <see cref="Attach"/>.</summary>
    public void Dispose()
    {
        foreach (OffloadedBlock block in _offloaded.Values) block.Dispose();
        _offloaded.Clear();
    }
}
