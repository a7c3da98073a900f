namespace ZImageSweep.Statistics;

/// <summary>
/// Decides a pair: an arm wins when its Holm-adjusted Wilcoxon p-value is below <see cref="Alpha"/> and the bootstrap
/// interval of the mean difference excludes 0 on its side. Requiring both keeps the reported winner, the sign of the
/// mean difference and the interval consistent (the rank test can reject while a few large differences pull the mean
/// the other way; then no winner is named).
/// </summary>
public static class VerdictRule
{
    public const double Alpha = 0.05;

    public static Verdict Decide(PairedComparison pair, double adjustedP)
    {
        if (adjustedP >= Alpha) return Verdict.NoDetectableDifference;
        if (pair.Interval.High < 0) return Verdict.ABetter;
        if (pair.Interval.Low > 0) return Verdict.BBetter;
        return Verdict.NoDetectableDifference;
    }
}
