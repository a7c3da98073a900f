namespace ZImageSweep.Contracts.Workers;

/// <summary>An optimizer step finished.</summary>
public sealed record StepEvent(long Step, double Loss, double Lr, double StepSeconds) : WorkerEvent(Step);
