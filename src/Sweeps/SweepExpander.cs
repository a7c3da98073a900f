using System.Collections.Immutable;
using YamlDotNet.RepresentationModel;
using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Sweeps.Search;

namespace ZImageSweep.Sweeps;

/// <summary>
/// Turns a <see cref="SweepSpec"/> into arms and validates every arm's job before anything runs: a value the job
/// schema rejects, or an axis key the schema does not know, refuses the whole sweep with a message naming the axis.
/// </summary>
public static class SweepExpander
{
    /// <exception cref="SweepSpecException">The base job or some arm's job does not validate, or there are too many arms.</exception>
    public static SweepDefinition Expand(SweepSpec spec)
    {
        var problems = new List<string>();
        JobConfig baseConfig;
        try
        {
            baseConfig = spec.BaseJob.Bind();
        }
        catch (JobConfigException e)
        {
            throw new SweepSpecException(spec.BaseJob.File, [$"the base job does not validate: {e.Message}"]);
        }

        if (spec.Method == SweepMethod.Tpe) return TpeSearchCheck.Expand(spec);
        var combinations = Combinations(spec, problems);
        var arms = new List<ArmDefinition>();
        foreach (var combination in combinations)
            for (int replicate = 0; replicate < spec.Replicates; replicate++)
            {
                var seed = spec.Replicates > 1 ? ReplicateSeeds.Assignment(baseConfig, replicate) : null;
                var arm = BuildArm(spec, Choose(spec, combination), seed, replicate, problems);
                if (arm is not null) arms.Add(arm);
            }
        if (problems.Count > 0) throw new SweepSpecException(spec.BaseJob.File, problems.Distinct().ToArray());
        return new SweepDefinition(spec.Name, spec.Concurrency, [.. arms], Packing: spec.Packing, EarlyStopping: spec.EarlyStopping);
    }

    /// <summary>Each combination picks one value index per dimension.</summary>
    static IReadOnlyList<int[]> Combinations(SweepSpec spec, List<string> problems)
    {
        long size = spec.GridSize;
        if (spec.Method == SweepMethod.Random)
        {
            if ((long)spec.RandomCount * spec.Replicates > SweepSpec.MaxArms)
            {
                problems.Add($"count: {spec.RandomCount} arms × {spec.Replicates} replicates is more than the limit of {SweepSpec.MaxArms} arms");
                return [];
            }
            if (spec.RandomCount > size)
            {
                problems.Add($"count: {spec.RandomCount} random arms asked for, but the axes have only {size} combinations");
                return [];
            }
            return DrawDistinct(size, spec.RandomCount, spec.Seed).Select(i => Decode(spec, i)).ToArray();
        }
        if (size * spec.Replicates > SweepSpec.MaxArms)
        {
            string arms = spec.Replicates > 1 ? $"{size} configurations × {spec.Replicates} replicates" : $"{size} arms";
            problems.Add($"axes: the grid has {arms}, more than the limit of {SweepSpec.MaxArms} arms; use fewer values or method random");
            return [];
        }
        return Enumerable.Range(0, (int)size).Select(i => Decode(spec, i)).ToArray();
    }

    /// <summary>Distinct grid indices in draw order; <see cref="Random"/> with a seed is reproducible across runs and platforms.</summary>
    static IEnumerable<long> DrawDistinct(long size, int count, int seed)
    {
        var random = new Random(seed);
        var drawn = new HashSet<long>();
        while (drawn.Count < count)
        {
            long index = random.NextInt64(size);
            if (drawn.Add(index)) yield return index;
        }
    }

    /// <summary>Mixed-radix decoding: the last dimension varies fastest, as in nested loops written in axis order.</summary>
    static int[] Decode(SweepSpec spec, long index)
    {
        var picks = new int[spec.Dimensions.Count];
        for (int d = spec.Dimensions.Count - 1; d >= 0; d--)
        {
            int length = spec.Dimensions[d].Length;
            picks[d] = (int)(index % length);
            index /= length;
        }
        return picks;
    }

    static (SweepAxis Axis, AxisValue Value)[] Choose(SweepSpec spec, int[] picks) =>
        [.. spec.Dimensions.SelectMany((d, i) => d.Axes.Select(a => (a, a.Values[picks[i]])))];

    /// <summary>The arm that sets each chosen axis to its value, validated like the job file; null (problems recorded) when it does not validate.</summary>
    /// <param name="seed">A replicate's seed, set on top of the axes (<see cref="ReplicateSeeds"/>); null when each configuration is trained once.</param>
    internal static ArmDefinition? BuildArm(SweepSpec spec, (SweepAxis Axis, AxisValue Value)[] chosen, AxisAssignment? seed, int replicate, List<string> problems)
    {
        var configuration = chosen.Select(c => new AxisAssignment(c.Axis.Name, c.Axis.Path.Text, c.Value.Text, c.Value.Label)).ToImmutableArray();
        var assignment = seed is null ? configuration : configuration.Add(seed);
        string label = string.Join(" ", assignment.Select(a => $"{a.Axis}={a.Label}"));
        var job = spec.BaseJob.Clone($"{spec.BaseJob.File} [arm {label}]");
        try
        {
            foreach (var (axis, value) in chosen) job.Set(axis.Path, value.Node);
            if (seed is not null) job.Set(ReplicateSeeds.Key, new YamlScalarNode(seed.Value));
            var config = job.Bind();
            return new ArmDefinition(ArmIds.For(assignment), label, assignment, job.ToYaml(), config.Process.Train.Steps,
                seed is null ? null : ArmIds.For(configuration), replicate);
        }
        catch (JobConfigException e)
        {
            foreach (var error in e.Errors) problems.Add(Blame(chosen, error));
            return null;
        }
    }

    /// <summary>
    /// Names the axis whose key the error is about. An unknown key shows up either at the axis path itself or at a
    /// misspelt section above it (<c>trian.lr</c> is reported at <c>…trian</c>), so both directions of prefix count.
    /// </summary>
    static string Blame((SweepAxis Axis, AxisValue Value)[] chosen, JobConfigError error)
    {
        foreach (var (axis, value) in chosen)
        {
            string path = axis.Path.Text;
            if (Covers(path, error.Path) || Covers(error.Path, path))
                return $"{axis.Describe()} value '{value.Text}': {error}";
        }
        return $"the combination {string.Join(" ", chosen.Select(c => $"{c.Axis.Name}={c.Value.Label}"))}: {error}";
    }

    static bool Covers(string prefix, string path) =>
        path == prefix || path.StartsWith(prefix + ".", StringComparison.Ordinal) || path.StartsWith(prefix + "[", StringComparison.Ordinal);
}
