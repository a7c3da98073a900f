namespace ZImageSweep.Contracts.Jobs;

/// <summary><c>train.lr_scheduler</c>; warmup comes from <c>train.lr_warmup_steps</c>.</summary>
public enum LrSchedulerKind
{
    [ConfigName("constant")] Constant,
    [ConfigName("cosine")] Cosine,
    [ConfigName("linear")] Linear,
}
