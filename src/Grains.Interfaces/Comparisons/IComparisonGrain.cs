using System.Collections.Immutable;
using ZImageSweep.Grains.Interfaces.Trainers;

namespace ZImageSweep.Grains.Interfaces.Comparisons;

/// <summary>
/// Compares the arms of one sweep (key: the sweep name). Experiments forward their step, samples and validation
/// reports; the grain keeps loss curves, sample references and validation signals durably, builds a step-matched grid
/// whenever every running arm has passed a sample step, and answers the CLI and the web page.
/// </summary>
[Alias("zsweep.IComparisonGrain")]
public interface IComparisonGrain : IGrainWithStringKey
{
    /// <summary>A <see cref="WorkerReportKind.Step"/>, <see cref="WorkerReportKind.Samples"/> or <see cref="WorkerReportKind.Validation"/> report of one arm; other kinds are ignored.</summary>
    [Alias("OnArmReport")] Task OnArmReport(string armId, WorkerReport report);

    /// <summary>Every arm's loss curve, down-sampled to at most <paramref name="maxPoints"/> points (bucket means), and its validation points.</summary>
    [Alias("GetCurves")] Task<ImmutableArray<ArmCurve>> GetCurves(int maxPoints);

    /// <summary>The steps at which at least one arm wrote samples, ascending.</summary>
    [Alias("GetSampleSteps")] Task<ImmutableArray<long>> GetSampleSteps();

    /// <summary>Every arm at <paramref name="step"/>; arms that have not sampled it are listed with <see cref="ArmStepSamples.Reached"/> false.</summary>
    [Alias("GetStep")] Task<StepComparison> GetStep(long step);

    /// <summary>The arms that have a value for <paramref name="metric"/>, best (lowest) first.</summary>
    [Alias("Rank")] Task<ImmutableArray<ArmScore>> Rank(ComparisonMetric metric);
}
