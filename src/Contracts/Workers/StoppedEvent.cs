namespace ZImageSweep.Contracts.Workers;

/// <summary>The arm obeyed a <see cref="WorkerCommand.Stop"/> (or <see cref="WorkerCommand.Drain"/>): it saved a checkpoint (if a step was trained since the last one) and left the worker.</summary>
public sealed record StoppedEvent(long Step) : WorkerEvent(Step);
