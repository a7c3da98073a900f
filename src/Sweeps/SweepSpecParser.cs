using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;
using ZImageSweep.Contracts.Jobs;

namespace ZImageSweep.Sweeps;

/// <summary>
/// Reads a sweep spec (YAML):
/// <code>
/// name: adapter-rank-lr
/// base: ./job.yaml            # or an inline job mapping
/// method: grid                # or random, with count and seed
/// concurrency: 2
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
    /// <param name="baseDirectory">Where a relative <c>base</c> path is looked up: the spec file's folder.</param>
    /// <exception cref="SweepSpecException">The spec is malformed; every problem is listed.</exception>
    public static SweepSpec Parse(string text, string file, string baseDirectory)
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
        if (method == SweepMethod.Grid && scope.Has("count")) scope.Error("count", "applies only to method random");
        int seed = scope.Int("seed", 0, min: 0);
        int concurrency = scope.Int("concurrency", 1, min: 1);
        var baseJob = ReadBase(scope, file, baseDirectory);
        var earlyStopping = EarlyStoppingSpec.Read(scope);
        var dimensions = scope.MappingList("axes").Select(a => ReadDimension(a, axisNames)).Where(d => d is not null).ToList();
        scope.RejectUnknownKeys();
        RejectDuplicateKeys(scope, dimensions!);

        var problems = errors.Errors.Select(e => Describe(e, axisNames)).ToList();
        if (problems.Count > 0) throw new SweepSpecException(file, problems);
        return new SweepSpec(name, method, count, seed, concurrency, baseJob!, dimensions!, earlyStopping);
    }

    static YamlMappingNode LoadRoot(string text, string file)
    {
        if (!YamlSyntax.TryLoad(text, out var stream, out var error)) throw new SweepSpecException(file, [error.ToString()]);
        return stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode root
            ? root
            : throw new SweepSpecException(file, ["a sweep spec is one mapping with the keys name, base, axes and optionally method, count, seed, concurrency, early_stopping"]);
    }

    static JobDocument? ReadBase(MappingScope scope, string file, string baseDirectory)
    {
        try
        {
            return scope.Get("base") switch
            {
                YamlMappingNode inline => JobDocument.Parse(ToYaml(inline), $"{file} (inline base job)"),
                YamlScalarNode { Value: { Length: > 0 } path } => LoadBaseFile(scope, Path.Combine(baseDirectory, path)),
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

    static JobDocument? LoadBaseFile(MappingScope scope, string path)
    {
        if (File.Exists(path)) return JobDocument.Load(path);
        scope.Error("base", $"job file '{path}' does not exist");
        return null;
    }

    static SweepDimension? ReadDimension(MappingScope entry, Dictionary<string, string> axisNames)
    {
        if (!entry.Has("zip"))
        {
            var axis = ReadAxis(entry, axisNames);
            return axis is null ? null : new SweepDimension([axis]);
        }
        var members = entry.MappingList("zip").Select(m => ReadAxis(m, axisNames)).ToList();
        entry.RejectUnknownKeys();
        if (members.Count == 0) entry.Error("zip", "is empty; list the axes that move together");
        if (members.Count == 0 || members.Any(m => m is null)) return null;
        if (members.Select(m => m!.Values.Count).Distinct().Count() > 1)
        {
            entry.Error("zip", $"zipped axes must have the same number of values; they have {string.Join(", ", members.Select(m => $"{m!.Name}: {m.Values.Count}"))}");
            return null;
        }
        return new SweepDimension(members!);
    }

    static SweepAxis? ReadAxis(MappingScope s, Dictionary<string, string> axisNames)
    {
        string key = s.RequiredString("key");
        string name = s.OptionalString("name") ?? key.Split('.')[^1];
        axisNames[s.Path] = name;
        var labels = s.StringList("labels");
        var values = s.Has("range") ? ReadRange(s.Mapping("range")) : ReadValues(s);
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
        if (values.Count == 0) return null;
        if (labels.Count > 0 && labels.Count != values.Count)
        {
            s.Error("labels", $"has {labels.Count} labels for {values.Count} values");
            return null;
        }
        var axisValues = values.Select((v, i) => new AxisValue(v, CanonicalYaml.Format(v), labels.Count > 0 ? labels[i] : ArmLabels.ForValue(v))).ToArray();
        var repeated = axisValues.GroupBy(v => v.Text).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) s.Error("values", $"'{repeated.Key}' appears more than once");
        return new SweepAxis(name, path, s.Path, axisValues);
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

    static IReadOnlyList<YamlNode> ReadRange(MappingScope r)
    {
        double? from = r.OptionalDouble("from", DoubleRange.Any);
        double? to = r.OptionalDouble("to", DoubleRange.Any);
        int count = r.Int("count", 0, min: 0);
        var scale = r.Enum("scale", RangeScale.Linear);
        r.RejectUnknownKeys();
        if (from is null) r.Error("from", "is required");
        if (to is null) r.Error("to", "is required");
        if (!r.Has("count")) r.Error("count", "is required: how many values from 'from' to 'to'");
        else if (count == 0) r.Error("count", "is 0, so the range is empty; use at least 1");
        if (from is null || to is null || count == 0) return [];
        if (scale == RangeScale.Log && (from <= 0 || to <= 0))
        {
            r.Error("scale", "a log range needs from and to > 0");
            return [];
        }
        if (count > 1 && from == to)
        {
            r.Error("to", $"equals from, so the {count} values would all be the same");
            return [];
        }
        // Integer endpoints on a linear scale (ranks, steps) give integer values when the spacing allows it.
        bool integral = scale == RangeScale.Linear && IsInteger(r.Get("from")) && IsInteger(r.Get("to"))
            && (count == 1 || (to!.Value - from!.Value) % (count - 1) == 0);
        return AxisRange.Values(from!.Value, to!.Value, count, scale, integral);
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

    static string ToYaml(YamlNode node)
    {
        var writer = new StringWriter();
        new YamlStream(new YamlDocument(node)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex NamePattern();
}
