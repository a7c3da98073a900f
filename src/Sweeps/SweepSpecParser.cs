using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;
using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Sweeps.Search;

namespace ZImageSweep.Sweeps;

/// <summary>
/// Reads a sweep spec (YAML):
/// <code>
/// name: adapter-rank-lr
/// base: ./job.yaml            # or an inline job mapping
/// method: grid                # or random, with count and seed; or tpe, with count, seed and objective
/// concurrency: 2
/// replicates: 3              # optional: train every configuration 3 times, with training_seed base, base+1, base+2
/// packing: auto               # or off, or the most arms one GPU slot trains on a shared base
/// early_stopping: { method: paired }   # optional: EarlyStoppingSpec
/// axes:
///   - { name: adapter, key: model.assistant_lora_path, values: [./v1.safetensors, ./v2.safetensors], labels: [v1, v2] }
///   - { name: lr, key: train.lr, range: { from: 5e-5, to: 1e-4, count: 3, scale: log } }
///   - zip:
///       - { name: rank, key: network.linear, values: [8, 16] }
///       - { key: network.linear_alpha, values: [8, 16] }
/// </code>
/// Unknown keys, malformed key paths, empty value lists and ranges are reported together, each naming its axis.
/// </summary>
public static partial class SweepSpecParser
{
    /// <param name="baseDirectory">Where a relative <c>base</c> path is looked up: the spec file's folder. Null for a
    /// spec sent to the server (<c>POST /api/sweeps</c>), where a relative path has no folder to be relative to: the
    /// base job must then be inline, or an absolute path on the server.</param>
    /// <exception cref="SweepSpecException">The spec is malformed; every problem is listed.</exception>
    public static SweepSpec Parse(string text, string file, string? baseDirectory)
    {
        var root = LoadRoot(text, file);
        var errors = new ConfigErrors(file);
        var scope = new MappingScope(root, "", errors);
        var axisNames = new Dictionary<string, string>();

        string name = scope.RequiredString("name");
        if (name.Length > 0 && !NamePattern().IsMatch(name))
            scope.Error("name", $"'{name}' cannot name a folder; use letters, digits, '.', '_' and '-'");
        var method = scope.Enum("method", SweepMethod.Grid);
        int count = scope.Int("count", 0, min: 1);
        if (method == SweepMethod.Random && !scope.Has("count")) scope.Error("count", "is required with method random: how many arms to draw");
        if (method == SweepMethod.Tpe && !scope.Has("count")) scope.Error("count", "is required with method tpe: how many arms to propose in all");
        if (method == SweepMethod.Grid && scope.Has("count")) scope.Error("count", "applies only to method random");
        int seed = scope.Int("seed", 0, min: 0);
        int concurrency = scope.Int("concurrency", 1, min: 1);
        int replicates = scope.Int("replicates", 1, min: 1);
        PackingPolicy packing = ReadPacking(scope);
        var objective = ReadObjective(scope, method);
        var baseJob = ReadBase(scope, file, baseDirectory);
        var earlyStopping = EarlyStoppingSpec.Read(scope);
        bool search = method == SweepMethod.Tpe;
        var dimensions = scope.MappingList("axes").Select(a => ReadDimension(a, axisNames, search)).Where(d => d is not null).ToList();
        scope.RejectUnknownKeys();
        RejectDuplicateKeys(scope, dimensions!);
        if (replicates > 1) ReplicateSeeds.RejectSeedAxes(scope, dimensions!);
        if (replicates > 1 && search) scope.Error("replicates", "applies to methods grid and random; a tpe search proposes each configuration once");

        var problems = errors.Errors.Select(e => Describe(e, axisNames)).ToList();
        if (problems.Count > 0) throw new SweepSpecException(file, problems);
        return new SweepSpec(name, method, count, seed, concurrency, baseJob!, dimensions!, Replicates: replicates, Packing: packing,
            Objective: objective, SearchYaml: search ? SearchSpecYaml.Inline(root, baseJob!) : null, EarlyStopping: earlyStopping);
    }

    /// <summary>What a tpe search minimises: one of the comparison's metrics, validation loss unless named.</summary>
    static ComparisonMetric ReadObjective(MappingScope scope, SweepMethod method)
    {
        if (scope.OptionalString("objective") is not { } objective) return ComparisonMetric.ValidationLoss;
        if (method != SweepMethod.Tpe) scope.Error("objective", "applies only to method tpe");
        else if (!MetricNames.TryParse(objective, out var metric)) scope.Error("objective", $"'{objective}' is not a metric; use one of {string.Join(", ", MetricNames.All)}");
        else return metric;
        return ComparisonMetric.ValidationLoss;
    }

    static YamlMappingNode LoadRoot(string text, string file)
    {
        if (!YamlSyntax.TryLoad(text, out var stream, out var error)) throw new SweepSpecException(file, [error.ToString()]);
        return stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode root
            ? root
            : throw new SweepSpecException(file, ["a sweep spec is one mapping with the keys name, base, axes and optionally method, count, seed, concurrency, replicates, packing, objective, early_stopping"]);
    }

    /// <summary><c>packing: auto | off | &lt;k&gt;</c> (k a positive integer; default auto).</summary>
    static PackingPolicy ReadPacking(MappingScope scope)
    {
        if (!scope.Has("packing")) return PackingPolicy.Auto;
        string? text = (scope.Get("packing") as YamlScalarNode)?.Value;
        if (text == "auto") return PackingPolicy.Auto;
        if (text == "off") return PackingPolicy.Off;
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int arms) && arms >= 1)
            return PackingPolicy.AtMost(arms);
        scope.Error("packing", $"must be auto, off or a positive whole number of arms per GPU slot; got '{text ?? "a list or mapping"}'");
        return PackingPolicy.Auto;
    }

    static JobDocument? ReadBase(MappingScope scope, string file, string? baseDirectory)
    {
        try
        {
            return scope.Get("base") switch
            {
                YamlMappingNode inline => JobDocument.Parse(ToYaml(inline), $"{file} (inline base job)"),
                YamlScalarNode { Value: { Length: > 0 } path } when baseDirectory is not null => LoadBaseFile(scope, Path.Combine(baseDirectory, path), ""),
                YamlScalarNode { Value: { Length: > 0 } path } when Path.IsPathRooted(path) => LoadBaseFile(scope, path, " on the server"),
                YamlScalarNode { Value: { Length: > 0 } path } => Unplaced(scope, path),
                _ => Missing(scope),
            };
        }
        catch (JobConfigException e)
        {
            scope.Error("base", e.Message);
            return null;
        }

        static JobDocument? Missing(MappingScope scope)
        {
            scope.Error("base", "is required: a job file path or an inline job mapping");
            return null;
        }
    }

    static JobDocument? LoadBaseFile(MappingScope scope, string path, string where)
    {
        if (File.Exists(path)) return JobDocument.Load(path);
        scope.Error("base", $"job file '{path}' does not exist{where}");
        return null;
    }

    static JobDocument? Unplaced(MappingScope scope, string path)
    {
        scope.Error("base", $"'{path}' is a relative path, which has no meaning on the server; inline the base job (zsweep run --server does) or give an absolute path that exists on the server");
        return null;
    }

    /// <param name="search">Method tpe: a range may leave out its count, to search every number between its ends.</param>
    static SweepDimension? ReadDimension(MappingScope entry, Dictionary<string, string> axisNames, bool search)
    {
        if (!entry.Has("zip"))
        {
            var axis = ReadAxis(entry, axisNames, search);
            return axis is null ? null : new SweepDimension([axis]);
        }
        var members = entry.MappingList("zip").Select(m => ReadAxis(m, axisNames, search)).ToList();
        entry.RejectUnknownKeys();
        if (members.Count == 0) entry.Error("zip", "is empty; list the axes that move together");
        if (members.Count == 0 || members.Any(m => m is null)) return null;
        if (members.FirstOrDefault(m => m!.Range is { IsContinuous: true }) is { } continuous)
        {
            entry.Error("zip", $"axis '{continuous.Name}' is a range without count, which cannot move in step with other axes; give it a count");
            return null;
        }
        if (members.Select(m => m!.Values.Count).Distinct().Count() > 1)
        {
            entry.Error("zip", $"zipped axes must have the same number of values; they have {string.Join(", ", members.Select(m => $"{m!.Name}: {m.Values.Count}"))}");
            return null;
        }
        return new SweepDimension(members!);
    }

    static SweepAxis? ReadAxis(MappingScope s, Dictionary<string, string> axisNames, bool search)
    {
        string key = s.RequiredString("key");
        string name = s.OptionalString("name") ?? key.Split('.')[^1];
        axisNames[s.Path] = name;
        var labels = s.StringList("labels");
        var range = s.Has("range") ? ReadRange(s.Mapping("range"), search) : null;
        var values = range is { Count: int count } ? AxisRange.Values(range.From, range.To, count, range.Scale, range.Integral)
            : s.Has("range") ? [] : ReadValues(s);
        if (s.Has("range") && s.Has("values")) s.Error("values", "give either values or range, not both");
        s.RejectUnknownKeys();

        if (!JobKeyPath.TryParse(key, out var path))
        {
            if (key.Length > 0) s.Error("key", $"'{key}' is not a key path; write job keys separated by dots (e.g. train.lr, datasets[0].resolution)");
            return null;
        }
        if (ManagedJobKeys.Covers(path))
        {
            s.Error("key", $"'{key}' is set by the sweep for every arm (each arm trains into its own folder, named by its id); it cannot be an axis");
            return null;
        }
        if (range is { IsContinuous: true })
        {
            if (labels.Count > 0) s.Error("labels", "a range without count has no fixed values to label");
            return new SweepAxis(name, path, s.Path, [], range);
        }
        if (values.Count == 0) return null;
        if (labels.Count > 0 && labels.Count != values.Count)
        {
            s.Error("labels", $"has {labels.Count} labels for {values.Count} values");
            return null;
        }
        var axisValues = values.Select((v, i) => new AxisValue(v, CanonicalYaml.Format(v), labels.Count > 0 ? labels[i] : ArmLabels.ForValue(v))).ToArray();
        var repeated = axisValues.GroupBy(v => v.Text).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) s.Error("values", $"'{repeated.Key}' appears more than once");
        return new SweepAxis(name, path, s.Path, axisValues, range);
    }

    static IReadOnlyList<YamlNode> ReadValues(MappingScope s)
    {
        switch (s.Get("values"))
        {
            case YamlSequenceNode { Children.Count: > 0 } seq:
                return seq.Children.ToArray();
            case YamlSequenceNode:
                s.Error("values", "is empty; list at least one value");
                return [];
            case null:
                s.Error("values", "is required (or give a range)");
                return [];
            default:
                s.Error("values", "expected a list of values");
                return [];
        }
    }

    /// <returns>The range, or null where it is malformed (the errors are recorded).</returns>
    static NumericRange? ReadRange(MappingScope r, bool search)
    {
        double? from = r.OptionalDouble("from", DoubleRange.Any);
        double? to = r.OptionalDouble("to", DoubleRange.Any);
        int count = r.Int("count", 0, min: 0);
        var scale = r.Enum("scale", RangeScale.Linear);
        r.RejectUnknownKeys();
        if (from is null) r.Error("from", "is required");
        if (to is null) r.Error("to", "is required");
        bool continuous = search && !r.Has("count");
        if (!r.Has("count") && !search) r.Error("count", "is required: how many values from 'from' to 'to' (only method tpe searches a range without count)");
        else if (r.Has("count") && count == 0) r.Error("count", "is 0, so the range is empty; use at least 1");
        if (from is null || to is null || (!continuous && count == 0)) return null;
        if (scale == RangeScale.Log && (from <= 0 || to <= 0))
        {
            r.Error("scale", "a log range needs from and to > 0");
            return null;
        }
        if (continuous && from >= to)
        {
            r.Error("to", $"must be above from ({from}) for a range without count, which covers every number between them");
            return null;
        }
        if (count > 1 && from == to)
        {
            r.Error("to", $"equals from, so the {count} values would all be the same");
            return null;
        }
        // Integer endpoints (ranks, steps) give integer values: on a linear scale when the spacing allows it, and
        // always without count (the search then proposes whole numbers, on either scale).
        bool integral = IsInteger(r.Get("from")) && IsInteger(r.Get("to"))
            && (continuous || (scale == RangeScale.Linear && (count == 1 || (to!.Value - from!.Value) % (count - 1) == 0)));
        return new NumericRange(from!.Value, to!.Value, scale, integral, continuous ? null : count);
    }

    static bool IsInteger(YamlNode? node) => node is YamlScalarNode s && YamlScalars.TryInt(s, out _);

    static void RejectDuplicateKeys(MappingScope scope, IReadOnlyList<SweepDimension> dimensions)
    {
        foreach (var group in dimensions.SelectMany(d => d.Axes).GroupBy(a => a.Path.Text).Where(g => g.Count() > 1))
            scope.Error("axes", $"{string.Join(" and ", group.Select(a => a.Describe()))} set the same job key");
    }

    /// <summary>Errors inside an axis are prefixed with the axis name, so the message says which axis to fix.</summary>
    static string Describe(JobConfigError error, Dictionary<string, string> axisNames)
    {
        var owner = axisNames.Keys.Where(where => error.Path == where || error.Path.StartsWith(where + ".")).MaxBy(w => w.Length);
        return owner is null ? error.ToString() : $"axis '{axisNames[owner]}' ({error.Path}): {error.Message}";
    }

    internal static string ToYaml(YamlNode node)
    {
        var writer = new StringWriter();
        new YamlStream(new YamlDocument(node)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex NamePattern();
}
