using YamlDotNet.RepresentationModel;
using ZImageSweep.Contracts.Jobs.Keys;
using ZImageSweep.Contracts.Text;

namespace ZImageSweep.Contracts.Jobs;

/// <summary>
/// Typed, path-aware reads from one YAML mapping (a job document, or a sweep spec that reuses the same rules). Every key read is remembered, so that
/// <see cref="RejectUnknownKeys"/> can name the keys that no schema field asked for. Problems are recorded in the
/// shared <see cref="ConfigErrors"/> and the default is returned, so binding continues and all errors surface at once.
/// </summary>
public sealed class MappingScope
{
    readonly YamlMappingNode? _node;
    readonly ConfigErrors _errors;
    readonly List<string> _known = [];

    public MappingScope(YamlNode? node, string path, ConfigErrors errors)
    {
        Path = path;
        _errors = errors;
        if (node is YamlMappingNode mapping) _node = mapping;
        else if (!YamlScalars.IsNull(node)) errors.Add(path, $"expected a mapping of keys, found {YamlValues.Describe(node!)}");
    }

    public string Path { get; }

    /// <summary>False when the node is absent or not a mapping (already reported), so cross-key checks can stay quiet.</summary>
    public bool IsMapping => _node is not null;

    public string KeyPath(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public bool Has(string key) => !YamlScalars.IsNull(Get(key));

    public YamlNode? Get(string key)
    {
        if (!_known.Contains(key)) _known.Add(key);
        if (_node is null) return null;
        return _node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
    }

    public void Error(string key, string message) => _errors.Add(KeyPath(key), message);

    public string? OptionalString(string key) => Get(key) switch
    {
        var n when YamlScalars.IsNull(n) => null,
        YamlScalarNode s => s.Value,
        var n => Mismatch<string?>(key, "a string", n!, null),
    };

    public string RequiredString(string key)
    {
        string? value = OptionalString(key);
        if (string.IsNullOrWhiteSpace(value) && Has(key)) Error(key, "must not be empty");
        else if (value is null && !Has(key)) Error(key, "is required");
        return value ?? "";
    }

    public string String(string key, string @default) => OptionalString(key) ?? @default;

    public long? OptionalInt(string key, long min = long.MinValue, long max = long.MaxValue) => Get(key) switch
    {
        var n when YamlScalars.IsNull(n) => null,
        YamlScalarNode s when YamlScalars.TryInt(s, out long v) => InRange(key, v, min, max),
        var n => Mismatch<long?>(key, "a whole number", n!, null),
    };

    public int Int(string key, int @default, int min = int.MinValue, int max = int.MaxValue) =>
        (int)(OptionalInt(key, min, max) ?? @default);

    public double? OptionalDouble(string key, DoubleRange range) => Get(key) switch
    {
        var n when YamlScalars.IsNull(n) => null,
        YamlScalarNode s when YamlScalars.TryDouble(s, out double v) => range.Contains(v) ? v : RangeError(key, v, range),
        var n => Mismatch<double?>(key, "a number", n!, null),
    };

    public double Double(string key, double @default, DoubleRange range) => OptionalDouble(key, range) ?? @default;

    public bool Bool(string key, bool @default) => Get(key) switch
    {
        var n when YamlScalars.IsNull(n) => @default,
        YamlScalarNode s when YamlScalars.TryBool(s, out bool v) => v,
        var n => Mismatch(key, "true or false", n!, @default),
    };

    public TEnum Enum<TEnum>(string key, TEnum @default) where TEnum : struct, Enum => OptionalEnum<TEnum>(key) ?? @default;

    public TEnum? OptionalEnum<TEnum>(string key) where TEnum : struct, Enum
    {
        string? text = OptionalString(key);
        if (text is null) return null;
        if (ConfigEnum.TryParse(text, out TEnum value)) return value;
        Error(key, $"'{text}' is not supported; use one of {string.Join(", ", ConfigEnum.Names<TEnum>())}");
        return null;
    }

    public MappingScope Mapping(string key) => new(Get(key), KeyPath(key), _errors);

    /// <summary>A list of mappings; each element gets its own scope with an indexed path (<c>datasets[1]</c>).</summary>
    public IReadOnlyList<MappingScope> MappingList(string key) => Get(key) switch
    {
        var n when YamlScalars.IsNull(n) => [],
        YamlSequenceNode seq => seq.Children.Select((item, i) => new MappingScope(item, $"{KeyPath(key)}[{i}]", _errors)).ToArray(),
        var n => Mismatch<IReadOnlyList<MappingScope>>(key, "a list", n!, []),
    };

    /// <summary>A list of strings; a single scalar is accepted as a one-element list, as ai-toolkit does.</summary>
    public IReadOnlyList<string> StringList(string key) => Get(key) switch
    {
        var n when YamlScalars.IsNull(n) => [],
        YamlScalarNode s => [s.Value!],
        YamlSequenceNode seq => seq.Children.Select((item, i) => item is YamlScalarNode s ? s.Value ?? "" : ElementError(key, i, "a string", item, "")).ToArray(),
        var n => Mismatch<IReadOnlyList<string>>(key, "a string or a list of strings", n!, []),
    };

    /// <summary>A whole number or a list of them (<c>resolution: 512</c> or <c>resolution: [512, 768]</c>).</summary>
    public IReadOnlyList<int> IntList(string key, IReadOnlyList<int> @default, int min, int max) =>
        ScalarList(key, @default, "a whole number", (YamlScalarNode s, out int value, out string? problem) =>
        {
            bool parsed = YamlScalars.TryInt(s, out long v);
            value = (int)v;
            problem = parsed && (v < min || v > max) ? $"{v} is out of range; use {RangeText(min, max)}" : null;
            return parsed;
        });

    /// <summary>A number or a list of them (<c>timesteps: [0.1, 0.5]</c>), each within <paramref name="range"/>.</summary>
    public IReadOnlyList<double> DoubleList(string key, IReadOnlyList<double> @default, DoubleRange range) =>
        ScalarList(key, @default, "a number", (YamlScalarNode s, out double value, out string? problem) =>
        {
            bool parsed = YamlScalars.TryDouble(s, out value);
            problem = parsed && !range.Contains(value) ? $"{value:G6} is out of range; use {range}" : null;
            return parsed;
        });

    delegate bool ScalarParser<T>(YamlScalarNode node, out T value, out string? problem);

    /// <summary>One scalar or a list of scalars; each bad element is reported under its own indexed path.</summary>
    IReadOnlyList<T> ScalarList<T>(string key, IReadOnlyList<T> @default, string expected, ScalarParser<T> parse)
    {
        YamlNode? node = Get(key);
        IReadOnlyList<YamlNode> items = node switch
        {
            var n when YamlScalars.IsNull(n) => [],
            YamlScalarNode s => [s],
            YamlSequenceNode seq => seq.Children.ToArray(),
            var n => Mismatch<IReadOnlyList<YamlNode>>(key, $"{expected} or a list of them", n!, []),
        };
        if (items.Count == 0) return @default;
        var values = new List<T>();
        for (int i = 0; i < items.Count; i++)
        {
            string path = node is YamlScalarNode ? KeyPath(key) : $"{KeyPath(key)}[{i}]";
            if (items[i] is not YamlScalarNode s || !parse(s, out T value, out string? problem))
                _errors.Add(path, $"expected {expected}, found {YamlValues.Describe(items[i])}");
            else if (problem is not null) _errors.Add(path, problem);
            else values.Add(value);
        }
        return values;
    }

    /// <summary>Free-form string values (e.g. <c>meta</c>): keys are not checked, values must be scalars.</summary>
    public IReadOnlyDictionary<string, string> StringMap()
    {
        var map = new Dictionary<string, string>();
        if (_node is null) return map;
        foreach (var (key, value) in _node.Children)
        {
            string name = (key as YamlScalarNode)?.Value ?? "";
            _known.Add(name);
            if (value is YamlScalarNode s) map[name] = s.Value ?? "";
            else Error(name, $"expected a text value, found {YamlValues.Describe(value)}");
        }
        return map;
    }

    /// <summary>Two spellings of one key (<c>linear</c> / <c>rank</c>): at most one may be given.</summary>
    public string Alias(string key, string alias)
    {
        if (Has(key) && Has(alias)) Error(alias, $"'{alias}' is another name for '{key}'; give only one of them");
        return Has(alias) ? alias : key;
    }

    /// <summary>Rejects every key no reader asked for, suggesting the closest known key for a slip.</summary>
    public void RejectUnknownKeys() => Reject(null);

    /// <summary>
    /// Rejects, among the keys no reader asked for, those the job schema <paramref name="section"/> does not define,
    /// and refuses a value other than the default for its default-only keys; no-effect keys pass with any value.
    /// </summary>
    /// <exception cref="InvalidOperationException">The reader and the schema table disagree on the keys read (a bug).</exception>
    public void RejectUnknownKeys(JobKeySection section)
    {
        section.CheckReadKeys(_known);
        Reject(section);
    }

    void Reject(JobKeySection? section)
    {
        if (_node is null) return;
        foreach (var (key, value) in _node.Children)
        {
            string name = (key as YamlScalarNode)?.Value ?? key.ToString();
            if (_known.Contains(name)) continue;
            if (section?.Find(name) is { } schemaKey)
            {
                if (schemaKey.Refusal(value) is string refusal) Error(name, refusal);
                continue;
            }
            var schemaKeys = section?.Keys.Select(k => k.Name).ToList() ?? [];
            // The keys that do something are listed; a section whose keys all change nothing (logging) lists those.
            var listed = _known.Count > 0 ? _known : schemaKeys;
            _errors.Add(KeyPath(name), NameSuggestion.Closest(name, _known.Concat(schemaKeys)) is string suggestion
                ? $"unknown key; did you mean '{suggestion}'?"
                : $"unknown key; known keys here are {string.Join(", ", listed)}");
        }
    }

    T Mismatch<T>(string key, string expected, YamlNode found, T fallback)
    {
        Error(key, $"expected {expected}, found {YamlValues.Describe(found)}");
        return fallback;
    }

    T ElementError<T>(string key, int index, string expected, YamlNode found, T fallback)
    {
        _errors.Add($"{KeyPath(key)}[{index}]", $"expected {expected}, found {YamlValues.Describe(found)}");
        return fallback;
    }

    double? RangeError(string key, double value, DoubleRange range)
    {
        Error(key, $"{value:G6} is out of range; use {range}");
        return null;
    }

    long? InRange(string key, long value, long min, long max)
    {
        if (value >= min && value <= max) return value;
        Error(key, $"{value} is out of range; use {RangeText(min, max)}");
        return null;
    }

    static string RangeText(long min, long max) => (min, max) switch
    {
        (long.MinValue or int.MinValue, _) => $"a whole number ≤ {max}",
        (_, long.MaxValue or int.MaxValue) => $"a whole number ≥ {min}",
        _ => $"a whole number from {min} to {max}",
    };
}
