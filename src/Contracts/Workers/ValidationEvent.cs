namespace ZImageSweep.Contracts.Workers;

/// <summary>
/// The validation signals of the checkpoint at <see cref="WorkerEvent.Step"/>, null where not computed, and the file
/// with every item behind them (<c>Training.Validation.ValidationItems</c>; null from a worker that writes none).
/// </summary>
public sealed record ValidationEvent(long Step, double? ValidationLoss, double? TurboDrift, double? TriggerLeakage, string? ItemsPath = null) : WorkerEvent(Step);
