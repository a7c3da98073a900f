using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Grains.Interfaces.Trainers;

namespace ZImageSweep.Silo.Web.Api;

/// <summary>
/// The sweeps list and one sweep's view, built from the grains: the one source of the JSON that the API answers and
/// that the CLI shows, whether it reads the grains itself or asks a server for them.
/// </summary>
public static class SweepViews
{
    /// <summary>Every sweep, newest first.</summary>
    public static async Task<SweepSummary[]> List(IGrainFactory grains)
    {
        var names = await grains.GetGrain<ISweepRegistryGrain>(ISweepRegistryGrain.Singleton).List();
        var snapshots = await Task.WhenAll(names.Reverse().Select(n => grains.GetGrain<ISweepGrain>(n).GetSnapshot()));
        return [.. snapshots.Select(s => new SweepSummary(
            s.Name,
            s.Arms.Length,
            s.IsFinished,
            s.Arms.GroupBy(a => a.Status).ToDictionary(g => g.Key.ToString(), g => g.Count()),
            s.Arms.Sum(a => a.Metrics.Step),
            s.Arms.Sum(a => a.Metrics.TotalSteps)))];
    }

    /// <summary>A sweep that exists (<see cref="KnownSweeps"/>), as it is now.</summary>
    public static async Task<SweepView> Get(IGrainFactory grains, string sweep) => await Of(grains, await grains.GetGrain<ISweepGrain>(sweep).GetSnapshot());

    /// <summary>The view of a snapshot a sweep grain answered with (a control call's), with what its comparison knows.</summary>
    public static async Task<SweepView> Of(IGrainFactory grains, SweepSnapshot s)
    {
        var comparison = grains.GetGrain<IComparisonGrain>(s.Name);
        var steps = comparison.GetSampleSteps();
        var recentLoss = comparison.Rank(ComparisonMetric.TrainingLoss);
        // One loss point is enough here: the call is for the validation points, which come whole.
        var curves = comparison.GetCurves(maxPoints: 1);
        var slots = grains.GetGrain<IGpuSchedulerGrain>(IGpuSchedulerGrain.Singleton).GetSlots();
        var latestValidation = (await curves).ToDictionary(c => c.ArmId, c => c.Validation.IsDefaultOrEmpty ? null : c.Validation[^1]);
        var recent = (await recentLoss).ToDictionary(r => r.ArmId, r => (double?)r.Value);
        var holders = await slots;
        return new SweepView(s.Name, s.Concurrency, s.IsFinished,
            [.. s.Arms.Select(a => ToView(a, recent.GetValueOrDefault(a.ArmId), latestValidation.GetValueOrDefault(a.ArmId), PackedWith(s, a, holders)))], await steps, s.Search);
    }

    static ArmView ToView(ExperimentSnapshot arm, double? recentLoss, ValidationPoint? validation, IReadOnlyList<string> packedWith) => new(
        arm.ArmId, arm.Label, arm.Status.ToString(), arm.Metrics.Step, arm.Metrics.TotalSteps, arm.Metrics.LastLoss, arm.Metrics.BestLoss,
        recentLoss, arm.Metrics.Lr, arm.Metrics.StepSeconds, arm.Reason, arm.Recoveries, validation, arm.Slot, arm.LastCheckpoint, arm.FinalLora, packedWith);

    /// <summary>Who else the scheduler leased the arm's slot to: labels of this sweep's arms, experiment keys of others.</summary>
    static IReadOnlyList<string> PackedWith(SweepSnapshot sweep, ExperimentSnapshot arm, IReadOnlyDictionary<string, IReadOnlyList<string>> holders)
    {
        if (arm.Slot is null || !holders.TryGetValue(arm.Slot, out var experiments)) return [];
        string self = ExperimentKeys.For(sweep.Name, arm.ArmId);
        return [.. experiments.Where(e => e != self).Select(e => ExperimentKeys.Parse(e) is var (name, id) && name == sweep.Name
            ? sweep.Arms.FirstOrDefault(a => a.ArmId == id)?.Label ?? id
            : e)];
    }
}
