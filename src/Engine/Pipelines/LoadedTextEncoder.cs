using ZImageSweep.Engine.Models.Qwen3;
using ZImageSweep.Engine.Quantization;
using ZImageSweep.Engine.Weights;

namespace ZImageSweep.Engine.Pipelines;

/// <summary>
/// The Qwen3 text encoder as a pipeline holds it: loaded on the target in the target dtype and, when asked
/// (<see cref="ZImagePipelineOptions.QuantizeTextEncoder"/>), with its Linear weights stored as float8 right after
/// loading — ai-toolkit's order (extensions_built_in/diffusion_models/z_image/z_image.py, load_model, at
/// ostris/ai-toolkit 27a03a9: the encoder is moved to the device, then <c>quantize(text_encoder, qtype_te)</c>, which
/// quantizes every Linear). Disposing it frees the float8 codes with the model and restores nothing.
/// </summary>
public sealed class LoadedTextEncoder : IDisposable
{
    readonly Float8Weights? _float8;

    LoadedTextEncoder(Qwen3ForTextEncoding model, Float8Weights? float8) => (Model, _float8) = (model, float8);

    public Qwen3ForTextEncoding Model { get; }

    public static LoadedTextEncoder Load(ModelFolder parts, ZImagePipelineOptions options)
    {
        ModelComponent component = parts.TextEncoder;
        Qwen3Config config = Qwen3ConfigReader.FromFile(component.ConfigPath);
        var model = Qwen3ForTextEncoding.Load(config, component.WeightFiles(), Qwen3Depth.HiddenStatesMinus2, options.Target.Device, options.Target.DType);
        try
        {
            return new LoadedTextEncoder(model, options.QuantizeTextEncoder ? Float8Weights.Apply(model) : null);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _float8?.Discard();
        Model.Dispose();
    }
}
