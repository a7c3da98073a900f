using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Grains.Experiments;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Grains.Sweeps;

/// <summary>
/// Creates a sweep's experiments and keeps at most <c>concurrency</c> of them active, starting the next arm whenever
/// one finishes. Reentrant because experiments call back (<see cref="ISweepGrain.OnArmFinished"/>) while the sweep
/// waits on them (cancel fans out); every method updates and persists its state before it awaits an experiment.
/// An adaptive search (method tpe) starts with no arms: <see cref="SearchProposals"/> proposes one whenever a slot is
/// free, appending it to the definition, until the search's count is reached.
/// </summary>
[Reentrant]
public sealed class SweepGrain(
    [PersistentState("sweep", StorageNames.Grains)] IPersistentState<SweepState> state,
    ILogger<SweepGrain> logger) : Grain, ISweepGrain
{
    SweepState S => state.State;
    string Name => this.GetPrimaryKeyString();
    SearchProposals? _search;
    SearchProposals? Search => S.Definition?.Search is null ? null : _search ??= new SearchProposals(Name, S, logger);

    async Task<SweepSnapshot> ISweepGrain.Create(SweepDefinition definition)
    {
        if (definition.Name != Name) throw new SweepRejectedException($"The sweep is named '{definition.Name}' but was sent to '{Name}'.");
        if (S.Definition is not null)
        {
            if (SameSweep(S.Definition, definition)) return await SnapshotAsync();
            throw new SweepRejectedException($"A different sweep named '{Name}' already exists; choose another name (zsweep ls lists the taken ones).");
        }
        Validate(definition);
        S.Definition = definition;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<ISweepRegistryGrain>(ISweepRegistryGrain.Singleton).Add(Name);
        Log.SweepCreated(logger, Name, definition.Arms.Length, definition.Concurrency);
        await StartMoreAsync();
        return await SnapshotAsync();
    }

    Task<SweepSnapshot> ISweepGrain.GetSnapshot() => SnapshotAsync();

    Task<SweepDefinition> ISweepGrain.GetDefinition()
    {
        RequireDefinition();
        return Task.FromResult(S.Definition!);
    }

    async Task<SweepSnapshot> ISweepGrain.Pause()
    {
        RequireDefinition();
        S.Paused = true;
        await state.WriteStateAsync();
        await ForActiveArms(async e =>
        {
            if ((await e.GetSnapshot()).Status is ExperimentStatus.Queued or ExperimentStatus.Running) await e.Pause();
        });
        return await SnapshotAsync();
    }

    async Task<SweepSnapshot> ISweepGrain.Resume()
    {
        RequireDefinition();
        if (S.Cancelled) throw new SweepRejectedException($"Sweep '{Name}' was cancelled and cannot be resumed; run it again under a new name.");
        S.Paused = false;
        await state.WriteStateAsync();
        await ForActiveArms(async e =>
        {
            if ((await e.GetSnapshot()).Status == ExperimentStatus.Paused) await e.Resume();
        });
        await StartMoreAsync();
        return await SnapshotAsync();
    }

    async Task<SweepSnapshot> ISweepGrain.Cancel()
    {
        RequireDefinition();
        S.Cancelled = true;
        await state.WriteStateAsync();
        await ForActiveArms(async e =>
        {
            if (!ExperimentTransitions.IsTerminal((await e.GetSnapshot()).Status)) await e.Cancel();
        });
        return await SnapshotAsync();
    }

    async Task<SweepSnapshot> ISweepGrain.Retry(ImmutableArray<string> armIds)
    {
        RequireDefinition();
        if (S.Cancelled) throw new SweepRejectedException($"Sweep '{Name}' was cancelled; its arms cannot be retried.");
        if (S.Paused) throw new SweepRejectedException($"Sweep '{Name}' is paused; resume it first (zsweep resume {Name}), then retry.");
        string[] unknown = armIds.Where(id => S.Definition!.Arms.All(a => a.Id != id)).ToArray();
        if (unknown.Length > 0) throw new SweepRejectedException($"Sweep '{Name}' has no arm {string.Join(", ", unknown)} (zsweep status {Name} lists them).");
        var named = armIds.IsDefaultOrEmpty ? S.FinishedArms.ToArray() : armIds.Distinct().ToArray();
        var arms = await Task.WhenAll(named.Select(async id =>
            (Id: id, Status: S.StartedArms.Contains(id) ? (await Experiment(id).GetSnapshot()).Status : ExperimentStatus.Queued)));
        string[] notFailed = armIds.IsDefaultOrEmpty ? [] : arms.Where(a => a.Status != ExperimentStatus.Failed).Select(a => $"{a.Id} is {a.Status}").ToArray();
        if (notFailed.Length > 0) throw new SweepRejectedException($"Only failed arms are retried: {string.Join(", ", notFailed)}.");
        foreach (var (armId, _) in arms.Where(a => a.Status == ExperimentStatus.Failed))
        {
            // It counts as active again; recorded before the call, as in StartMoreAsync.
            S.FinishedArms.Remove(armId);
            await state.WriteStateAsync();
            await Experiment(armId).Retry();
        }
        return await SnapshotAsync();
    }

    async Task<SweepSnapshot> ISweepGrain.Extend(string armId, int steps)
    {
        RequireDefinition();
        if (S.Cancelled) throw new ExtendRejectedException($"Sweep '{Name}' was cancelled; its arms cannot be extended.");
        if (S.Paused) throw new ExtendRejectedException($"Sweep '{Name}' is paused; resume it first (zsweep resume {Name}), then extend.");
        var definition = S.Definition!;
        int index = definition.Arms.Select(a => a.Id).ToList().IndexOf(armId);
        if (index < 0) throw new ArmNotFoundException(Name, armId, definition.Arms.Select(a => a.Id));
        var status = S.StartedArms.Contains(armId) ? (await Experiment(armId).GetSnapshot()).Status : ExperimentStatus.Queued;
        var extended = ArmExtension.Extend(Name, definition.Arms[index], status, steps);
        // Durable before the experiment runs on: the definition holds the longer job, and the arm counts as active again.
        S.Definition = definition with { Arms = definition.Arms.SetItem(index, extended) };
        S.FinishedArms.Remove(armId);
        await state.WriteStateAsync();
        Log.ArmExtended(logger, Name, armId, steps, extended.TotalSteps);
        await Experiment(armId).Extend(extended);
        return await SnapshotAsync();
    }

    async Task ISweepGrain.Recover()
    {
        if (S.Definition is null || S.Cancelled) return;
        if (Search is { } search) await search.ObservePendingAsync(GrainFactory, state.WriteStateAsync);
        await ForActiveArms(async e =>
        {
            if ((await e.GetSnapshot()).Status is ExperimentStatus.Queued or ExperimentStatus.Running) await e.Resume();
        });
        await StartMoreAsync();
    }

    async Task ISweepGrain.OnArmFinished(string armId, ExperimentStatus status)
    {
        if (S.FinishedArms.Contains(armId)) return;
        S.FinishedArms.Add(armId);
        Search?.Finished(armId, status);
        await state.WriteStateAsync();
        // The finishing experiment waits on this call, and the comparison may be waiting on that experiment (a sweep
        // snapshot for its grid): reading the objective from the comparison here would close a cycle. It is read
        // after this call returns, and the next arm is proposed then.
        if (S.PendingObservations.Count > 0) _ = ObservePendingAsync();
        else await StartMoreAsync();
    }

    /// <summary>Reads the pending objectives, then starts (and proposes) more arms; failures are logged, and Recover tries again.</summary>
    async Task ObservePendingAsync()
    {
        try
        {
            await Search!.ObservePendingAsync(GrainFactory, state.WriteStateAsync);
            await StartMoreAsync();
        }
        catch (Exception e)
        {
            Log.ObservationFailed(logger, e, Name);
        }
    }

    async Task StartMoreAsync()
    {
        var definition = S.Definition!;
        while (!S.Paused && !S.Cancelled && S.StartedArms.Count - S.FinishedArms.Count < definition.Concurrency
               && (S.Definition!.Arms.FirstOrDefault(a => !S.StartedArms.Contains(a.Id)) ?? Search?.ProposeNext()) is { } next)
        {
            // Recorded before the call, so an interleaved finish cannot start the same arm twice.
            S.StartedArms.Add(next.Id);
            await state.WriteStateAsync();
            await Experiment(next.Id).Start(new ExperimentSpec(Name, next, definition.Packing));
        }
    }

    async Task ForActiveArms(Func<IExperimentGrain, Task> action)
    {
        foreach (string armId in S.StartedArms.Except(S.FinishedArms).ToArray()) await action(Experiment(armId));
    }

    async Task<SweepSnapshot> SnapshotAsync()
    {
        RequireDefinition();
        var definition = S.Definition!;
        var arms = await Task.WhenAll(definition.Arms.Select(async arm =>
            S.StartedArms.Contains(arm.Id)
                ? await Experiment(arm.Id).GetSnapshot()
                : NotStarted(arm)));
        return new SweepSnapshot(Name, definition.Concurrency, [.. arms], Search?.Progress());
    }

    /// <summary>Arms not handed to an experiment yet: Queued, or Cancelled once the sweep was cancelled.</summary>
    ExperimentSnapshot NotStarted(ArmDefinition arm) => new(Name, arm.Id, arm.Label,
        S.Cancelled ? ExperimentStatus.Cancelled : ExperimentStatus.Queued,
        MetricSummary.Empty(arm.TotalSteps), null, null, null, 0, null);

    IExperimentGrain Experiment(string armId) => GrainFactory.GetGrain<IExperimentGrain>(ExperimentKeys.For(Name, armId));

    /// <summary>The client validated the arms; the sweep checks again because it is the last stop before anything runs.</summary>
    static void Validate(SweepDefinition definition)
    {
        if (definition.Search is not null) SearchProposals.Validate(definition);
        else if (definition.Arms.IsDefaultOrEmpty) throw new SweepRejectedException($"Sweep '{definition.Name}' has no arms.");
        if (definition.Concurrency < 1) throw new SweepRejectedException($"Sweep '{definition.Name}': concurrency must be at least 1.");
        foreach (var arm in definition.Arms)
        {
            try
            {
                JobDocument.Parse(arm.JobYaml, $"arm {arm.Label}").Bind();
            }
            catch (JobConfigException e)
            {
                throw new SweepRejectedException(e.Message);
            }
        }
        if (definition.Arms.Select(a => a.Id).Distinct().Count() != definition.Arms.Length)
            throw new SweepRejectedException($"Sweep '{definition.Name}' lists the same arm twice.");
    }

    /// <summary>
    /// The same sweep: for a search the same spec (its arms are the ones proposed since); otherwise the same arms, an
    /// extended arm counting as the arm the spec creates (<see cref="ArmExtension.IsSameOrExtended"/>).
    /// </summary>
    static bool SameSweep(SweepDefinition stored, SweepDefinition created) =>
        stored.Concurrency == created.Concurrency && stored.Packing == created.Packing && stored.EarlyStopping == created.EarlyStopping
        && stored.Search == created.Search
        && (stored.Search is not null
            || (stored.Arms.Length == created.Arms.Length && stored.Arms.Zip(created.Arms).All(p => ArmExtension.IsSameOrExtended(p.First, p.Second))));

    void RequireDefinition()
    {
        if (S.Definition is null) throw new SweepNotFoundException(Name);
    }
}
