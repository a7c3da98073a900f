namespace ZImageSweep.Sweeps;

/// <summary>
/// Axes that move together: a single axis, or a <c>zip</c> group whose axes all have the same number of values and
/// take their i-th values in the same arm (e.g. rank and alpha in step).
/// </summary>
public sealed record SweepDimension(IReadOnlyList<SweepAxis> Axes)
{
    public int Length => Axes[0].Values.Count;
}
