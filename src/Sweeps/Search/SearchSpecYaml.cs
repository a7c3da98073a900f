using YamlDotNet.RepresentationModel;
using ZImageSweep.Contracts.Jobs;

namespace ZImageSweep.Sweeps.Search;

/// <summary>
/// A tpe spec as the sweep grain keeps it: the spec's own YAML with <c>base</c> replaced by the base job inline, so the
/// grain can read it again (after a silo restart too) without the spec's folder or the job file.
/// </summary>
public static class SearchSpecYaml
{
    public static string Inline(YamlMappingNode specRoot, JobDocument baseJob)
    {
        var job = YamlSyntax.TryLoad(baseJob.ToYaml(), out var stream, out _) ? stream.Documents[0].RootNode
            : throw new InvalidOperationException("a job document always writes YAML it can read back");
        var inlined = new YamlMappingNode();
        foreach (var (key, value) in specRoot.Children)
            inlined.Add(key, key is YamlScalarNode { Value: "base" } ? job : value);
        return SweepSpecParser.ToYaml(inlined);
    }
}
