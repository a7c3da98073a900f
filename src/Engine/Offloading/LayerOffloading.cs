using TorchSharp;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Offloading;

/// <summary>
/// ai-toolkit's <c>layer_offloading</c> for stacks of blocks (toolkit/memory_management at ostris/ai-toolkit 27a03a9,
/// which does it per Linear layer): the planned blocks (<see cref="OffloadPlan"/>) keep their frozen weights in
/// host memory; the model brings a block in just before it computes and sends it back right after, in the forward and
/// in the checkpointed recomputation during backward. Trainable tensors (the LoRA) and optimizer state are never
/// touched. When the copies overlap compute (<see cref="IBlockCopyStream.Overlaps"/>), the next offloaded block of the
/// same stack in the pass's direction is prefetched while the current one computes.
/// Without gradient checkpointing, autograd keeps the weights a block's backward needs until that backward has run, so
/// offloading then saves memory only in inference.
/// </summary>
public sealed class LayerOffloading : IDisposable
{
    sealed record Slot(int Stack, int Index, OffloadedBlock? Offloaded);

    readonly Dictionary<nn.Module, Slot> _slots = new(ReferenceEqualityComparer.Instance);
    readonly List<List<nn.Module>> _stacks;
    readonly IBlockCopyStream _copies;

    public int BlockCount => _slots.Count;
    public int OffloadedCount => _slots.Values.Count(s => s.Offloaded is not null);
    public long HostBytes => _slots.Values.Sum(s => s.Offloaded?.HostBytes ?? 0);
    public string CopyDescription => _copies.Description;
    public bool CopiesOverlap => _copies.Overlaps;

    LayerOffloading(List<List<nn.Module>> stacks, IBlockCopyStream copies) => (_stacks, _copies) = (stacks, copies);

    /// <param name="stacks">the block stacks in execution order; <paramref name="offloaded"/> runs over all their blocks in that order.</param>
    /// <param name="offloaded">per block, whether it is offloaded (<see cref="OffloadPlan"/>).</param>
    /// <param name="frozenTensors">the tensors of one block that move (its frozen weights).</param>
    /// <param name="prepare">called for each block just before its tensors are taken: a base loaded via host
    /// (<see cref="TransformerHostLoad"/>) brings the block to the device and quantizes it there.</param>
    public static LayerOffloading Attach(IReadOnlyList<IReadOnlyList<nn.Module>> stacks, IReadOnlyList<bool> offloaded,
        Func<nn.Module, IReadOnlyList<FrozenTensor>> frozenTensors, Device device, IBlockCopyStream copies, Action<nn.Module>? prepare = null)
    {
        var offloading = new LayerOffloading(stacks.Select(s => s.ToList()).ToList(), copies);
        var blocks = stacks.SelectMany((stack, s) => stack.Select((block, i) => (block, s, i))).ToList();
        if (offloaded.Count != blocks.Count) throw new ArgumentException($"{offloaded.Count} placements for {blocks.Count} blocks", nameof(offloaded));
        foreach (var ((block, stack, index), away) in blocks.Zip(offloaded))
        {
            prepare?.Invoke(block);
            offloading._slots.Add(block, new Slot(stack, index, away ? new OffloadedBlock(frozenTensors(block), device) : null));
        }
        return offloading;
    }

    /// <summary>The log line: how many of the <paramref name="blocks"/> (e.g. "transformer blocks") wait in host memory, and how copies run.</summary>
    public string Describe(string blocks) =>
        $"layer offloading: {OffloadedCount} of {BlockCount} {blocks} keep their frozen weights ({HostBytes / (1L << 20):N0} MiB) in host memory; {CopyDescription}";

    public bool IsOffloaded(nn.Module block) => _slots.TryGetValue(block, out Slot? slot) && slot.Offloaded is not null;

    /// <summary>True while the block's weights are on the device or on their way (prefetched).</summary>
    public bool IsPlaced(nn.Module block) => !_slots.TryGetValue(block, out Slot? slot) || slot.Offloaded is null || slot.Offloaded.Placed;

    /// <summary>
    /// The block's weights on the device until the result is disposed (null: a resident block, nothing to give back);
    /// the next offloaded block of the pass is prefetched meanwhile.
    /// </summary>
    public IDisposable? Use(nn.Module block, BlockPass pass)
    {
        if (!_slots.TryGetValue(block, out Slot? slot)) return null;
        slot.Offloaded?.BringIn(_copies);
        if (_copies.Overlaps) NextOffloaded(slot, pass)?.Prefetch(_copies);
        return slot.Offloaded is { } offloaded ? new InUse(offloaded) : null;
    }

    OffloadedBlock? NextOffloaded(Slot slot, BlockPass pass)
    {
        List<nn.Module> stack = _stacks[slot.Stack];
        int step = pass == BlockPass.Forward ? 1 : -1;
        for (int i = slot.Index + step; i >= 0 && i < stack.Count; i += step)
            if (_slots[stack[i]].Offloaded is { } next) return next;
        return null;
    }

    sealed class InUse(OffloadedBlock block) : IDisposable
    {
        public void Dispose() => block.SendBack();
    }

    /// <summary>Every block resident again, as before <see cref="Attach"/>.</summary>
    public void Dispose() => Restore(afterEach: null);

    /// <summary>
    /// Frees the host copies without bringing any block back, for a model freed together with its offloading (the text
    /// encoder once captions are encoded): restoring would copy every offloaded block to the device only to free it.
    /// The offloaded blocks keep their empty placeholders until the model is disposed.
    /// </summary>
    public void Discard()
    {
        foreach (Slot slot in _slots.Values) slot.Offloaded?.Discard();
        _slots.Clear();
    }

    /// <summary>
    /// Every block resident again, one at a time in execution order, <paramref name="afterEach"/> called on each once
    /// its weights are back (a base loaded via host returns to the host block by block: <see cref="HostLoadedBase"/>).
    /// </summary>
    public void Restore(Action<nn.Module>? afterEach)
    {
        foreach (nn.Module block in _stacks.SelectMany(s => s))
            if (_slots.Remove(block, out Slot? slot))
            {
                slot.Offloaded?.Dispose();
                afterEach?.Invoke(block);
            }
    }
}
