using Microsoft.Extensions.Logging;
using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Sweeps;
using ZImageSweep.Sweeps.Search;

namespace ZImageSweep.Grains.Sweeps;

/// <summary>
/// The adaptive-search side of a <see cref="SweepGrain"/> (method tpe): proposes arms into the sweep's durable state and
/// records the objective of each finished arm. Everything it knows is in that state — the definition's arms are the
/// proposals in order, <see cref="SweepState.Observations"/> the values in the order observed — so an activation after a
/// silo restart proposes exactly what the previous one would have (<see cref="TpeSearch"/> is a pure function of them).
/// </summary>
/// <remarks>
/// Failed and Cancelled arms are not observed, as Optuna's TPE leaves failed trials out: a crash or a cancel says
/// nothing about the hyperparameters, and counting it as a bad value would steer the search away from a region for an
/// infrastructure fault. Completed arms (and any other terminal status, such as an early-stopped arm, whose value at
/// its last checkpoint is what Optuna does with pruned trials) count with their objective at their last checkpoint.
/// </remarks>
internal sealed class SearchProposals(string sweep, SweepState state, ILogger logger)
{
    readonly TpeSearch _search = TpeSearch.Read(state.Definition!.Search!, sweep);

    /// <exception cref="SweepRejectedException">The search spec does not read, or the definition lists arms of its own.</exception>
    public static void Validate(SweepDefinition definition)
    {
        try
        {
            TpeSearch.Read(definition.Search!, definition.Name);
        }
        catch (SweepSpecException e)
        {
            throw new SweepRejectedException(e.Message);
        }
        if (!definition.Arms.IsDefaultOrEmpty)
            throw new SweepRejectedException($"Sweep '{definition.Name}' is a search and lists arms; a search proposes its arms itself.");
    }

    /// <summary>The next arm, appended to the definition (the caller persists the state), or null once the search's count is reached.</summary>
    public ArmDefinition? ProposeNext()
    {
        var definition = state.Definition!;
        // A proposal waits for every finished arm's value, so it depends on the results, not on their timing.
        if (definition.Arms.Length >= _search.Count || state.PendingObservations.Count > 0) return null;
        var arm = _search.Propose(definition.Arms, state.Observations);
        state.Definition = definition with { Arms = definition.Arms.Add(arm) };
        Log.ArmProposed(logger, sweep, state.Definition.Arms.Length, _search.Count, arm.Id, arm.Label);
        return arm;
    }

    public SearchProgress Progress() => new("tpe", _search.Count, MetricNames.Name(_search.Objective), [.. state.Observations]);

    /// <summary>Marks a finished arm's objective as to be read (the caller persists the state); failed and cancelled arms are left out.</summary>
    public void Finished(string armId, ExperimentStatus status)
    {
        if (status is ExperimentStatus.Failed or ExperimentStatus.Cancelled) Log.ArmObserved(logger, sweep, armId, $"not observed ({status})");
        else if (!state.PendingObservations.Contains(armId)) state.PendingObservations.Add(armId);
    }

    /// <summary>Reads each pending arm's objective from the comparison, in the order the arms finished, persisting each.</summary>
    public async Task ObservePendingAsync(IGrainFactory grains, Func<Task> persist)
    {
        while (state.PendingObservations.Count > 0)
        {
            string armId = state.PendingObservations[0];
            var scores = await grains.GetGrain<IComparisonGrain>(sweep).Rank(_search.Objective);
            if (!state.PendingObservations.Remove(armId)) continue; // an interleaved call observed it
            if (scores.FirstOrDefault(s => s.ArmId == armId) is { } score && double.IsFinite(score.Value))
            {
                state.Observations.Add(new SearchObservation(armId, score.Value));
                Log.ArmObserved(logger, sweep, armId, $"{MetricNames.Name(_search.Objective)} {score.Value} at step {score.Step}");
            }
            else Log.ArmObserved(logger, sweep, armId, $"not observed (no finite {MetricNames.Name(_search.Objective)})");
            await persist();
        }
    }
}
