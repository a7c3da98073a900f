namespace ZImageSweep.Contracts.Jobs.Keys;

/// <summary><c>train.optimizer_params</c>: the optimizer arguments ZImageSweep's AdamW implementations take.</summary>
public static class OptimizerParamsKeys
{
    public static readonly JobKeySection Section = new("train.optimizer_params",
    [
        JobKey.Honoured("weight_decay", "0.01", "unset: the optimizer's own default (0.01)"),
    ]);
}
