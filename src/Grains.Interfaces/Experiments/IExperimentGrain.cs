using Orleans.Concurrency;
using ZImageSweep.Grains.Interfaces.EarlyStopping;
using ZImageSweep.Grains.Interfaces.Trainers;

namespace ZImageSweep.Grains.Interfaces.Experiments;

/// <summary>
/// One sweep arm's durable owner (key: <see cref="ExperimentKeys"/>). Commands are idempotent: repeating one returns
/// the current snapshot; an impossible one throws <see cref="InvalidTransitionException"/>.
/// </summary>
[Alias("zsweep.IExperimentGrain")]
public interface IExperimentGrain : IGrainWithStringKey
{
    /// <summary>Records the arm and queues it for a GPU slot. Starting again with the same arm is a no-op.</summary>
    [Alias("Start")] Task<ExperimentSnapshot> Start(ExperimentSpec spec);

    /// <summary>Stops the worker after it saves a checkpoint; <see cref="Resume"/> continues from there.</summary>
    [Alias("Pause")] Task<ExperimentSnapshot> Pause();

    /// <summary>Queues a paused experiment again; for a Queued or Running one it re-arms supervision (idempotent).</summary>
    [Alias("Resume")] Task<ExperimentSnapshot> Resume();

    [Alias("Cancel")] Task<ExperimentSnapshot> Cancel();

    /// <summary>
    /// The sweep's early-stopping rule judged this arm a loser: it ends <see cref="ExperimentStatus.Stopped"/> with the
    /// decision as its reason, and its worker stops, freeing the slot for the next queued arm. An arm that already ended
    /// is left alone. One-way, because the comparison grain sends it while handling an experiment's report.
    /// </summary>
    [OneWay, Alias("StopEarly")] Task StopEarly(EarlyStopDecision decision);

    /// <summary>Queues a failed experiment again from its last complete checkpoint, its reason and recoveries cleared; otherwise a no-op.</summary>
    [Alias("Retry")] Task<ExperimentSnapshot> Retry();

    /// <summary>
    /// A finished experiment trains on as <paramref name="arm"/> (its arm with more steps, from <see cref="Sweeps.ISweepGrain.Extend"/>):
    /// queued again to resume from its last checkpoint. Repeating it while the extension runs is a no-op.
    /// </summary>
    /// <exception cref="InvalidTransitionException">The experiment is not in a status that can be extended.</exception>
    [Alias("Extend")] Task<ExperimentSnapshot> Extend(Sweeps.ArmDefinition arm);

    [Alias("GetSnapshot")] Task<ExperimentSnapshot> GetSnapshot();

    /// <summary>Progress relayed by the trainer that runs <paramref name="runId"/>; reports of older runs are ignored.</summary>
    [Alias("OnWorkerReport")] Task OnWorkerReport(Guid runId, WorkerReport report);

    /// <summary>
    /// Whether <paramref name="runId"/> may commit its checkpoint at <paramref name="step"/>: it is the arm's current
    /// run in the durable state, proven by a conditional write (a stale activation, or one cut off from storage,
    /// answers false or throws). Refusals are logged.
    /// </summary>
    [Alias("ConfirmCommit")] Task<bool> ConfirmCommit(Guid runId, long step);

    /// <summary>
    /// The GPU scheduler handed this waiting experiment a slot that another one gave back: it starts there now, or
    /// gives the slot back if it no longer wants one. One-way, because the scheduler sends it while it is busy.
    /// </summary>
    [OneWay, Alias("OnSlotGranted")] Task OnSlotGranted();
}
