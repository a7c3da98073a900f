using YamlDotNet.RepresentationModel;
using ZImageSweep.Contracts.Jobs;

namespace ZImageSweep.Sweeps;

/// <summary>
/// A spec as it is sent to a server (<c>zsweep run --server</c>): the base job a path names is read here and written
/// into the spec as an inline mapping, because a path on the laptop means nothing on the server
/// (<see cref="SweepSpecParser.Parse"/> refuses relative base paths there).
/// </summary>
public static class InlinedSweepSpec
{
    /// <param name="text">A spec that <see cref="SweepSpecParser.Parse"/> accepted with the same <paramref name="baseDirectory"/>.</param>
    public static string From(string text, string baseDirectory)
    {
        if (!YamlSyntax.TryLoad(text, out var stream, out var error)) throw new InvalidOperationException($"The spec was parsed before it is inlined, yet: {error}");
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        if (root.Children.TryGetValue("base", out var node) && node is YamlScalarNode { Value: { } path })
        {
            YamlSyntax.TryLoad(JobDocument.Load(Path.Combine(baseDirectory, path)).ToYaml(), out var job, out _);
            root.Children[new YamlScalarNode("base")] = job.Documents[0].RootNode;
        }
        var writer = new StringWriter();
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}
