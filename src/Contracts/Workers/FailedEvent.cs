namespace ZImageSweep.Contracts.Workers;

/// <summary>
/// This arm cannot train on (bad input, NaN loss, out of memory, a start refused because arms of another base are
/// training — the reason names the differing key) and left the worker; other arms go on.
/// </summary>
public sealed record FailedEvent(long Step, string Reason) : WorkerEvent(Step);
