using System.Text.RegularExpressions;
using ZImageSweep.Contracts.Jobs.Keys;

namespace ZImageSweep.Contracts.Jobs;

/// <summary><c>config.process[0]</c>: one LoRA training run (docs/training.md#process).</summary>
public sealed partial record ProcessConfig
{
    public ProcessType Type { get; init; } = ProcessType.DiffusionTrainer;
    /// <summary>Output root; the run writes to <c>&lt;training_folder&gt;/&lt;name&gt;</c>.</summary>
    public string TrainingFolder { get; init; } = "output";
    /// <summary><c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public string Device { get; init; } = "cuda";
    public string? TriggerWord { get; init; }
    /// <summary>Seeds every random source of the run; null draws a seed and records it with the first checkpoint.</summary>
    public long? TrainingSeed { get; init; }
    public ModelConfig Model { get; init; } = new();
    public NetworkConfig Network { get; init; } = new();
    public SaveConfig Save { get; init; } = new();
    public TrainConfig Train { get; init; } = new();
    public IReadOnlyList<DatasetConfig> Datasets { get; init; } = [];
    public SampleConfig Sample { get; init; } = new();
    /// <summary>Our extension: validation signals after every checkpoint; null when the section is absent.</summary>
    public ValidationConfig? Validation { get; init; }

    internal static ProcessConfig Read(MappingScope s)
    {
        var model = ModelConfig.Read(s.Mapping("model"));
        var config = new ProcessConfig
        {
            Type = s.Enum("type", ProcessType.DiffusionTrainer),
            TrainingFolder = s.String("training_folder", "output"),
            Device = s.String("device", "cuda"),
            TriggerWord = s.OptionalString("trigger_word"),
            TrainingSeed = s.OptionalInt("training_seed", min: 0),
            Model = model,
            Network = NetworkConfig.Read(s.Mapping("network")),
            Save = SaveConfig.Read(s.Mapping("save")),
            Train = TrainConfig.Read(s.Mapping("train")),
            Datasets = s.MappingList("datasets").Select(DatasetConfig.Read).ToArray(),
            Sample = SampleConfig.Read(s.Mapping("sample"), model.Arch),
            Validation = s.Has("validation") ? ValidationConfig.Read(s.Mapping("validation"), s.OptionalString("trigger_word")) : null,
        };
        // The logging keys change nothing here; reading the section still checks them against ai-toolkit's.
        s.Mapping("logging").RejectUnknownKeys(LoggingKeys.Section);
        if (config.Validation is not null && config.Train.ValidationConfig is not null)
            s.Error("validation", "give either ai-toolkit's train.validation_config or ZImageSweep's validation section, not both");
        if (!DevicePattern().IsMatch(config.Device)) s.Error("device", $"'{config.Device}' is not a device; use cpu, cuda or cuda:N");
        if (config.Datasets.Count == 0 && !s.Has("datasets")) s.Error("datasets", "is required: give at least one dataset with a folder_path");
        else if (config.Datasets.Count == 0) s.Error("datasets", "must list at least one dataset");
        if (config.Train.DiffOutputPreservation && config.TriggerWord is null && config.Datasets.Any(d => d.TriggerWord is null))
            s.Error("train.diff_output_preservation", "needs a trigger word: set trigger_word (here or on every dataset)");
        s.RejectUnknownKeys(ProcessKeys.Section);
        return config;
    }

    [GeneratedRegex(@"^(cpu|cuda(:[0-9]+)?)$")]
    private static partial Regex DevicePattern();
}
