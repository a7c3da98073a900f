using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Contracts.Packing;
using ZImageSweep.Engine.Pipelines;
using ZImageSweep.Engine.Runtime;

namespace ZImageSweep.Engine.Training;

/// <summary>How the engine loads the base a <see cref="BaseKey"/> names: its compute target and pipeline options.</summary>
public static class BaseKeyPipelines
{
    public static ComputeTarget Target(this BaseKey key) => ComputeTarget.Parse(key.Device, key.DType == TrainDType.BFloat16 ? "bf16" : "fp32");

    public static ZImagePipelineOptions PipelineOptions(this BaseKey key) => new()
    {
        Model = key.NameOrPath, Extras = key.Extras, Target = key.Target(), QuantizeTextEncoder = key.QuantizesTextEncoder,
    };
}
