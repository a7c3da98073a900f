namespace ZImageSweep.Contracts.Jobs;

/// <summary><c>train.loss_type</c>.</summary>
public enum LossType
{
    [ConfigName("mse")] Mse,
    [ConfigName("mae")] Mae,
}
