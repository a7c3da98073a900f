using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Interfaces.Experiments;

namespace ZImageSweep.Silo.Web.Api;

/// <summary>
/// One arm as the sweep page and <c>zsweep status</c> show it: status, progress, loss summary, its latest checkpoint's
/// validation signals, and where it trains and saved. <see cref="RecentLoss"/> is the mean loss of its last 10 % of
/// steps, which arms are ranked by (one step's loss is mostly noise). Paths are the server's.
/// </summary>
/// <param name="PackedWith">The other experiments leased the same slot (issue 18's packing): arm labels of this sweep,
/// <c>&lt;sweep&gt;/&lt;arm id&gt;</c> of another; empty when the arm has its slot alone or none.</param>
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
    ValidationPoint? Validation,
    string? Slot,
    CheckpointRef? LastCheckpoint,
    CheckpointRef? FinalLora,
    IReadOnlyList<string>? PackedWith = null);
