namespace ZImageSweep.Contracts.Jobs;

/// <summary><c>train.optimizer</c>.</summary>
public enum OptimizerKind
{
    [ConfigName("adamw")] AdamW,
    [ConfigName("adamw8bit")] AdamW8Bit,
}
