namespace ZImageSweep.Statistics;

/// <summary>A two-sided interval for a mean (or a mean difference).</summary>
public readonly record struct ConfidenceInterval(double Low, double High)
{
    public double HalfWidth => (High - Low) / 2;

    public bool Contains(double value) => Low <= value && value <= High;
}
