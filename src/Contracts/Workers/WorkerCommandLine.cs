using System.Text.Json.Serialization;

namespace ZImageSweep.Contracts.Workers;

/// <summary>
/// One line a supervisor writes to a worker's stdin (<see cref="WorkerProtocol"/>): the command, the arm it is for
/// (<see cref="Run"/>, the arm's placement epoch; null only for <see cref="WorkerCommand.Drain"/>), and for
/// <see cref="WorkerCommand.Start"/> the absolute path of the arm's job file and the checkpoint to resume from (null:
/// the newest complete checkpoint in the job's folder, or the start). Keys that are null are not written.
/// </summary>
public sealed record WorkerCommandLine(
    WorkerCommand Command,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Run = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Job = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ResumeFrom = null)
{
    public static WorkerCommandLine Start(Guid run, string job, string? resumeFrom) => new(WorkerCommand.Start, run.ToString(), job, resumeFrom);

    /// <summary>A command for one arm: anything but <see cref="WorkerCommand.Start"/> and <see cref="WorkerCommand.Drain"/>.</summary>
    public static WorkerCommandLine For(Guid run, WorkerCommand command) => new(command, run.ToString());

    public static WorkerCommandLine Drain { get; } = new(WorkerCommand.Drain);

    /// <summary>Whether the line carries what its command needs (a run, and for start a job); a line that does not is malformed.</summary>
    [JsonIgnore]
    public bool IsComplete => Command switch
    {
        WorkerCommand.Drain => Run is null,
        WorkerCommand.Start => !string.IsNullOrEmpty(Run) && !string.IsNullOrEmpty(Job),
        _ => !string.IsNullOrEmpty(Run),
    };
}
