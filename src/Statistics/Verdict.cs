namespace ZImageSweep.Statistics;

/// <summary>The outcome of one pair at one checkpoint; every metric is better when lower.</summary>
public enum Verdict
{
    /// <summary>Not enough evidence at this number of items: not "the arms are equal".</summary>
    NoDetectableDifference,
    ABetter,
    BBetter,
}
