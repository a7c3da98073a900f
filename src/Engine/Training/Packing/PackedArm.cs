using ZImageSweep.Engine.Lora;

namespace ZImageSweep.Engine.Training.Packing;

/// <summary>
/// One arm handed to a pack: its job as trainer options, its training adapter (null for none; a frozen runtime LoRA
/// over the arm's rows, never merged into the shared base), and its own observer and control, exactly as the arm
/// would have them training alone.
/// </summary>
public sealed record PackedArm(TrainerOptions Options, ZImageLora? TrainingAdapter, ITrainingObserver Observer, TrainingControl Control)
{
    public string Name => Options.Name;
}
