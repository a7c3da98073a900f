using TorchSharp;
using ZImageSweep.Engine.Quantization;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Offloading;

/// <summary>
/// The block-by-block part of loading via host (<see cref="BaseLoadPlan"/>), shared by the transformer
/// (<see cref="TransformerHostLoad"/>) and the text encoder (Pipelines/LoadedTextEncoder): in execution order each
/// block comes to the device, gets the caller's work on it, is quantized there when float8 is asked, and then stays
/// (resident) or is handed to layer offloading, which moves its frozen tensors to pinned host memory. So the device
/// holds the resident blocks and the one in preparation, never the whole stack at full size.
/// </summary>
public static class BlockHostLoad
{
    /// <param name="attach">attaches layer offloading over the stacks with the given per-block preparation (called
    /// for every block, offloaded or not, before its tensors are taken); used when the plan offloads.</param>
    /// <param name="arrived">called on each block once it is on the device, before it is quantized (the training
    /// adapter's merge).</param>
    /// <returns>the offloading attached, or null when the plan does not offload.</returns>
    public static LayerOffloading? Prepare(IReadOnlyList<IReadOnlyList<nn.Module>> stacks, BaseLoadPlan plan, Device device, Float8Weights? quantized,
        Func<Action<nn.Module>, LayerOffloading> attach, Action<nn.Module>? arrived = null)
    {
        Check(stacks, plan);
        void Arrive(nn.Module block)
        {
            block.MoveTo(device);
            arrived?.Invoke(block);
            quantized?.QuantizeWithin(block);
        }
        if (plan.OffloadShare is not null) return attach(Arrive);
        foreach (nn.Module block in stacks.SelectMany(s => s)) Arrive(block);
        return null;
    }

    /// <summary>The plan loads via host and has one placement per block (callers check before touching the model).</summary>
    public static void Check(IReadOnlyList<IReadOnlyList<nn.Module>> stacks, BaseLoadPlan plan)
    {
        if (!plan.ViaHost) throw new ArgumentException("the plan builds the model on the device; nothing to prepare via host", nameof(plan));
        int blocks = stacks.Sum(s => s.Count);
        if (plan.Offloaded.Count != blocks) throw new ArgumentException($"the plan has {plan.Offloaded.Count} blocks, the model {blocks}", nameof(plan));
    }
}
