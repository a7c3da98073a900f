using TorchSharp;
using TorchSharp.Modules;
using ZImageSweep.Engine.Models.ZImage;
using ZImageSweep.Engine.Quantization;
using static TorchSharp.torch;
using ZImageSweep.Engine.Runtime;

namespace ZImageSweep.Engine.Offloading;

/// <summary>
/// Prepares a transformer whose blocks were built in host memory (ZImagePipelineOptions.TransformerBlocksOnHost)
/// block by block (<see cref="BlockHostLoad"/>), as <see cref="BaseLoadPlan"/> lays out: each block comes to the
/// device, gets the caller's merge (the training adapter, before quantisation as ai-toolkit does), is quantized there
/// when float8 is asked, and is then kept (resident) or handed to layer offloading — the same
/// <see cref="Float8Weights"/> and <see cref="LayerOffloading"/> as a base built on the device, so the numerics and the
/// offloaded state are those of that path. A block already on the device is prepared the same way.
/// <see cref="HostLoadedBase.Dispose"/> undoes it block by block.
/// </summary>
public static class TransformerHostLoad
{
    /// <param name="mergeInto">called with the Linear layers that just reached the device (first the non-block parts,
    /// then each block's) before they are quantized.</param>
    /// <param name="copies">for the offloaded blocks (<see cref="TransformerOffloading.Attach(ZImageTransformer2DModel, IReadOnlyList{bool}, Float8Weights?, IBlockCopyStream?, Action{nn.Module}?)"/>).</param>
    /// <returns>the prepared state; disposing it returns each block to where it was found, one at a time.</returns>
    public static HostLoadedBase Prepare(ZImageTransformer2DModel model, BaseLoadPlan plan,
        Action<IReadOnlyCollection<Linear>>? mergeInto = null, IBlockCopyStream? copies = null)
    {
        BlockHostLoad.Check(model.BlockStacks, plan);
        Device device = model.Device; // the non-block parts are built there
        var blocks = model.BlockStacks.SelectMany(s => s).ToList();
        var homes = blocks.ToDictionary(b => b, b => b.parameters().First().device, (IEqualityComparer<nn.Module>)ReferenceEqualityComparer.Instance);
        var blockLinears = new HashSet<Linear>(blocks.SelectMany(b => b.modules().OfType<Linear>()), ReferenceEqualityComparer.Instance);
        mergeInto?.Invoke(model.modules().OfType<Linear>().Where(l => !blockLinears.Contains(l)).ToList());
        Float8Weights? quantized = plan.Float8 ? Float8Weights.ForParts(model, device) : null;
        try
        {
            LayerOffloading? offloading = BlockHostLoad.Prepare(model.BlockStacks, plan, device, quantized,
                prepare => TransformerOffloading.Attach(model, plan.Offloaded, quantized, copies, prepare),
                mergeInto is null ? null : block => mergeInto(block.modules().OfType<Linear>().ToList()));
            quantized?.QuantizeWithin(model); // the non-block parts (none for Z-Image, whose embedders stay full precision)
            return new HostLoadedBase(model, homes, quantized, offloading);
        }
        catch
        {
            quantized?.Dispose();
            throw;
        }
    }
}
