using System.Collections.Concurrent;
using ZImageSweep.Engine.Models.Common;
using ZImageSweep.Engine.Offloading;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Models.ZImage;

/// <summary>
/// Gradient checkpointing for one transformer block (TorchSharp 0.107 has no torch.utils.checkpoint): a custom
/// autograd function whose forward runs the block without recording a graph and keeps only the block's input, and
/// whose backward re-runs the block with autograd on and back-propagates through the recomputation (PyTorch's
/// reentrant mode). Activation memory drops from every block's intermediates to one input per block, at the cost
/// of a second forward. Blocks are deterministic (no dropout), so the recomputation is exact.
/// </summary>
sealed class BlockCheckpoint : autograd.SingleTensorFunction<BlockCheckpoint>
{
    /// <summary>
    /// The non-differentiable arguments (tensors passed as Function arguments would become graph inputs). They are
    /// aliases kept out of the model's dispose scope, which ends before backward runs. After the replay they go back
    /// to the thread that made them (<see cref="Owner"/>), which disposes them at its next checkpointed forward:
    /// TorchSharp counts live tensors per thread, and a dispose on the autograd thread would leave the creating
    /// thread's count looking like a leak.
    /// </summary>
    sealed record BlockCall(ZImageTransformerBlock Block, Tensor? KeyMask, RotaryFreqs Freqs, Tensor? Adaln, LayerOffloading? Offloading, ConcurrentQueue<BlockCall> Owner) : IDisposable
    {
        public static BlockCall Keep(ZImageTransformerBlock block, Tensor? keyMask, RotaryFreqs freqs, Tensor? adaln, LayerOffloading? offloading) =>
            new(block, Keep(keyMask), new RotaryFreqs(Keep(freqs.Cos)!, Keep(freqs.Sin)!), Keep(adaln), offloading, _replayed ??= new());

        static Tensor? Keep(Tensor? t) => t?.alias().DetachFromDisposeScope();

        public void Dispose()
        {
            KeyMask?.Dispose();
            Freqs.Cos.Dispose();
            Freqs.Sin.Dispose();
            Adaln?.Dispose();
        }
    }

    /// <summary>This thread's calls whose replay has finished, to be disposed here (see <see cref="BlockCall"/>).</summary>
    [ThreadStatic] static ConcurrentQueue<BlockCall>? _replayed;

    public override string Name => nameof(BlockCheckpoint);

    /// <summary>The block's output with a graph node that recomputes the block during backward.</summary>
    /// <param name="offloading">brings an offloaded block's weights in again for the recomputation (the caller does it for the forward).</param>
    public static Tensor Run(ZImageTransformerBlock block, Tensor hidden, Tensor? keyMask, RotaryFreqs freqs, Tensor? adaln, LayerOffloading? offloading)
    {
        if (adaln is { requires_grad: true })
            throw new NotSupportedException("gradient checkpointing assumes a frozen timestep embedder (the adaLN input needs no gradient)");
        // The node is recorded only if an input requires grad; like PyTorch's reentrant checkpoint, make the block
        // input require it so gradients reach the trainable LoRA weights inside this and earlier blocks.
        if (!hidden.requires_grad) hidden = hidden.detach().requires_grad_(true);
        if (_replayed is { } replayed)
            while (replayed.TryDequeue(out BlockCall? done)) done.Dispose();
        // Frees apply's empty_like of the output at once (CustomAutograd.Apply): one activation-sized tensor per block.
        return CustomAutograd.Apply(() => apply(hidden, BlockCall.Keep(block, keyMask, freqs, adaln, offloading)));
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var hidden = (Tensor)vars[0];
        var call = (BlockCall)vars[1];
        ctx.save_for_backward([hidden]);
        ctx.save_data(nameof(BlockCall), call);
        return call.Block.forward(hidden, call.KeyMask, call.Freqs, call.Adaln);
    }

    // Runs on libtorch's autograd thread, which has no dispose scope of its own: everything the replay creates is
    // freed here at once (otherwise recomputed activations would live until the GC finalizes them). TorchSharp wraps
    // grad_output in a managed tensor that owns a reference of its own, so it is disposed here too once used; the
    // returned gradient goes to native code and is released later (CustomAutograd.Return).
    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        CustomAutograd.ReleaseReturnedGradients();
        using var scope = NewDisposeScope();
        var call = (BlockCall)ctx.get_data(nameof(BlockCall));
        Tensor input = ctx.get_saved_variables()[0];
        using (enable_grad())
        using (call.Offloading?.Use(call.Block, BlockPass.Recompute))
        {
            Tensor replay = input.detach().requires_grad_(true);
            Tensor output = call.Block.forward(replay, call.KeyMask, call.Freqs, call.Adaln);
            autograd.backward([output], [grad_output]);
            grad_output.Dispose();
            Tensor inputGrad = CustomAutograd.Return(replay.grad!);
            call.Owner.Enqueue(call);
            return [inputGrad, null!]; // one entry per Function argument; none for the BlockCall
        }
    }
}
