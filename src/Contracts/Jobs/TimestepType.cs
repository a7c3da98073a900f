namespace ZImageSweep.Contracts.Jobs;

/// <summary><c>train.timestep_type</c>: how training timesteps are drawn (TRAINING.md §4.2).</summary>
public enum TimestepType
{
    [ConfigName("sigmoid")] Sigmoid,
    [ConfigName("weighted")] Weighted,
    [ConfigName("linear")] Linear,
    [ConfigName("shift")] Shift,
}
