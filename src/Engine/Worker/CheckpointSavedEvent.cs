namespace ZImageSweep.Engine.Worker;

/// <summary>
/// A complete checkpoint for <see cref="WorkerEvent.Step"/> is on disk under its final name (written to a temporary
/// name, flushed and renamed first); <see cref="Sha256"/> is the lowercase hex hash of the file at <see cref="Path"/>.
/// </summary>
public sealed record CheckpointSavedEvent(long Step, string Path, string Sha256) : WorkerEvent(Step);
