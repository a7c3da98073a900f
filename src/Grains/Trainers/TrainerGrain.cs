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
/// Supervises the runs of one GPU slot, all trained by the slot's one worker process (WorkerProtocol v2): starts each
/// through the silo's <see cref="WorkerHost"/>, relays its events to its experiment, remembers its last verified
/// checkpoint, and when the process dies starts each of its runs again (one new process) from that run's own last
/// checkpoint, up to <see cref="WorkerOptions.MaxRestarts"/> times in a row without a new checkpoint before failing
/// that experiment with the reason. Runs share the slot as their assignments allow
/// (<see cref="TrainerAssignment.CanJoin"/>); the process stays up when the slot is idle, keeping its base loaded.
/// Keyed by slot and placed on the slot's silo only (<see cref="GpuSlotPlacementAttribute"/>), never moved
/// (<see cref="ImmovableAttribute"/>). Reentrant so the experiment can call in while an event relay to it is waiting.
/// State is in memory on purpose: if this silo dies, so does the worker, and the experiments' watchdogs re-place them.
/// </summary>
[Reentrant, Immovable, GpuSlotPlacement]
public sealed class TrainerGrain(
    WorkerHost host,
    IOptions<WorkerOptions> options,
    SweepMetrics metrics,
    ILogger<TrainerGrain> logger) : Grain, ITrainerGrain
{
    readonly Dictionary<Guid, TrainerRun> _runs = [];

    string Slot => this.GetPrimaryKeyString();
    int GpuIndex => GpuSlots.Parse(Slot).GpuIndex;

    Task ITrainerGrain.EnsureRunning(TrainerAssignment assignment)
    {
        if (_runs.TryGetValue(assignment.RunId, out var run))
        {
            // An ended run is being told to its experiment; one the worker still has stays ours until its end or its
            // process's exit is relayed: OnWorkerExited then decides with the newest checkpoint (the experiment, asking
            // from its watchdog, may not have heard of it yet).
            if (run.Ended || host.IsActive(GpuIndex, assignment.RunId)) return Task.CompletedTask;
            run.Reassign(assignment);
        }
        else
        {
            var others = _runs.Values.Where(r => !r.Ended).Select(r => r.Assignment).ToArray();
            if (!assignment.CanJoin(others))
                throw new SlotBusyException(Slot, string.Join(", ", others.Select(o => o.ExperimentKey)), assignment.ExperimentKey);
            run = _runs[assignment.RunId] = new TrainerRun(assignment);
        }
        host.Start(Slot, GpuIndex, run.Assignment, run.LastCheckpoint?.Path);
        // A running worker is activity this grain cannot see (its events arrive as calls, but a long silent step must
        // not let the activation be collected and forget its runs).
        DelayDeactivation(Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    Task ITrainerGrain.Stop(Guid runId)
    {
        host.Send(GpuIndex, runId, WorkerCommand.Stop);
        return Task.CompletedTask;
    }

    async Task ITrainerGrain.OnWorkerEvent(Guid runId, WorkerReport report)
    {
        if (!_runs.TryGetValue(runId, out var run) || run.Ended) return;
        metrics.Record(run.Assignment, report);
        if (report.Kind == WorkerReportKind.Checkpoint) run.Checkpointed(report.File!);
        if (report.Kind == WorkerReportKind.Fenced)
        {
            // Superseded, not failed: the arm's current run is elsewhere, so restarting this one would fight it.
            Log.WorkerFenced(logger, Slot, runId, run.Assignment.ExperimentKey);
            Release(run);
            return;
        }
        if (!report.IsEnd)
        {
            await Experiment(run).OnWorkerReport(runId, report);
            return;
        }
        run.Ended = true;
        try
        {
            await Experiment(run).OnWorkerReport(runId, report);
        }
        finally
        {
            Release(run);
        }
    }

    async Task ITrainerGrain.OnWorkerExited(Guid runId, int exitCode, string stderrTail)
    {
        if (!_runs.TryGetValue(runId, out var run) || run.Ended) return;
        var assignment = run.Assignment;
        if (run.Restarts < options.Value.MaxRestarts)
        {
            run.Restarts++;
            Log.WorkerRestarting(logger, Slot, assignment.ExperimentKey, exitCode, run.Restarts, options.Value.MaxRestarts);
            host.Start(Slot, GpuIndex, assignment, run.LastCheckpoint?.Path);
            return;
        }
        string reason = $"the worker exited with code {exitCode} {run.Restarts + 1} times without a new checkpoint; last output: {stderrTail}";
        Log.WorkerFailed(logger, Slot, assignment.ExperimentKey, reason);
        Release(run);
        await Experiment(run).OnWorkerReport(runId, new WorkerReport(WorkerReportKind.Failed, run.LastCheckpoint?.Step ?? 0) { Reason = reason });
    }

    async Task<bool> ITrainerGrain.ConfirmCommit(Guid runId, long step) =>
        _runs.TryGetValue(runId, out var run) && await Experiment(run).ConfirmCommit(runId, step);

    IExperimentGrain Experiment(TrainerRun run) => GrainFactory.GetGrain<IExperimentGrain>(run.Assignment.ExperimentKey);

    void Release(TrainerRun run)
    {
        _runs.Remove(run.Assignment.RunId);
        metrics.Forget(run.Assignment.ExperimentKey);
        // The worker process stays up, idle, with its base loaded (WorkerHost owns it); this grain holds nothing more.
        if (_runs.Count == 0) DelayDeactivation(TimeSpan.Zero);
    }
}
