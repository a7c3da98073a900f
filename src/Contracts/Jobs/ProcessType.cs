namespace ZImageSweep.Contracts.Jobs;

/// <summary><c>config.process[0].type</c>: every accepted value runs the same LoRA trainer.</summary>
public enum ProcessType
{
    [ConfigName("diffusion_trainer")] DiffusionTrainer,
    [ConfigName("sd_trainer")] SdTrainer,
    [ConfigName("ui_trainer")] UiTrainer,
}
