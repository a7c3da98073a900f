using ZImageSweep.Grains.Interfaces.Experiments;
using static ZImageSweep.Grains.Interfaces.Experiments.ExperimentStatus;

namespace ZImageSweep.Grains.Experiments;

/// <summary>The experiment lifecycle as one table: every allowed status change, and nothing else.</summary>
public static class ExperimentTransitions
{
    static readonly IReadOnlyDictionary<ExperimentStatus, ExperimentStatus[]> Allowed = new Dictionary<ExperimentStatus, ExperimentStatus[]>
    {
        // Queued: waiting for a slot. It gets one (Running), or is paused, cancelled, or fails (recoveries spent).
        // Stopped (early stopping) from Queued or Paused too: the rule judges checkpoints, which can arrive after the arm left Running.
        [Queued] = [Running, Paused, Cancelled, Failed, Stopped],
        // Running: back to Queued when its trainer is lost or its silo shuts down.
        [Running] = [Queued, Paused, Completed, Failed, Cancelled, Stopped],
        [Paused] = [Queued, Cancelled, Stopped],
        [Completed] = [],
        // Failed: only an explicit retry (zsweep retry) queues it again, to resume from its last complete checkpoint.
        [Failed] = [Queued],
        [Cancelled] = [],
        // Stopped: a losing arm the sweep's early_stopping rule ended; it keeps its checkpoints and samples.
        [Stopped] = [],
    };

    /// <summary>
    /// The finished statuses <c>zsweep extend</c> continues from, back to Queued. Not an edge of the table above:
    /// only an extension, which grows the arm's steps, may leave them — a plain resume of a finished arm stays refused.
    /// Extending a stopped arm overrides the early-stopping decision.
    /// </summary>
    static readonly ExperimentStatus[] Extendable = [Completed, Stopped];

    public static bool IsAllowed(ExperimentStatus from, ExperimentStatus to) => Allowed[from].Contains(to);

    public static bool IsExtendable(ExperimentStatus status) => Extendable.Contains(status);

    /// <exception cref="InvalidTransitionException">An extension cannot start from <paramref name="from"/>.</exception>
    public static void EnsureExtendable(string experiment, ExperimentStatus from)
    {
        if (!IsExtendable(from)) throw new InvalidTransitionException(experiment, from, Queued);
    }

    /// <summary>The run has ended: nothing moves the arm on by itself (a failed one waits for a retry).</summary>
    public static bool IsTerminal(ExperimentStatus status) => status is Completed or Failed or Cancelled or Stopped;

    /// <exception cref="InvalidTransitionException">The edge is not in the table.</exception>
    public static void Ensure(string experiment, ExperimentStatus from, ExperimentStatus to)
    {
        if (!IsAllowed(from, to)) throw new InvalidTransitionException(experiment, from, to);
    }
}
