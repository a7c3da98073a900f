namespace ZImageSweep.Grains.Interfaces.Trainers;

/// <summary>
/// Supervises the worker process on one GPU slot (key: <see cref="GpuSlots"/> <c>&lt;silo name&gt;/&lt;gpu index&gt;</c>),
/// so one slot can never run two workers. It is activated only on the silo that owns the slot.
/// </summary>
[Alias("zsweep.ITrainerGrain")]
public interface ITrainerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Makes sure the assignment's worker runs here, starting it if needed; returns at once (training takes hours, a
    /// grain call 30 s). Repeating it for a running assignment does nothing.
    /// </summary>
    /// <exception cref="SlotBusyException">The slot runs a different experiment.</exception>
    [Alias("EnsureRunning")] Task EnsureRunning(TrainerAssignment assignment);

    /// <summary>Asks the worker of <paramref name="runId"/> to save and exit (no-op if it does not run here).</summary>
    [Alias("Stop")] Task Stop(Guid runId);

    /// <summary>Called by the silo's worker host for every event and for the process exit.</summary>
    [Alias("OnWorkerEvent")] Task OnWorkerEvent(Guid runId, WorkerReport report);

    [Alias("OnWorkerExited")] Task OnWorkerExited(Guid runId, int exitCode, string stderrTail);

    /// <summary>
    /// The worker of <paramref name="runId"/> staged the checkpoint at <paramref name="step"/> and asks to commit it
    /// (WorkerProtocol's fencing): true only when this slot still runs that run and the experiment confirms it is the
    /// arm's current run.
    /// </summary>
    [Alias("ConfirmCommit")] Task<bool> ConfirmCommit(Guid runId, long step);
}
