namespace ZImageSweep.Contracts.Workers;

/// <summary>
/// The arm's staged checkpoint was abandoned (<see cref="WorkerCommand.Abandon"/>, or no answer within
/// <see cref="WorkerProtocol.CommitAnswerTimeout"/>): it was deleted and the arm left the worker. Superseded, not
/// failed: the supervisor releases the arm without restarting it, since its current run is elsewhere.
/// </summary>
public sealed record FencedEvent(long Step) : WorkerEvent(Step);
