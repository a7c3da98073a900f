using ZImageSweep.Grains.Interfaces.Comparisons;

namespace ZImageSweep.Silo.Web.Api;

/// <summary>
/// One arm as the sweep page shows it: status, progress, loss summary and its latest checkpoint's validation signals.
/// <see cref="RecentLoss"/> is the mean loss of its last 10 % of steps, which arms are ranked by (one step's loss is mostly noise).
/// </summary>
public sealed record ArmView(
    string Id,
    string Label,
    string Status,
    long Step,
    long TotalSteps,
    double? LastLoss,
    double? BestLoss,
    double? RecentLoss,
    double? Lr,
    double? StepSeconds,
    string? Reason,
    int Recoveries,
    ValidationPoint? Validation);
