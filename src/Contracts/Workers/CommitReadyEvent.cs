namespace ZImageSweep.Contracts.Workers;

/// <summary>
/// The checkpoint for <see cref="WorkerEvent.Step"/> is written under temporary names and waits for the supervisor's
/// <see cref="WorkerCommand.Commit"/> or <see cref="WorkerCommand.Abandon"/> (the fencing handshake of
/// <see cref="WorkerProtocol"/>); the worker trains no further step until it has the answer.
/// </summary>
public sealed record CommitReadyEvent(long Step) : WorkerEvent(Step);
