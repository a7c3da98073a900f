using ZImageSweep.Grains.Interfaces.Experiments;
using System.Collections.Immutable;

namespace ZImageSweep.Grains.Interfaces.Sweeps;

/// <summary>One sweep (key: its name): creates its arms' experiments and keeps at most <c>concurrency</c> of them active.</summary>
[Alias("zsweep.ISweepGrain")]
public interface ISweepGrain : IGrainWithStringKey
{
    /// <summary>Creates the sweep and starts its first arms. Creating it again with the same arms returns its snapshot.</summary>
    /// <exception cref="SweepRejectedException">The name is taken by a different sweep, or an arm's job does not validate.</exception>
    [Alias("Create")] Task<SweepSnapshot> Create(SweepDefinition definition);

    [Alias("GetSnapshot")] Task<SweepSnapshot> GetSnapshot();

    /// <summary>The sweep as created: every arm with its axis assignment (the comparison labels rows by the axes that differ).</summary>
    /// <exception cref="SweepRejectedException">No sweep of this name exists.</exception>
    [Alias("GetDefinition")] Task<SweepDefinition> GetDefinition();

    [Alias("Pause")] Task<SweepSnapshot> Pause();

    [Alias("Resume")] Task<SweepSnapshot> Resume();

    [Alias("Cancel")] Task<SweepSnapshot> Cancel();

    /// <summary>
    /// Queues failed arms again (all of them when <paramref name="armIds"/> is empty); each resumes from its last
    /// complete checkpoint with a fresh restart budget. Arms that are not Failed are left alone when none are named.
    /// </summary>
    /// <exception cref="SweepRejectedException">The sweep is cancelled or paused, or a named arm is unknown or not Failed.</exception>
    [Alias("Retry")] Task<SweepSnapshot> Retry(ImmutableArray<string> armIds);

    /// <summary>
    /// Continues a finished arm for <paramref name="steps"/> more steps from its last checkpoint: its job's
    /// <c>train.steps</c> and <see cref="ArmDefinition.TotalSteps"/> grow, and the arm is queued again as the same arm
    /// (same id, files and comparison history; exact resume makes it one longer run).
    /// </summary>
    /// <exception cref="ArmNotFoundException">The sweep has no such arm.</exception>
    /// <exception cref="ExtendRejectedException">Fewer than one step, the arm is not finished, its learning rate decays over train.steps, or the sweep is paused or cancelled.</exception>
    [Alias("Extend")] Task<SweepSnapshot> Extend(string armId, int steps);

    /// <summary>
    /// After a restart of an embedded silo (whose reminders lived in memory): re-arms every started, unfinished arm
    /// and starts more if the limit allows. Idempotent.
    /// </summary>
    [Alias("Recover")] Task Recover();

    /// <summary>
    /// An arm reached a terminal <paramref name="status"/> (Completed, Failed, Cancelled or Stopped): its slot in the concurrency limit is free (and an adaptive
    /// search observes its objective unless it failed or was cancelled; a stopped arm counts with its value where it stopped).
    /// </summary>
    [Alias("OnArmFinished")] Task OnArmFinished(string armId, ExperimentStatus status);
}
