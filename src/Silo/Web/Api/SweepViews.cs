using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;

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
        var latestValidation = (await curves).ToDictionary(c => c.ArmId, c => c.Validation.IsDefaultOrEmpty ? null : c.Validation[^1]);
        var recent = (await recentLoss).ToDictionary(r => r.ArmId, r => (double?)r.Value);
        return new SweepView(s.Name, s.Concurrency, s.IsFinished,
            [.. s.Arms.Select(a => ToView(a, recent.GetValueOrDefault(a.ArmId), latestValidation.GetValueOrDefault(a.ArmId)))], await steps, s.Search);
    }

    static ArmView ToView(ExperimentSnapshot arm, double? recentLoss, ValidationPoint? validation) => new(
        arm.ArmId, arm.Label, arm.Status.ToString(), arm.Metrics.Step, arm.Metrics.TotalSteps, arm.Metrics.LastLoss, arm.Metrics.BestLoss,
        recentLoss, arm.Metrics.Lr, arm.Metrics.StepSeconds, arm.Reason, arm.Recoveries, validation, arm.Slot, arm.LastCheckpoint, arm.FinalLora);
}
