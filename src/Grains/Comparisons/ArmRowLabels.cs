using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Grains.Comparisons;

/// <summary>
/// Labels arms by the axes whose values differ between them: an axis every arm shares tells a reader nothing and only
/// pushes the distinguishing part out of the grid's label column.
/// </summary>
public static class ArmRowLabels
{
    /// <returns>Label by arm id, e.g. <c>adapter=v2 rank=16</c>; a sweep of one arm keeps its full label.</returns>
    public static IReadOnlyDictionary<string, string> For(SweepDefinition definition)
    {
        var differing = definition.Arms.SelectMany(a => a.Assignment)
            .GroupBy(a => a.Axis)
            .Where(axis => axis.Select(a => a.Label).Distinct().Count() > 1)
            .Select(axis => axis.Key)
            .ToHashSet();
        return definition.Arms.ToDictionary(arm => arm.Id, arm => differing.Count == 0
            ? arm.Label
            : string.Join(" ", arm.Assignment.Where(a => differing.Contains(a.Axis)).Select(a => $"{a.Axis}={a.Label}")));
    }
}
