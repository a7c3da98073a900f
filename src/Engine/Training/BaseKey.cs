using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Engine.Pipelines;
using ZImageSweep.Engine.Runtime;

namespace ZImageSweep.Engine.Training;

/// <summary>
/// What makes two jobs train on the same loaded base: the model files (and where tokenizer, text encoder and VAE come
/// from), the device, the dtype and the float8 quantisation. Jobs with equal keys share one loaded pipeline (the slot
/// worker's resident base, a pack); the job keys are named as in the job file.
/// </summary>
public sealed record BaseKey(string NameOrPath, string? Extras, string Device, TrainDType DType, bool Quantize, QuantizeType QType)
{
    public static BaseKey Of(JobConfig job)
    {
        ModelConfig model = job.Process.Model;
        // Extras equal to the model itself are no extras: tokenizer, text encoder and VAE come from the model.
        string? extras = string.IsNullOrEmpty(model.ExtrasNameOrPath) || model.ExtrasNameOrPath == model.NameOrPath ? null : model.ExtrasNameOrPath;
        return new BaseKey(model.NameOrPath, extras, job.Process.Device, job.Process.Train.DType, model.Quantize, model.QType);
    }

    public ComputeTarget Target => ComputeTarget.Parse(Device, DType == TrainDType.BFloat16 ? "bf16" : "fp32");

    public ZImagePipelineOptions PipelineOptions => new() { Model = NameOrPath, Extras = Extras, Target = Target };

    /// <summary>The first job key whose value differs from <paramref name="loaded"/>'s, with both values; null when the keys are equal.</summary>
    public (string Key, string Reason)? Difference(BaseKey loaded) =>
        Differs("model.name_or_path", NameOrPath, loaded.NameOrPath)
        ?? Differs("model.extras_name_or_path", Extras, loaded.Extras)
        ?? Differs("device", Device, loaded.Device)
        ?? Differs("train.dtype", ConfigEnum.Name(DType), ConfigEnum.Name(loaded.DType))
        ?? Differs("model.quantize", Quantize.ToString().ToLowerInvariant(), loaded.Quantize.ToString().ToLowerInvariant())
        ?? Differs("model.qtype", ConfigEnum.Name(QType), ConfigEnum.Name(loaded.QType));

    static (string Key, string Reason)? Differs(string key, string? value, string? loaded) =>
        value == loaded ? null : (key, $"'{value}' differs from the loaded base's '{loaded}'");
}
