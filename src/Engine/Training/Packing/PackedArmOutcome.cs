namespace ZImageSweep.Engine.Training.Packing;

/// <summary>
/// How one arm of a pack ended: finished (<see cref="FinalLoraPath"/> set), stopped at a checkpoint (neither set), or
/// failed (<see cref="Failure"/>, e.g. a <see cref="TrainingDivergedException"/>) while the rest of the pack went on.
/// </summary>
public sealed record PackedArmOutcome(string Name, string? FinalLoraPath, Exception? Failure = null)
{
    public bool Finished => FinalLoraPath is not null;
}
