namespace ZImageSweep.Contracts.Workers;

/// <summary>
/// A complete checkpoint for <see cref="WorkerEvent.Step"/> is on disk under its final name (written under temporary
/// names, committed by the supervisor's <see cref="WorkerCommand.Commit"/> and renamed into place); <see cref="Sha256"/> is the lowercase hex hash of the file at <see cref="Path"/>.
/// <see cref="SaveSeconds"/> is how long writing it took.
/// </summary>
public sealed record CheckpointSavedEvent(long Step, string Path, string Sha256, double SaveSeconds = 0) : WorkerEvent(Step);
