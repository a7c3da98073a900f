using ZImageSweep.Contracts.Jobs.Keys;

namespace ZImageSweep.Contracts.Jobs;

/// <summary><c>save</c>: checkpoint dtype, cadence and retention (docs/training.md#save).</summary>
public sealed record SaveConfig
{
    public SaveDType DType { get; init; } = SaveDType.Float16;
    public int SaveEvery { get; init; } = 1000;
    /// <summary>Older step checkpoints beyond this count are deleted; the final LoRA is always kept.</summary>
    public int MaxStepSavesToKeep { get; init; } = 5;

    internal static SaveConfig Read(MappingScope s)
    {
        var config = new SaveConfig
        {
            DType = s.Enum("dtype", SaveDType.Float16),
            SaveEvery = s.Int("save_every", 1000, min: 1),
            MaxStepSavesToKeep = s.Int("max_step_saves_to_keep", 5, min: 1),
        };
        s.RejectUnknownKeys(SaveKeys.Section);
        return config;
    }
}
