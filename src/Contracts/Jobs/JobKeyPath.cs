using System.Text.RegularExpressions;

namespace ZImageSweep.Contracts.Jobs;

/// <summary>
/// A dotted key path into a job document, such as <c>train.lr</c>, <c>datasets[0].resolution</c> or
/// <c>config.name</c>. Paths that do not start at the top level (<c>job</c>, <c>config</c>, <c>meta</c>) are
/// relative to <c>config.process[0]</c>, which is where every training setting lives.
/// </summary>
public sealed partial record JobKeyPath
{
    public const string ProcessRoot = "config.process[0]";
    static readonly string[] TopLevelKeys = ["job", "config", "meta"];

    JobKeyPath(IReadOnlyList<JobKeySegment> segments, string text)
    {
        Segments = segments;
        Text = text;
    }

    /// <summary>Segments from the document root.</summary>
    public IReadOnlyList<JobKeySegment> Segments { get; }

    /// <summary>The full path from the document root, as used in error messages.</summary>
    public string Text { get; }

    public override string ToString() => Text;

    public static JobKeyPath Parse(string path)
    {
        if (!TryParse(path, out var parsed)) throw new FormatException($"'{path}' is not a key path; write keys separated by dots, with [n] for list items (e.g. train.lr or datasets[0].folder_path)");
        return parsed;
    }

    public static bool TryParse(string path, out JobKeyPath parsed)
    {
        parsed = null!;
        if (!PathPattern().IsMatch(path)) return false;
        string full = TopLevelKeys.Contains(path.Split('.', '[')[0]) ? path : $"{ProcessRoot}.{path}";
        var segments = new List<JobKeySegment>();
        foreach (Match m in SegmentPattern().Matches(full))
            segments.Add(new JobKeySegment(m.Groups["key"].Value, m.Groups["index"].Success ? int.Parse(m.Groups["index"].Value) : null));
        parsed = new JobKeyPath(segments, full);
        return true;
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\[[0-9]+\])?(\.[A-Za-z_][A-Za-z0-9_]*(\[[0-9]+\])?)*$")]
    private static partial Regex PathPattern();

    [GeneratedRegex(@"(?<key>[A-Za-z_][A-Za-z0-9_]*)(\[(?<index>[0-9]+)\])?")]
    private static partial Regex SegmentPattern();
}
