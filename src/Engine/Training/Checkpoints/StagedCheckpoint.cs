namespace ZImageSweep.Engine.Training.Checkpoints;

/// <summary>
/// A checkpoint written under its run's temporary names (<c>.state/staging/</c>), hashed, and not yet committed:
/// resume never sees it until <see cref="CheckpointStore.Commit"/> renames it into place and writes its record.
/// </summary>
public sealed record StagedCheckpoint(int Step, string? Run, string LoraPath, string LoraSha256, string StatePath, string StateSha256, TimeSpan WriteTime);
