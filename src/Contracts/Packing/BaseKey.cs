using System.Globalization;
using ZImageSweep.Contracts.Jobs;

namespace ZImageSweep.Contracts.Packing;

/// <summary>
/// What makes two jobs train on the same loaded, frozen base: the architecture and model files (and where tokenizer,
/// text encoder and VAE come from), the device, the dtype, and what is done to the frozen weights — float8
/// quantisation and layer offloading. Jobs with equal keys share one loaded pipeline: the slot worker's resident base
/// and a pack (<see cref="PackKey"/> adds how each step calls it). Fields are named by their job keys.
/// </summary>
public sealed record BaseKey(
    string Arch, string NameOrPath, string? Extras, string Device, TrainDType DType, string Quantize, string QuantizeTextEncoder,
    string LayerOffloading)
{
    public static BaseKey Of(ProcessConfig process)
    {
        ModelConfig model = process.Model;
        // Extras equal to the model itself are no extras: tokenizer, text encoder and VAE come from the model.
        string? extras = string.IsNullOrEmpty(model.ExtrasNameOrPath) || model.ExtrasNameOrPath == model.NameOrPath ? null : model.ExtrasNameOrPath;
        return new BaseKey(
            ConfigEnum.Name(model.Arch), model.NameOrPath, extras, process.Device, process.Train.DType,
            model.Quantize ? ConfigEnum.Name(model.QType) : Off,
            model.QuantizeTextEncoder ? ConfigEnum.Name(model.QTypeTextEncoder) : Off,
            model.LayerOffloading is { } offloading ? $"transformer share {Share(offloading.TransformerShare)}, text encoder share {Share(offloading.TextEncoderShare)}" : Off);
    }

    static string Share(double share) => share.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>The value of a quantisation or offloading field that is off.</summary>
    public const string Off = "false";

    public bool QuantizesTextEncoder => QuantizeTextEncoder != Off;

    /// <summary>The first job key whose value differs from <paramref name="loaded"/>'s, with both values; null when the keys are equal.</summary>
    public (string Key, string Reason)? Difference(BaseKey loaded) =>
        Fields().Zip(loaded.Fields()).Where(p => p.First.Value != p.Second.Value)
            .Select(p => ((string Key, string Reason)?)(p.First.JobKey, $"'{p.First.Value}' differs from the loaded base's '{p.Second.Value}'"))
            .FirstOrDefault();

    internal IEnumerable<(string JobKey, string Value)> Fields() =>
    [
        ("model.arch", Arch), ("model.name_or_path", NameOrPath), ("model.extras_name_or_path", Extras ?? ""), ("device", Device),
        ("train.dtype", ConfigEnum.Name(DType)), ("model.quantize", Quantize), ("model.quantize_te", QuantizeTextEncoder),
        ("model.layer_offloading", LayerOffloading),
    ];
}
