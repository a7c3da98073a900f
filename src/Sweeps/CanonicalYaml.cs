using YamlDotNet.RepresentationModel;

namespace ZImageSweep.Sweeps;

/// <summary>
/// One-line text for a YAML value that does not depend on how it was written (flow or block style), so equal values
/// hash to the same arm id.
/// </summary>
public static class CanonicalYaml
{
    public static string Format(YamlNode node) => node switch
    {
        YamlScalarNode s => s.Value ?? "",
        YamlSequenceNode seq => $"[{string.Join(", ", seq.Children.Select(Format))}]",
        YamlMappingNode map => $"{{{string.Join(", ", map.Children.Select(kv => $"{Format(kv.Key)}: {Format(kv.Value)}"))}}}",
        _ => "",
    };
}
