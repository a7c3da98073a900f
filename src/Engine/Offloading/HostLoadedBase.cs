using TorchSharp;
using ZImageSweep.Engine.Models.ZImage;
using ZImageSweep.Engine.Quantization;
using static TorchSharp.torch;
using ZImageSweep.Engine.Runtime;

namespace ZImageSweep.Engine.Offloading;

/// <summary>
/// A transformer prepared block by block (<see cref="TransformerHostLoad"/>): its float8 weights and layer offloading,
/// and where each block was found. Disposing undoes it the same way: one block at a time is brought back, dequantized
/// and returned to where it was found (host memory for a pipeline that built the blocks there), so the end of a run
/// needs no more device memory than its start — restoring the whole bf16 transformer on the device at once would not
/// fit the 12–16 GB card the preparation is for.
/// </summary>
public sealed class HostLoadedBase : IDisposable
{
    readonly ZImageTransformer2DModel _model;
    readonly Dictionary<nn.Module, Device> _homes;

    internal HostLoadedBase(ZImageTransformer2DModel model, Dictionary<nn.Module, Device> homes, Float8Weights? quantized, LayerOffloading? offloading) =>
        (_model, _homes, Quantized, Offloading) = (model, homes, quantized, offloading);

    public Float8Weights? Quantized { get; }
    public LayerOffloading? Offloading { get; }

    public void Dispose()
    {
        if (Offloading is not null)
        {
            Offloading.Restore(Leave);
            _model.Offloading = null;
        }
        else
        {
            foreach (nn.Module block in _model.BlockStacks.SelectMany(s => s)) Leave(block);
        }
        Quantized?.Dispose(); // the layers outside the blocks, if any, and the decode table
    }

    void Leave(nn.Module block)
    {
        Quantized?.RestoreWithin(block);
        block.MoveTo(_homes[block]);
    }
}
