using System.Collections.Immutable;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Silo.Web.Api;

/// <summary>
/// The JSON API the web page reads: the sweeps, one sweep's arms, their loss curves, every arm at a sample step, and the
/// verdict between the arms. Unknown sweeps and steps answer 404 with a problem document that says what is missing; so
/// does any not-found error a grain throws (<see cref="UserErrorProblems"/>); a verdict that cannot be given (unknown
/// metric, no shared step or items) answers 400 saying why.
/// </summary>
public static class SweepApi
{
    /// <value>400 points per arm: enough for a chart a few hundred pixels wide.</value>
    const int DefaultCurvePoints = 400;
    const int MaxCurvePoints = 10_000;

    public static IEndpointRouteBuilder MapSweepApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("");
        api.AddEndpointFilter<UserErrorProblems>();
        api.MapGet("/api/sweeps", ListSweeps);
        api.MapGet("/api/sweeps/{sweep}", GetSweep);
        api.MapGet("/api/sweeps/{sweep}/curves", GetCurves);
        api.MapGet("/api/sweeps/{sweep}/steps/{step:long}", GetStep);
        api.MapGet("/api/sweeps/{sweep}/verdict", GetVerdict);
        api.MapSweepImages();
        // Anything else under /api is a mistyped route: say so, rather than answer with an empty 404.
        app.MapFallback("/api/{**path}", (string path) => ApiErrors.NotFound($"There is no API route '/api/{path}'; the routes start at GET /api/sweeps."));
        return app;
    }

    /// <summary>Every sweep, newest first.</summary>
    static async Task<SweepSummary[]> ListSweeps(IGrainFactory grains)
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

    static async Task<IResult> GetSweep(string sweep, IGrainFactory grains)
    {
        if (!await KnownSweeps.Contains(grains, sweep)) return ApiErrors.UnknownSweep(sweep);
        var comparison = grains.GetGrain<IComparisonGrain>(sweep);
        var snapshot = grains.GetGrain<ISweepGrain>(sweep).GetSnapshot();
        var steps = comparison.GetSampleSteps();
        var recentLoss = comparison.Rank(ComparisonMetric.TrainingLoss);
        // One loss point is enough here: the call is for the validation points, which come whole.
        var curves = comparison.GetCurves(maxPoints: 1);
        var latestValidation = (await curves).ToDictionary(c => c.ArmId, c => c.Validation.IsDefaultOrEmpty ? null : c.Validation[^1]);
        var recent = (await recentLoss).ToDictionary(r => r.ArmId, r => (double?)r.Value);
        SweepSnapshot s = await snapshot;
        return TypedResults.Ok(new SweepView(s.Name, s.Concurrency, s.IsFinished,
            [.. s.Arms.Select(a => ToView(a, recent.GetValueOrDefault(a.ArmId), latestValidation.GetValueOrDefault(a.ArmId)))], await steps, s.Search));
    }

    static ArmView ToView(ExperimentSnapshot arm, double? recentLoss, ValidationPoint? validation) => new(
        arm.ArmId, arm.Label, arm.Status.ToString(), arm.Metrics.Step, arm.Metrics.TotalSteps, arm.Metrics.LastLoss, arm.Metrics.BestLoss,
        recentLoss, arm.Metrics.Lr, arm.Metrics.StepSeconds, arm.Reason, arm.Recoveries, validation);

    static async Task<IResult> GetCurves(string sweep, IGrainFactory grains, int points = DefaultCurvePoints)
    {
        if (points is < 2 or > MaxCurvePoints) return ApiErrors.BadRequest($"points must be between 2 and {MaxCurvePoints}; it was {points}.");
        if (!await KnownSweeps.Contains(grains, sweep)) return ApiErrors.UnknownSweep(sweep);
        return TypedResults.Ok(await grains.GetGrain<IComparisonGrain>(sweep).GetCurves(points));
    }

    /// <summary>The same JSON as <c>zsweep compare --verdict --json</c> (<see cref="SweepVerdict"/>).</summary>
    static async Task<IResult> GetVerdict(string sweep, IGrainFactory grains, string metric = "validation-loss", long? step = null)
    {
        if (!MetricNames.TryParse(metric, out var parsed))
            return ApiErrors.BadRequest($"metric '{metric}' is not a metric; use one of {string.Join(", ", MetricNames.All)}.");
        if (!await KnownSweeps.Contains(grains, sweep)) return ApiErrors.UnknownSweep(sweep);
        try
        {
            return TypedResults.Ok(await grains.GetGrain<IComparisonGrain>(sweep).GetVerdict(parsed, step));
        }
        catch (VerdictRejectedException e)
        {
            return ApiErrors.BadRequest(e.Message);
        }
    }

    static async Task<IResult> GetStep(string sweep, long step, IGrainFactory grains)
    {
        if (!await KnownSweeps.Contains(grains, sweep)) return ApiErrors.UnknownSweep(sweep);
        StepComparison comparison = await grains.GetGrain<IComparisonGrain>(sweep).GetStep(step);
        if (!comparison.Arms.Any(a => a.Reached)) return ApiErrors.UnknownStep(sweep, step);
        var arms = comparison.Arms.Select(a => new ArmStepView(a.ArmId, a.Label, a.Reached, a.Validation,
            [.. a.Samples.Select((sample, i) => new SampleView(sample.PromptIndex, sample.Prompt, sample.LoraWeight, SweepImages.SampleUrl(sweep, step, a.ArmId, i)))]));
        ImmutableArray<double> weights = [.. comparison.Arms.SelectMany(a => a.Samples).Select(s => s.LoraWeight).Distinct().Order()];
        return TypedResults.Ok(new StepView(step, comparison.GridPath is null ? null : SweepImages.GridUrl(sweep, step), weights, [.. arms]));
    }
}
