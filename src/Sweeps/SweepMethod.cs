using ZImageSweep.Contracts.Jobs;

namespace ZImageSweep.Sweeps;

/// <summary>How arms are chosen from the axes.</summary>
public enum SweepMethod
{
    /// <summary>Every combination of the axes' values.</summary>
    [ConfigName("grid")] Grid,
    /// <summary><c>count</c> distinct combinations drawn from the grid without replacement, reproducibly from <c>seed</c>.</summary>
    [ConfigName("random")] Random,
    /// <summary>
    /// <c>count</c> arms proposed one at a time by a Tree-structured Parzen Estimator from the results of the finished
    /// ones (<see cref="Search.TpeSearch"/>), reproducibly from <c>seed</c>.
    /// </summary>
    [ConfigName("tpe")] Tpe,
}
