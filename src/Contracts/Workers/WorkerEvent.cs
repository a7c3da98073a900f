using System.Text.Json.Serialization;

namespace ZImageSweep.Contracts.Workers;

/// <summary>
/// One progress event of a training worker, written as one JSON line on stdout (<see cref="WorkerProtocol"/>).
/// <see cref="Step"/> is the arm's last completed optimizer step when the event was written; <see cref="Run"/> names
/// the arm (the run of its <see cref="WorkerCommand.Start"/>; null only from an interactive <c>zsweep train</c>).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "event")]
[JsonDerivedType(typeof(StartedEvent), "started")]
[JsonDerivedType(typeof(StepEvent), "step")]
[JsonDerivedType(typeof(CommitReadyEvent), "commit_ready")]
[JsonDerivedType(typeof(CheckpointSavedEvent), "checkpoint")]
[JsonDerivedType(typeof(SamplesWrittenEvent), "samples")]
[JsonDerivedType(typeof(ValidationEvent), "validation")]
[JsonDerivedType(typeof(StoppedEvent), "stopped")]
[JsonDerivedType(typeof(FinishedEvent), "finished")]
[JsonDerivedType(typeof(FailedEvent), "failed")]
[JsonDerivedType(typeof(FencedEvent), "fenced")]
public abstract record WorkerEvent(long Step)
{
    public string? Run { get; init; }
}
