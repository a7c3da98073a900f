namespace ZImageSweep.Contracts.Workers;

/// <summary>The worker loaded the arm's job (the first event of a run after its <see cref="WorkerCommand.Start"/>); <see cref="WorkerEvent.Step"/> is where it resumes (0 for a fresh run).</summary>
public sealed record StartedEvent(long Step, long TotalSteps) : WorkerEvent(Step);
