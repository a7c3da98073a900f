using YamlDotNet.RepresentationModel;

namespace ZImageSweep.Contracts.Jobs.Keys;

/// <summary>Value equality of YAML nodes as ai-toolkit would see them once loaded (1 = 1.0, an empty path = none).</summary>
public static class YamlValues
{
    public static bool SameValue(YamlNode value, YamlNode expected)
    {
        if (YamlScalars.IsNull(expected)) return YamlScalars.IsNull(value) || value is YamlScalarNode { Value: "" };
        return (value, expected) switch
        {
            (YamlScalarNode a, YamlScalarNode b) => SameScalar(a, b),
            (YamlSequenceNode a, YamlSequenceNode b) => a.Children.Count == b.Children.Count && a.Children.Zip(b.Children).All(p => SameValue(p.First, p.Second)),
            (YamlMappingNode a, YamlMappingNode b) => a.Children.Count == b.Children.Count
                && b.Children.All(p => a.Children.TryGetValue(p.Key, out var v) && SameValue(v, p.Value)),
            _ => false,
        };
    }

    /// <summary>How a value is quoted in a message: <c>'true'</c>, <c>a list</c>, <c>a mapping</c>.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode s => $"'{s.Value}'",
        YamlSequenceNode { Children.Count: 0 } => "an empty list",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => node.NodeType.ToString(),
    };

    /// <summary>A value written in YAML flow style (<c>[0, 0, 0]</c>, <c>{}</c>, <c>null</c>, <c>bf16</c>) as a node.</summary>
    public static YamlNode ParseFlow(string flow)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader($"value: {flow}"));
        return ((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("value")];
    }

    static bool SameScalar(YamlScalarNode a, YamlScalarNode b)
    {
        if (YamlScalars.TryBool(a, out bool x) && YamlScalars.TryBool(b, out bool y)) return x == y;
        if (YamlScalars.TryDouble(a, out double m) && YamlScalars.TryDouble(b, out double n)) return m == n;
        return string.Equals(a.Value, b.Value, StringComparison.Ordinal);
    }
}
