using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Placement;
using ZImageSweep.Contracts.Workers;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Trainers;
using ZImageSweep.Grains.Telemetry;
using ZImageSweep.Grains.Workers;

namespace ZImageSweep.Grains.Trainers;

/// <summary>
/// Supervises the worker of one GPU slot: starts it through the silo's <see cref="WorkerHost"/>, relays its events to
/// the experiment, remembers the last verified checkpoint, and restarts a worker that died from that checkpoint up to
/// <see cref="WorkerOptions.MaxRestarts"/> times in a row without a new checkpoint before failing the experiment with
/// the reason.
/// Keyed by slot and placed on the slot's silo only (<see cref="GpuSlotPlacementAttribute"/>), never moved
/// (<see cref="ImmovableAttribute"/>). Reentrant so the experiment can call in while an event relay to it is waiting.
/// State is in memory on purpose: if this silo dies, so does the worker, and the experiment's watchdog re-places it.
/// </summary>
[Reentrant, Immovable, GpuSlotPlacement]
public sealed class TrainerGrain(
    WorkerHost host,
    IOptions<WorkerOptions> options,
    SweepMetrics metrics,
    ILogger<TrainerGrain> logger) : Grain, ITrainerGrain
{
    TrainerAssignment? _assignment;
    CheckpointRef? _lastCheckpoint;
    int _restarts;
    bool _ended; // the worker reported finished, stopped or failed: its exit is expected

    static readonly TimeSpan WorkerExitGrace = TimeSpan.FromSeconds(15);

    string Slot => this.GetPrimaryKeyString();
    int GpuIndex => GpuSlots.Parse(Slot).GpuIndex;

    async Task ITrainerGrain.EnsureRunning(TrainerAssignment assignment)
    {
        // A worker that has reported its end is only shutting down; the next arm waits for it instead of a watchdog tick.
        if (_assignment is { } ending && _ended && ending.RunId != assignment.RunId)
            await host.WaitForExitAsync(GpuIndex, ending.RunId, WorkerExitGrace);
        // A worker that has not reported its end stays ours until its exit is relayed: OnWorkerExited then decides
        // with the newest checkpoint (the experiment, asking from its watchdog, may not have heard of it yet).
        if (_assignment is { } current && (_ended ? host.IsRunning(GpuIndex, current.RunId) : host.IsActive(GpuIndex, current.RunId)))
        {
            if (current.RunId == assignment.RunId) return;
            throw new SlotBusyException(Slot, current.ExperimentKey, assignment.ExperimentKey);
        }
        CheckpointRef? ownLast = _assignment?.RunId == assignment.RunId ? _lastCheckpoint : null;
        _assignment = assignment;
        _lastCheckpoint = (ownLast?.Step ?? -1) > (assignment.ResumeFrom?.Step ?? -1) ? ownLast : assignment.ResumeFrom;
        _restarts = 0;
        _ended = false;
        host.Start(Slot, GpuIndex, assignment, _lastCheckpoint?.Path);
        // A running worker is activity this grain cannot see (its events arrive as calls, but a long silent
        // step must not let the activation be collected and orphan the process).
        DelayDeactivation(Timeout.InfiniteTimeSpan);
    }

    Task ITrainerGrain.Stop(Guid runId)
    {
        host.Send(GpuIndex, runId, WorkerCommand.Stop);
        return Task.CompletedTask;
    }

    async Task ITrainerGrain.OnWorkerEvent(Guid runId, WorkerReport report)
    {
        if (_assignment?.RunId != runId) return;
        metrics.Record(_assignment, report);
        if (report.Kind == WorkerReportKind.Checkpoint)
        {
            // The budget counts failures without progress: a new checkpoint renews it, so crashes spread over a long
            // run do not add up to a failed arm.
            if (report.File!.Step > (_lastCheckpoint?.Step ?? -1)) _restarts = 0;
            _lastCheckpoint = report.File;
        }
        if (report.Kind is WorkerReportKind.Finished or WorkerReportKind.Stopped or WorkerReportKind.Failed) _ended = true;
        await Experiment(_assignment.ExperimentKey).OnWorkerReport(runId, report);
    }

    async Task ITrainerGrain.OnWorkerExited(Guid runId, int exitCode, string stderrTail)
    {
        if (_assignment is not { } assignment || assignment.RunId != runId) return;
        if (_ended)
        {
            Release();
            return;
        }
        if (exitCode == WorkerProtocol.FencedExitCode)
        {
            // Superseded, not failed: the arm's current run is elsewhere, so restarting this one would fight it.
            Log.WorkerFenced(logger, Slot, runId, assignment.ExperimentKey);
            Release();
            return;
        }
        if (_restarts < options.Value.MaxRestarts)
        {
            _restarts++;
            Log.WorkerRestarting(logger, Slot, assignment.ExperimentKey, exitCode, _restarts, options.Value.MaxRestarts);
            host.Start(Slot, GpuIndex, assignment, _lastCheckpoint?.Path);
            return;
        }
        string reason = $"the worker exited with code {exitCode} {_restarts + 1} times without a new checkpoint; last output: {stderrTail}";
        Log.WorkerFailed(logger, Slot, assignment.ExperimentKey, reason);
        Release();
        await Experiment(assignment.ExperimentKey).OnWorkerReport(runId, new WorkerReport(WorkerReportKind.Failed, _lastCheckpoint?.Step ?? 0) { Reason = reason });
    }

    async Task<bool> ITrainerGrain.ConfirmCommit(Guid runId, long step) =>
        _assignment is { } assignment && assignment.RunId == runId
        && await Experiment(assignment.ExperimentKey).ConfirmCommit(runId, step);

    IExperimentGrain Experiment(string experimentKey) => GrainFactory.GetGrain<IExperimentGrain>(experimentKey);

    void Release()
    {
        if (_assignment is { } ended) metrics.Forget(ended.ExperimentKey);
        _assignment = null;
        DelayDeactivation(TimeSpan.Zero);
    }
}
