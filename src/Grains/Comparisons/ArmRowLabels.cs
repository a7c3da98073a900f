using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Grains.Comparisons;

/// <summary>
/// Labels arms by the axes whose values differ between them: an axis every arm shares tells a reader nothing and only
/// pushes the distinguishing part out of the grid's label column.
/// </summary>
public static class ArmRowLabels
{
    /// <returns>Label by arm id, e.g. <c>adapter=v2 rank=16 seed=1</c>; a sweep of one arm keeps its full label.</returns>
    public static IReadOnlyDictionary<string, string> For(SweepDefinition definition) =>
        Differing(definition.Arms.Select(a => (a.Id, a.Label, (IEnumerable<AxisAssignment>)a.Assignment)));

    /// <returns>Label by configuration id (<see cref="ArmDefinition.ConfigurationId"/>): the replicates' seed left out.</returns>
    public static IReadOnlyDictionary<string, string> ForConfigurations(SweepDefinition definition) =>
        Differing(definition.Arms.DistinctBy(a => a.ConfigurationId).Select(a =>
            (a.ConfigurationId, string.Join(" ", a.ConfigurationAssignment.Select(Text)), a.ConfigurationAssignment)));

    static IReadOnlyDictionary<string, string> Differing(IEnumerable<(string Id, string Label, IEnumerable<AxisAssignment> Assignment)> rows)
    {
        var all = rows.ToList();
        var differing = all.SelectMany(r => r.Assignment)
            .GroupBy(a => a.Axis)
            .Where(axis => axis.Select(a => a.Label).Distinct().Count() > 1)
            .Select(axis => axis.Key)
            .ToHashSet();
        return all.ToDictionary(r => r.Id, r => differing.Count == 0
            ? r.Label
            : string.Join(" ", r.Assignment.Where(a => differing.Contains(a.Axis)).Select(Text)));
    }

    static string Text(AxisAssignment a) => $"{a.Axis}={a.Label}";
}
