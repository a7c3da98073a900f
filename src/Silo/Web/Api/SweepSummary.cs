namespace ZImageSweep.Silo.Web.Api;

/// <summary>One row of the sweeps list: how many arms are in each status and how far training has got overall.</summary>
public sealed record SweepSummary(
    string Name,
    int Arms,
    bool Finished,
    IReadOnlyDictionary<string, int> StatusCounts,
    long Step,
    long TotalSteps);
