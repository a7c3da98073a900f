using System.Collections.Immutable;
using Orleans.Concurrency;
using ZImageSweep.Grains.Interfaces.Trainers;

namespace ZImageSweep.Grains.Interfaces.Comparisons;

/// <summary>
/// Compares the arms of one sweep (key: the sweep name). Experiments forward their step, samples and validation
/// reports; the grain keeps loss curves, sample references and validation signals durably, builds a step-matched grid
/// whenever every arm that can still reach a sample step has passed it, and answers the CLI and the web page.
/// </summary>
/// <remarks>
/// The two notifications are one-way: an experiment must never wait on (or fail because of) its comparison, and the
/// comparison calls the sweep (which calls the experiments) while handling them, so an awaited call would be a cycle.
/// </remarks>
[Alias("zsweep.IComparisonGrain")]
public interface IComparisonGrain : IGrainWithStringKey
{
    /// <summary>A <see cref="WorkerReportKind.Step"/>, <see cref="WorkerReportKind.Samples"/> or <see cref="WorkerReportKind.Validation"/> report of one arm; other kinds are ignored.</summary>
    [OneWay, Alias("OnArmReport")] Task OnArmReport(string armId, WorkerReport report);

    /// <summary>The arm reached Completed, Failed, Cancelled or Stopped: sample steps it never reached no longer wait for it.</summary>
    [OneWay, Alias("OnArmFinished")] Task OnArmFinished(string armId);

    /// <summary>Every arm's loss curve, down-sampled to at most <paramref name="maxPoints"/> points (bucket means), and its validation points.</summary>
    [Alias("GetCurves")] Task<ImmutableArray<ArmCurve>> GetCurves(int maxPoints);

    /// <summary>The steps at which at least one arm wrote samples, ascending.</summary>
    [Alias("GetSampleSteps")] Task<ImmutableArray<long>> GetSampleSteps();

    /// <summary>Every arm at <paramref name="step"/>; arms that have not sampled it are listed with <see cref="ArmStepSamples.Reached"/> false.</summary>
    [Alias("GetStep")] Task<StepComparison> GetStep(long step);

    /// <summary>
    /// Builds the grid of <paramref name="step"/> now, even while some arms can still reach it (they are marked "not
    /// reached"; the grid is rebuilt as their samples arrive), and returns the step with its <see cref="StepComparison.GridPath"/>.
    /// </summary>
    /// <exception cref="ArgumentException">No arm has samples at <paramref name="step"/>.</exception>
    [Alias("BuildGrid")] Task<StepComparison> BuildGrid(long step);

    /// <summary>Writes one arm's strip (a row per sample step, with that checkpoint's validation signals) and returns its path.</summary>
    /// <exception cref="ArgumentException">The sweep has no such arm, or the arm has no samples yet.</exception>
    [Alias("BuildStrip")] Task<string> BuildStrip(string armId);

    /// <summary>The arms that have a value for <paramref name="metric"/>, best (lowest) first.</summary>
    [Alias("Rank")] Task<ImmutableArray<ArmScore>> Rank(ComparisonMetric metric);

    /// <summary>
    /// Every pair of the arms that have items for <paramref name="metric"/>, compared item by item at
    /// <paramref name="step"/> or, when null, at the latest checkpoint step they all reached; Holm-adjusted over the pairs.
    /// </summary>
    /// <exception cref="VerdictRejectedException">The metric has no items, fewer than two arms have them, the step is not shared, or two arms share no item.</exception>
    [Alias("GetVerdict")] Task<SweepVerdict> GetVerdict(ComparisonMetric metric, long? step);
}
