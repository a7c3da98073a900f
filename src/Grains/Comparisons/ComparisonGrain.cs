using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Contracts.Grids;
using ZImageSweep.Grains.EarlyStopping;
using ZImageSweep.Grains.Experiments;
using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Interfaces.EarlyStopping;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Grains.Interfaces.Trainers;
using ZImageSweep.Grains.Verdicts;

namespace ZImageSweep.Grains.Comparisons;

/// <summary>
/// Keeps every arm's loss, samples and validation signals by step and writes a sample step's grid into the artifact
/// store as soon as it is due (<see cref="GridReadiness"/>). Samples, validation and grids are written to storage as
/// they arrive; loss points only every <see cref="StepsPerWrite"/> reports or <see cref="MaxUnsavedAge"/>, so a silo
/// crash costs at most recent loss points, never a sample reference.
/// </summary>
public sealed class ComparisonGrain(
    [PersistentState("comparison", StorageNames.Grains)] IPersistentState<ComparisonState> state,
    ArtifactLayout layout,
    ILogger<ComparisonGrain> logger) : Grain, IComparisonGrain
{
    /// <summary>Step reports arrive per optimizer step; writing each would put the storage on the training's critical rate.</summary>
    const int StepsPerWrite = 50;
    static readonly TimeSpan MaxUnsavedAge = TimeSpan.FromSeconds(30);

    int _unsavedSteps;
    DateTime _lastWrite = DateTime.UtcNow;
    IReadOnlyDictionary<string, string>? _labels;

    ComparisonState S => state.State;
    string Sweep => this.GetPrimaryKeyString();

    async Task IComparisonGrain.OnArmReport(string armId, WorkerReport report)
    {
        var definition = await DefinitionAsync(armId);
        if (!definition.Arms.Any(a => a.Id == armId))
        {
            Log.UnknownArm(logger, Sweep, armId);
            return;
        }
        var arm = History(armId);
        switch (report.Kind)
        {
            case WorkerReportKind.Step when report.Loss is { } loss:
                long before = arm.FurthestStep;
                arm.RecordLoss(report.Step, loss);
                await WriteLossLazilyAsync();
                // Passing a pending sample step without sampling it can make that step's grid due.
                if (S.Arms.Values.SelectMany(a => a.Samples.Keys).Any(s => before <= s && s < report.Step && !S.Grids.ContainsKey(s) && !arm.HasSampled(s)))
                    await WriteDueGridsAsync();
                break;
            case WorkerReportKind.Samples when !report.Samples.IsDefaultOrEmpty: // a job without prompts has nothing to compare
                arm.RecordSamples(report.Step, report.Samples);
                await WriteStateAsync();
                if (S.Grids.ContainsKey(report.Step)) await TryWriteGridAsync(report.Step); // late samples join an existing grid
                else await WriteDueGridsAsync();
                break;
            case WorkerReportKind.Validation when report.Validation is { } validation:
                arm.RecordValidation(validation);
                await WriteStateAsync();
                if (S.Grids.ContainsKey(validation.Step)) await TryWriteGridAsync(validation.Step); // its row labels show the signals
                if (definition.EarlyStopping is { Metric: not ComparisonMetric.TrainingLoss }) await JudgeAsync(armId, validation.Step);
                break;
            case WorkerReportKind.Checkpoint:
                arm.RecordCheckpoint(report.Step);
                await WriteStateAsync();
                if (definition.EarlyStopping is { Metric: ComparisonMetric.TrainingLoss }) await JudgeAsync(armId, report.Step);
                break;
        }
    }

    async Task IComparisonGrain.OnArmFinished(string armId)
    {
        await DefinitionAsync();
        await WriteDueGridsAsync();
    }

    async Task<ImmutableArray<ArmCurve>> IComparisonGrain.GetCurves(int maxPoints)
    {
        var definition = await DefinitionAsync();
        return [.. definition.Arms.Select(a => S.Arms.GetValueOrDefault(a.Id) is { } arm
            ? new ArmCurve(a.Id, Label(a.Id), LossCurves.Downsample(arm.LossCurve(), maxPoints), arm.ValidationCurve())
            : new ArmCurve(a.Id, Label(a.Id), [], []))];
    }

    async Task<ImmutableArray<long>> IComparisonGrain.GetSampleSteps()
    {
        await DefinitionAsync();
        return SampleSteps();
    }

    async Task<StepComparison> IComparisonGrain.GetStep(long step)
    {
        await DefinitionAsync();
        // Catches up on a finish notification that was lost (one-way calls are at most once).
        if (!S.Grids.ContainsKey(step) && SampleSteps().Contains(step)) await WriteDueGridsAsync();
        return Comparison(step);
    }

    async Task<StepComparison> IComparisonGrain.BuildGrid(long step)
    {
        await DefinitionAsync();
        if (!SampleSteps().Contains(step))
            throw new StepNotFoundException(Sweep, step, SampleSteps());
        await WriteGridAsync(step);
        return Comparison(step);
    }

    async Task<string> IComparisonGrain.BuildStrip(string armId)
    {
        var definition = await DefinitionAsync();
        if (!definition.Arms.Any(a => a.Id == armId))
            throw new ArmNotFoundException(Sweep, armId, definition.Arms.Select(a => a.Id));
        var arm = S.Arms.GetValueOrDefault(armId);
        if (arm is null || arm.Samples.Count == 0) throw new NoSamplesYetException(Sweep, armId, Label(armId));
        var rows = arm.Samples.OrderBy(p => p.Key)
            .Select(p => new ArmStepSamples(armId, $"step {p.Key}", true, p.Value, arm.Validation.GetValueOrDefault(p.Key)))
            .ToList();
        string path = layout.StripPath(Sweep, armId);
        await Task.Run(() => ComparisonGrid.WriteStrip(path, Sweep, Label(armId), rows));
        return path;
    }

    async Task<ImmutableArray<ArmScore>> IComparisonGrain.Rank(ComparisonMetric metric)
    {
        var definition = await DefinitionAsync();
        return [.. definition.Arms
            .Select(a => (Arm: a, Score: S.Arms.GetValueOrDefault(a.Id) is { } arm ? ArmRanking.Score(arm, metric) : null))
            .Where(x => x.Score is not null)
            .Select(x => new ArmScore(x.Arm.Id, Label(x.Arm.Id), x.Score!.Value.Value, x.Score.Value.Step))
            .OrderBy(s => s.Value).ThenBy(s => s.Label, StringComparer.Ordinal)];
    }

    async Task<SweepVerdict> IComparisonGrain.GetVerdict(ComparisonMetric metric, long? step)
    {
        var definition = await DefinitionAsync();
        var (chosen, arms) = VerdictStep.Choose(metric, step, [.. definition.Arms.Select(a => (a.Id, Label(a.Id), S.Arms.GetValueOrDefault(a.Id)))]);
        // The items live in the workers' files, not in this state: reading them is file I/O, off the grain's scheduler.
        var items = await Task.Run(() => arms.Select(a => (definition.Arms.Single(d => d.Id == a.Id), new VerdictArmItems(a.Id, a.Label, ItemsAt(a.Label, a.Point, metric)))).ToList());
        return PairwiseVerdicts.Compute(Sweep, metric, chosen, ReplicatePooling.Pool(items, ArmRowLabels.ForConfigurations(definition)));
    }

    static IReadOnlyDictionary<string, double> ItemsAt(string label, ValidationPoint point, ComparisonMetric metric) =>
        ValidationItemFiles.TryRead(point) is { } items
            ? ValidationItemFiles.Of(items, metric)
            : throw new VerdictRejectedException($"The validation items of {label} at step {point.Step} are gone: {point.ItemsPath} does not exist.");

    /// <summary>
    /// Applies the sweep's early-stopping rule to the checkpoint <paramref name="armId"/> just reported and asks each
    /// losing arm that is still going to stop (one-way, like every call back from here into the experiments).
    /// </summary>
    async Task JudgeAsync(string armId, long step)
    {
        var settings = S.Definition!.EarlyStopping!;
        var arms = S.Definition.Arms.Select(a => (a.Id, Label(a.Id), S.Arms.GetValueOrDefault(a.Id))).ToList();
        var stopped = new Dictionary<string, EarlyStopDecision>(S.Stops);
        IReadOnlyList<ArmStop> stops;
        try
        {
            // The paired rule reads the workers' items files: file I/O, off the grain's scheduler.
            stops = await Task.Run(() => EarlyStopPolicy.Evaluate(settings, arms, armId, step, stopped));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            Log.EarlyStopSkipped(logger, e, Sweep, step);
            return;
        }
        if (stops.Count == 0) return;
        // An arm that ended by itself (completed, failed, cancelled) keeps its own end.
        var ended = (await GrainFactory.GetGrain<ISweepGrain>(Sweep).GetSnapshot()).Arms
            .Where(a => ExperimentTransitions.IsTerminal(a.Status)).Select(a => a.ArmId).ToHashSet();
        foreach (var stop in stops.Where(s => !ended.Contains(s.ArmId)))
        {
            S.Stops[stop.ArmId] = stop.Decision;
            await WriteStateAsync();
            Log.EarlyStopDecided(logger, Sweep, stop.ArmId, stop.Decision.Describe());
            await GrainFactory.GetGrain<IExperimentGrain>(ExperimentKeys.For(Sweep, stop.ArmId)).StopEarly(stop.Decision);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_unsavedSteps > 0) await WriteStateAsync();
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <summary>The sweep's arms, fetched once: a definition never changes after the sweep is created.</summary>
    /// <exception cref="SweepRejectedException">No sweep of this name exists.</exception>
    /// <param name="armId">The arm a report is about: a search's definition is read again only when it does not list it yet.</param>
    async Task<SweepDefinition> DefinitionAsync(string? armId = null)
    {
        // An adaptive search appends arms as it proposes them, so its definition is read again until it lists them all.
        bool stale = S.Definition is { Search: not null } cached && (armId is null || cached.Arms.All(a => a.Id != armId));
        if (S.Definition is null || stale)
        {
            var definition = await GrainFactory.GetGrain<ISweepGrain>(Sweep).GetDefinition();
            if (S.Definition is null || definition.Arms.Length != S.Definition.Arms.Length)
            {
                S.Definition = definition;
                _labels = null;
                await WriteStateAsync();
            }
        }
        _labels ??= ArmRowLabels.For(S.Definition);
        return S.Definition;
    }

    string Label(string armId) => _labels![armId];

    ArmHistory History(string armId)
    {
        if (!S.Arms.TryGetValue(armId, out var arm)) S.Arms[armId] = arm = new ArmHistory();
        return arm;
    }

    ImmutableArray<long> SampleSteps() => [.. S.Arms.Values.SelectMany(a => a.Samples.Keys).Distinct().Order()];

    StepComparison Comparison(long step) => new(step,
        [.. S.Definition!.Arms.Select(a =>
        {
            var arm = S.Arms.GetValueOrDefault(a.Id);
            var samples = arm?.Samples.GetValueOrDefault(step) ?? default;
            return new ArmStepSamples(a.Id, Label(a.Id), !samples.IsDefault, samples.IsDefault ? [] : samples, arm?.Validation.GetValueOrDefault(step));
        })],
        S.Grids.GetValueOrDefault(step));

    /// <summary>Writes the grid of every sample step that has none and is now due; asks the sweep which arms have finished.</summary>
    async Task WriteDueGridsAsync()
    {
        var pending = SampleSteps().Where(s => !S.Grids.ContainsKey(s)).ToList();
        if (pending.Count == 0) return;
        var snapshot = await GrainFactory.GetGrain<ISweepGrain>(Sweep).GetSnapshot();
        var finished = snapshot.Arms.Where(a => ExperimentTransitions.IsTerminal(a.Status)).Select(a => a.ArmId).ToHashSet();
        foreach (long step in pending)
            if (GridReadiness.IsDue(step, S.Definition!.Arms.Select(a => (S.Arms.GetValueOrDefault(a.Id), finished.Contains(a.Id)))))
                await TryWriteGridAsync(step);
    }

    /// <summary>Automatic grids are a by-product: a failure is logged and <c>zsweep compare --step</c> (which surfaces it) can retry.</summary>
    async Task TryWriteGridAsync(long step)
    {
        try
        {
            await WriteGridAsync(step);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ImageDecodeException)
        {
            Log.GridFailed(logger, e, Sweep, step);
        }
    }

    async Task WriteGridAsync(long step)
    {
        string path = layout.GridPath(Sweep, step);
        var comparison = Comparison(step);
        // Decoding and encoding images takes a while; off the grain's scheduler, so the silo's other grains keep running.
        await Task.Run(() => ComparisonGrid.WriteStep(path, Sweep, comparison));
        S.Grids[step] = path;
        await WriteStateAsync();
        Log.GridWritten(logger, Sweep, step, path);
    }

    async Task WriteLossLazilyAsync()
    {
        if (++_unsavedSteps >= StepsPerWrite || DateTime.UtcNow - _lastWrite >= MaxUnsavedAge) await WriteStateAsync();
    }

    async Task WriteStateAsync()
    {
        await state.WriteStateAsync();
        _unsavedSteps = 0;
        _lastWrite = DateTime.UtcNow;
    }
}
