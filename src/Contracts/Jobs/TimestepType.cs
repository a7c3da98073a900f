namespace ZImageSweep.Contracts.Jobs;

/// <summary><c>train.timestep_type</c>: how training timesteps are drawn (docs/training.md#timestep-types).</summary>
public enum TimestepType
{
    [ConfigName("sigmoid")] Sigmoid,
    [ConfigName("weighted")] Weighted,
    [ConfigName("linear")] Linear,
    [ConfigName("shift")] Shift,
}
