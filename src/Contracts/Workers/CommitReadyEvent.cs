namespace ZImageSweep.Contracts.Workers;

/// <summary>
/// The checkpoint for <see cref="WorkerEvent.Step"/> is written under temporary names and waits for the supervisor's
/// <see cref="WorkerCommand.Commit"/> or <see cref="WorkerCommand.Abandon"/> (the fencing handshake of
/// <see cref="WorkerProtocol"/>); this arm trains no further step until it has the answer (and arms packed with it wait at the step boundary).
/// </summary>
public sealed record CommitReadyEvent(long Step) : WorkerEvent(Step);
