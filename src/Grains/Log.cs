using Microsoft.Extensions.Logging;

namespace ZImageSweep.Grains;

/// <summary>Source-generated, numbered log messages of the grains (event ids: 1xxx experiments, 2xxx trainers and workers, 3xxx sweeps, 4xxx comparisons).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Experiment {Experiment} is {Status}")]
    public static partial void StatusChanged(ILogger logger, string experiment, string status);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Experiment {Experiment} placed on slot {Slot} (run {RunId}), resuming from step {Step}")]
    public static partial void Placed(ILogger logger, string experiment, string slot, Guid runId, long step);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Experiment {Experiment} lost its trainer on slot {Slot}; it will be placed again")]
    public static partial void TrainerLost(ILogger logger, Exception exception, string experiment, string slot);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Experiment {Experiment} checkpoint at step {Step}: {Path}")]
    public static partial void CheckpointRecorded(ILogger logger, string experiment, long step, string path);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Information, Message = "Experiment {Experiment} {Reason}")]
    public static partial void StoppedEarly(ILogger logger, string experiment, string reason);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Experiment {Experiment} refused the checkpoint commit of run {RunId} at step {Step}: the arm's current run is {CurrentRun}")]
    public static partial void CommitRefused(ILogger logger, string experiment, Guid runId, long step, Guid? currentRun);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Experiment {Experiment} could not confirm run {RunId} in storage for the checkpoint at step {Step}; refusing it")]
    public static partial void CommitUnconfirmed(ILogger logger, Exception exception, string experiment, Guid runId, long step);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Slot {Slot} starts run {RunId} of {Experiment} on worker {Pid} (resume from {ResumeFrom})")]
    public static partial void WorkerStarted(ILogger logger, string slot, int pid, string experiment, Guid runId, string resumeFrom);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Slot {Slot}: the worker training {Experiment} exited with code {ExitCode}; restart {Restart} of {MaxRestarts} from the arm's last checkpoint")]
    public static partial void WorkerRestarting(ILogger logger, string slot, string experiment, int exitCode, int restart, int maxRestarts);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "Slot {Slot}: worker for {Experiment} failed: {Reason}")]
    public static partial void WorkerFailed(ILogger logger, string slot, string experiment, string reason);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "Checkpoint {Path} reported by the worker does not match its hash or is missing; it is not recorded")]
    public static partial void CheckpointRejected(ILogger logger, string path);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Relaying a worker event of run {RunId} failed")]
    public static partial void RelayFailed(ILogger logger, Exception exception, Guid runId);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Stopping: the last events of {Runs} worker run(s) were not relayed in time; they resume from an earlier checkpoint")]
    public static partial void RelayCutShort(ILogger logger, int runs);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "Slot {Slot}: the checkpoint of run {RunId} at step {Step} is abandoned (superseded or unconfirmed); the run leaves its worker")]
    public static partial void CommitAbandoned(ILogger logger, string slot, Guid runId, long step);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "Slot {Slot}: run {RunId} of {Experiment} left its worker, fenced off (another run owns the arm)")]
    public static partial void WorkerFenced(ILogger logger, string slot, Guid runId, string experiment);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Error, Message = "Fenced off: killing {Count} worker(s) and starting none: {Reason}")]
    public static partial void WorkersKilled(ILogger logger, int count, string reason);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "The membership table could not be read")]
    public static partial void MembershipUnreachable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Sweep {Sweep} created with {Arms} arms, concurrency {Concurrency}")]
    public static partial void SweepCreated(ILogger logger, string sweep, int arms, int concurrency);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Sweep {Sweep}: arm {Arm} extended by {Steps} steps to {TotalSteps}")]
    public static partial void ArmExtended(ILogger logger, string sweep, string arm, int steps, int totalSteps);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Sweep {Sweep}: grid of step {Step} written to {Path}")]
    public static partial void GridWritten(ILogger logger, string sweep, long step, string path);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Sweep {Sweep}: the grid of step {Step} could not be written (zsweep compare --step retries it)")]
    public static partial void GridFailed(ILogger logger, Exception exception, string sweep, long step);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Information, Message = "Sweep {Sweep}: arm {ArmId} {Reason}")]
    public static partial void EarlyStopDecided(ILogger logger, string sweep, string armId, string reason);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "Sweep {Sweep}: early stopping could not judge step {Step}; no arm is stopped there")]
    public static partial void EarlyStopSkipped(ILogger logger, Exception exception, string sweep, long step);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Sweep {Sweep} has no arm {ArmId}; its report is ignored")]
    public static partial void UnknownArm(ILogger logger, string sweep, string armId);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Slot {Slot} leased to {Experiment}")]
    public static partial void SlotLeased(ILogger logger, string slot, string experiment);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "No free slot for {Experiment}; {Waiting} experiments wait")]
    public static partial void SlotAwaited(ILogger logger, string experiment, int waiting);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Slot {Slot} given back by {Experiment}; handed to '{HandedTo}' on slot '{HandedSlot}'")]
    public static partial void SlotReleased(ILogger logger, string slot, string experiment, string handedTo, string handedSlot);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Information, Message = "Sweep {Sweep} proposed arm {Proposal} of {Count}: {ArmId} ({Label})")]
    public static partial void ArmProposed(ILogger logger, string sweep, int proposal, int count, string armId, string label);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Information, Message = "Sweep {Sweep} observed arm {ArmId}: {Outcome}")]
    public static partial void ArmObserved(ILogger logger, string sweep, string armId, string outcome);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Warning, Message = "Sweep {Sweep} could not read the objective of its finished arms; it tries again at the next finish or recovery")]
    public static partial void ObservationFailed(ILogger logger, Exception exception, string sweep);
}
