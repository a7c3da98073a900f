using YamlDotNet.RepresentationModel;

namespace ZImageSweep.Contracts.Jobs;

/// <summary>
/// A job config as written (YAML or JSON — JSON is YAML), kept as a tree so that sweep axes can set values by key
/// path and the result can be bound again. <see cref="Bind"/> turns it into a validated <see cref="JobConfig"/>.
/// </summary>
public sealed class JobDocument
{
    readonly YamlMappingNode _root;

    JobDocument(YamlMappingNode root, string file)
    {
        _root = root;
        File = file;
    }

    /// <summary>The file the document came from, or a description of its origin for inline documents.</summary>
    public string File { get; }

    public static JobDocument Load(string path) => Parse(System.IO.File.ReadAllText(path), path);

    /// <exception cref="JobConfigException">The text is not YAML/JSON or its top level is not a mapping.</exception>
    public static JobDocument Parse(string text, string file)
    {
        if (!YamlSyntax.TryLoad(text, out var stream, out var error))
            throw new JobConfigException(file, [new JobConfigError(error.Where, error.Message)]);
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new JobConfigException(file, [new JobConfigError("(document)", "a job config is one mapping with the keys job, config and meta")]);
        return new JobDocument(root, file);
    }

    /// <summary>An independent copy, e.g. one per sweep arm; <paramref name="file"/> renames its origin.</summary>
    public JobDocument Clone(string? file = null) => Parse(ToYaml(), file ?? File);

    /// <summary>The node at <paramref name="path"/>, or null when any part of the path is absent.</summary>
    public YamlNode? Get(JobKeyPath path)
    {
        YamlNode? node = _root;
        foreach (var segment in path.Segments)
        {
            node = node is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode(segment.Key), out var child) ? child : null;
            if (segment.Index is int i) node = node is YamlSequenceNode seq && i < seq.Children.Count ? seq.Children[i] : null;
            if (node is null) return null;
        }
        return node;
    }

    /// <summary>
    /// Sets the value at <paramref name="path"/>, creating missing mappings on the way. Whether the key is known and
    /// the value acceptable is decided by the next <see cref="Bind"/>, exactly as for a key written in the file.
    /// </summary>
    /// <exception cref="JobConfigException">The path runs through a list item that does not exist or through a value that is not a mapping.</exception>
    public void Set(JobKeyPath path, YamlNode value)
    {
        YamlMappingNode parent = _root;
        for (int s = 0; s < path.Segments.Count; s++)
        {
            var segment = path.Segments[s];
            bool last = s == path.Segments.Count - 1;
            var key = new YamlScalarNode(segment.Key);
            if (last && segment.Index is null)
            {
                parent.Children[key] = value;
                return;
            }
            parent.Children.TryGetValue(key, out var child);
            if (segment.Index is int i)
            {
                if (child is not YamlSequenceNode seq || i >= seq.Children.Count)
                    throw Unsettable(path, $"{segment.Key}[{i}] does not exist in the document");
                if (last)
                {
                    seq.Children[i] = value;
                    return;
                }
                child = seq.Children[i];
            }
            else if (child is null || YamlScalars.IsNull(child))
            {
                child = new YamlMappingNode();
                parent.Children[key] = child;
            }
            parent = child as YamlMappingNode ?? throw Unsettable(path, $"'{segment.Key}' holds a value, not a mapping of keys");
        }
    }

    /// <summary>Validates the document against the job schema and returns the typed config.</summary>
    /// <exception cref="JobConfigException">Every unknown key, wrong type and out-of-range value, with its key path.</exception>
    public JobConfig Bind()
    {
        var errors = new ConfigErrors(File);
        var config = JobConfig.Read(new MappingScope(_root, "", errors), File);
        errors.ThrowIfAny();
        return config;
    }

    public string ToYaml()
    {
        var writer = new StringWriter();
        new YamlStream(new YamlDocument(_root)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    JobConfigException Unsettable(JobKeyPath path, string reason) =>
        new(File, [new JobConfigError(path.Text, $"cannot be set: {reason}")]);
}
