namespace ZImageSweep.Contracts.Workers;

/// <summary>The validation signals of the checkpoint at <see cref="WorkerEvent.Step"/>; null where not computed.</summary>
public sealed record ValidationEvent(long Step, double? ValidationLoss, double? TurboDrift, double? TriggerLeakage) : WorkerEvent(Step);
