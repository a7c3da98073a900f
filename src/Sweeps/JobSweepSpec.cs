using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;
using ZImageSweep.Contracts.Jobs;

namespace ZImageSweep.Sweeps;

/// <summary>
/// The sweep spec equivalent to <c>zsweep run --job JOB --axis KEY=V1,V2 [--label-axis KEY=L1,L2] [--name NAME]</c>:
/// the job as <c>base</c>, one axis per <c>--axis</c> in the order given. Written as spec YAML so that it is parsed by
/// <see cref="SweepSpecParser"/> like any spec file, and can be printed, saved and edited.
/// </summary>
public static class JobSweepSpec
{
    /// <summary>Where problems with the command-line axes are reported.</summary>
    public const string Origin = "--axis";

    /// <param name="jobFile">The job (YAML or the UI's <c>.job_config.json</c>); written into the spec as a full path.</param>
    /// <param name="name">The sweep name; null takes the job's <c>config.name</c>.</param>
    /// <exception cref="SweepSpecException">An axis or label option is malformed; every problem is listed.</exception>
    public static string Build(string jobFile, IReadOnlyList<string> axes, IReadOnlyList<string> labelAxes, string? name)
    {
        var problems = new List<string>();
        var parsedAxes = axes.Select(a => Split("--axis", a, problems)).OfType<(string Key, string[] Values)>().ToList();
        var labels = labelAxes.Select(a => Split("--label-axis", a, problems)).OfType<(string Key, string[] Values)>().ToList();
        if (axes.Count == 0) problems.Add("--job needs at least one --axis KEY=V1,V2,…");
        foreach (var (key, _) in labels.Where(l => parsedAxes.All(a => a.Key != l.Key)))
            problems.Add($"--label-axis '{key}' names no --axis; label the values of an axis given with --axis {key}=…");
        foreach (var group in parsedAxes.GroupBy(a => a.Key).Where(g => g.Count() > 1))
            problems.Add($"--axis '{group.Key}' is given {group.Count()} times; list all its values in one --axis");
        if (problems.Count > 0) throw new SweepSpecException(Origin, problems);

        string fullPath = Path.GetFullPath(jobFile);
        var spec = new YamlMappingNode
        {
            { "name", name ?? JobName(fullPath) },
            { "base", fullPath },
            { "axes", new YamlSequenceNode(parsedAxes.Select(a => Axis(a.Key, a.Values, labels.FirstOrDefault(l => l.Key == a.Key).Values))) },
        };
        var writer = new StringWriter();
        new YamlStream(new YamlDocument(spec)).Save(writer, assignAnchors: false);
        return writer.ToString().TrimEnd().TrimEnd('.').TrimEnd() + Environment.NewLine;
    }

    static YamlMappingNode Axis(string key, string[] values, string[]? labels)
    {
        var axis = new YamlMappingNode { { "key", key }, { "values", Flow(values) } };
        if (labels is not null) axis.Add("labels", Flow(labels));
        return axis;
    }

    static YamlSequenceNode Flow(IEnumerable<string> items) =>
        new(items.Select(i => new YamlScalarNode(i))) { Style = SequenceStyle.Flow };

    static (string Key, string[] Values)? Split(string option, string text, List<string> problems)
    {
        int equals = text.IndexOf('=');
        string key = equals < 0 ? text : text[..equals].Trim();
        string[] values = equals < 0 ? [] : text[(equals + 1)..].Split(',', StringSplitOptions.TrimEntries);
        if (equals <= 0 || values.Any(v => v.Length == 0))
        {
            problems.Add($"{option} '{text}': write KEY=V1,V2,… (e.g. {option} network.linear=8,16)");
            return null;
        }
        return (key, values);
    }

    /// <summary>The job's <c>config.name</c>, which also names its output folder; else the file's name.</summary>
    static string JobName(string jobFile)
    {
        try
        {
            if (JobDocument.Load(jobFile).Get(JobKeyPath.Parse("config.name")) is YamlScalarNode { Value: { Length: > 0 } configName }) return configName;
        }
        catch (JobConfigException)
        {
            // The parser reports the unreadable base job, naming the file; the name is then irrelevant.
        }
        return Path.GetFileNameWithoutExtension(jobFile).TrimStart('.');
    }
}
