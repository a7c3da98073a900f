using System.Text.Json;
using ZImageSweep.Engine.ModelConfigFiles;

namespace ZImageSweep.Engine.Weights;

/// <summary>
/// The fields of <c>scheduler/scheduler_config.json</c> the FlowMatch Euler sampler needs (docs/model.md#scheduler-configuration). Absent
/// keys take diffusers' <c>FlowMatchEulerDiscreteScheduler</c> defaults, as diffusers does when it loads the file.
/// </summary>
public sealed record SchedulerConfig(string ClassName, int NumTrainTimesteps, double Shift, bool UseDynamicShifting)
{
    public const string FileName = "scheduler_config.json";

    /// <exception cref="ModelFileNotFoundException">the file is missing.</exception>
    /// <exception cref="ModelConfigException">the file is not JSON or a key has the wrong type or range.</exception>
    public static SchedulerConfig Read(string path)
    {
        JsonElement root = ModelJson.ReadObject(path, "scheduler config not found");
        var config = new SchedulerConfig(
            ModelJson.String(path, root, "_class_name") ?? "FlowMatchEulerDiscreteScheduler",
            ModelJson.Int(path, root, "num_train_timesteps") ?? 1000,
            ModelJson.Double(path, root, "shift") ?? 1.0,
            ModelJson.Bool(path, root, "use_dynamic_shifting") ?? false);
        if (config.NumTrainTimesteps <= 0) throw new ModelConfigException(path, "num_train_timesteps", $"must be positive, not {config.NumTrainTimesteps}");
        if (!(config.Shift > 0)) throw new ModelConfigException(path, "shift", $"must be positive, not {config.Shift}");
        return config;
    }
}
