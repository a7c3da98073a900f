using ZImageSweep.Engine.Models.Qwen3;
using ZImageSweep.Engine.Offloading;
using ZImageSweep.Engine.Quantization;
using ZImageSweep.Engine.Weights;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Pipelines;

/// <summary>
/// The Qwen3 text encoder as a pipeline holds it, in the target dtype. Plain, it is built on the target. With
/// <see cref="ZImagePipelineOptions.QuantizeTextEncoder"/> or <see cref="ZImagePipelineOptions.TextEncoderOffloadShare"/>
/// it loads via host (<see cref="BaseLoadPlan"/>, as the transformer does): the decoder layers are read into host
/// memory and prepared one at a time on the device (<see cref="BlockHostLoad"/>), each quantized to float8 there when
/// asked and then kept, or layer-offloaded with its frozen weights (float8 codes and scales, or bf16) in pinned host
/// memory, while the embedding and the norms stay on the device, as ai-toolkit's MemoryManager leaves them
/// (toolkit/memory_management/manager.py at ostris/ai-toolkit 27a03a9). ai-toolkit
/// (extensions_built_in/diffusion_models/z_image/z_image.py, load_model, same commit) attaches the offloading with
/// <c>layer_offloading_text_encoder_percent</c>, moves the encoder to the device and quantizes every Linear with
/// <c>quantize_te</c>; preparing each layer in turn gives the same codes, scales and features with a device peak of
/// the resident part plus one layer. Disposing it frees the float8 codes and the host copies with the model and
/// restores nothing.
/// </summary>
public sealed class LoadedTextEncoder : IDisposable
{
    readonly Float8Weights? _float8;

    LoadedTextEncoder(Qwen3ForTextEncoding model, Float8Weights? float8, LayerOffloading? offloading) =>
        (Model, _float8, Offloading) = (model, float8, offloading);

    public Qwen3ForTextEncoding Model { get; }

    /// <summary>The decoder layers' offloading, or null when none is asked.</summary>
    public LayerOffloading? Offloading { get; }

    public static LoadedTextEncoder Load(ModelFolder parts, ZImagePipelineOptions options)
    {
        ModelComponent component = parts.TextEncoder;
        Qwen3Config config = Qwen3ConfigReader.FromFile(component.ConfigPath);
        bool viaHost = BaseLoadPlan.LoadsViaHost(options.QuantizeTextEncoder, options.TextEncoderOffloadShare);
        var model = Qwen3ForTextEncoding.Load(config, component.WeightFiles(), Qwen3Depth.HiddenStatesMinus2, options.Target.Device, options.Target.DType,
            layerDevice: viaHost ? CPU : null);
        try
        {
            return viaHost
                ? Prepare(model, BaseLoadPlan.For(model.model.layers.Count, options.QuantizeTextEncoder, options.TextEncoderOffloadShare), options.Log)
                : new LoadedTextEncoder(model, float8: null, offloading: null);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Prepares an encoder whose decoder layers wait in host memory (built with <c>layerDevice: CPU</c>) as
    /// <paramref name="plan"/> lays out, reporting it to <paramref name="log"/>; the result owns <paramref name="model"/>.
    /// </summary>
    /// <param name="copies">where offloaded layers are copied (<see cref="LinearBlockOffloading.Attach"/>).</param>
    public static LoadedTextEncoder Prepare(Qwen3ForTextEncoding model, BaseLoadPlan plan, Action<string>? log = null, IBlockCopyStream? copies = null)
    {
        Qwen3Model decoder = model.model;
        Float8Weights? float8 = plan.Float8 ? Float8Weights.ForParts(model, decoder.Device) : null;
        try
        {
            LayerOffloading? offloading = BlockHostLoad.Prepare(decoder.OffloadableStacks, plan, decoder.Device, float8,
                prepare => LinearBlockOffloading.Attach(decoder, plan.Offloaded, float8, copies, prepare));
            float8?.QuantizeWithin(model); // Linear layers outside the decoder layers: none in Qwen3, kept for any that come
            log?.Invoke(plan.Describe("text encoder", "layers"));
            if (offloading is not null) log?.Invoke(offloading.Describe("text encoder layers"));
            return new LoadedTextEncoder(model, float8, offloading);
        }
        catch
        {
            decoder.Offloading?.Discard();
            decoder.Offloading = null;
            float8?.Discard();
            throw;
        }
    }

    public void Dispose()
    {
        Offloading?.Discard();
        Model.model.Offloading = null;
        _float8?.Discard();
        Model.Dispose();
    }
}
