namespace ZImageSweep.Contracts.Workers;

/// <summary>Training reached its last step; <see cref="Path"/> is the final LoRA file and <see cref="Sha256"/> its hash.</summary>
public sealed record FinishedEvent(long Step, string Path, string Sha256) : WorkerEvent(Step);
