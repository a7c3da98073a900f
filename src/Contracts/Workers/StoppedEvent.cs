namespace ZImageSweep.Contracts.Workers;

/// <summary>The worker obeyed a <see cref="WorkerCommand.Stop"/>: it saved a checkpoint (if a step was trained since the last one) and is exiting.</summary>
public sealed record StoppedEvent(long Step) : WorkerEvent(Step);
