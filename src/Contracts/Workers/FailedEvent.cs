namespace ZImageSweep.Contracts.Workers;

/// <summary>Training cannot continue (bad input, NaN loss, out of memory); the worker exits non-zero after writing this.</summary>
public sealed record FailedEvent(long Step, string Reason) : WorkerEvent(Step);
