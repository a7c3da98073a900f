using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Sweeps.Search;

/// <summary>
/// What can be checked of a tpe spec before anything runs: the count fits the space and the limit, and every value the
/// search could pick validates — each listed value, and both ends of each range without count — with the other axes
/// at their first value. The sweep then starts with no arms and its spec in <see cref="SweepDefinition.Search"/>.
/// </summary>
internal static class TpeSearchCheck
{
    /// <exception cref="SweepSpecException">A value does not validate, or count is larger than the space or the limit.</exception>
    public static SweepDefinition Expand(SweepSpec spec)
    {
        var problems = new List<string>();
        if (spec.RandomCount > SweepSpec.MaxArms)
            problems.Add($"count: {spec.RandomCount} arms is more than the limit of {SweepSpec.MaxArms}");
        if (spec.Dimensions.All(d => d.Axes[0].Range is not { IsContinuous: true }) && spec.RandomCount > spec.GridSize)
            problems.Add($"count: {spec.RandomCount} arms asked for, but the axes have only {spec.GridSize} combinations");

        var space = new TpeSearchSpace(spec);
        var candidates = spec.Dimensions.Select(Candidates).ToArray();
        for (int d = 0; d < candidates.Length; d++)
        {
            foreach (double coordinate in candidates[d])
            {
                double[] point = [.. candidates.Select(c => c[0])];
                point[d] = coordinate;
                SweepExpander.BuildArm(spec, space.Choose(point), seed: null, replicate: 0, problems);
            }
        }
        if (problems.Count > 0) throw new SweepSpecException(spec.BaseJob.File, problems.Distinct().ToArray());
        return new SweepDefinition(spec.Name, spec.Concurrency, [], Packing: spec.Packing, Search: spec.SearchYaml, EarlyStopping: spec.EarlyStopping);
    }

    /// <summary>The coordinates to check: every value's index, or both ends of a range without count.</summary>
    static double[] Candidates(SweepDimension dimension) => dimension.Axes[0].Range is { IsContinuous: true } range
        ? [range.From, range.To]
        : [.. Enumerable.Range(0, dimension.Length).Select(i => (double)i)];
}
