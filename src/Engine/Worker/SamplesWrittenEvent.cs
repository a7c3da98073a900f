namespace ZImageSweep.Engine.Worker;

/// <summary>Preview images for <see cref="WorkerEvent.Step"/> were written.</summary>
public sealed record SamplesWrittenEvent(long Step, IReadOnlyList<string> Paths) : WorkerEvent(Step);
