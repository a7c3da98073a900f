using System.Text.RegularExpressions;
using ZImageSweep.Contracts.Jobs.Keys;

namespace ZImageSweep.Contracts.Jobs;

/// <summary>
/// A validated ai-toolkit job config: the typed view of a <see cref="JobDocument"/>. Every key has ai-toolkit's
/// meaning and default; anything the schema does not know is rejected when binding, not ignored.
/// </summary>
public sealed partial record JobConfig
{
    /// <summary>The file the config came from (for messages); an inline config names its origin instead.</summary>
    public string SourceFile { get; init; } = "";
    public JobKind Job { get; init; } = JobKind.Extension;
    /// <summary><c>config.name</c>: output folder name and file prefix.</summary>
    public string Name { get; init; } = "";
    public ProcessConfig Process { get; init; } = new();
    /// <summary>Copied into saved LoRA metadata; <c>[name]</c> is replaced by the job name on save.</summary>
    public IReadOnlyDictionary<string, string> Meta { get; init; } = new Dictionary<string, string>();

    internal static JobConfig Read(MappingScope root, string sourceFile)
    {
        var config = root.Mapping("config");
        var processes = config.MappingList("process");
        var job = new JobConfig
        {
            SourceFile = sourceFile,
            Job = root.Enum("job", JobKind.Extension),
            Name = config.RequiredString("name"),
            Process = processes.Count > 0 ? ProcessConfig.Read(processes[0]) : new ProcessConfig(),
            Meta = root.Mapping("meta").StringMap(),
        };
        if (job.Name.Length > 0 && !NamePattern().IsMatch(job.Name))
            config.Error("name", $"'{job.Name}' cannot name a folder and files; use letters, digits, '.', '_' and '-'");
        if (processes.Count == 0) config.Error("process", "is required: give exactly one process");
        else if (processes.Count > 1) config.Error("process", $"has {processes.Count} entries; a job trains exactly one process");
        config.RejectUnknownKeys(JobRootKeys.Config);
        root.RejectUnknownKeys(JobRootKeys.Root);
        return job;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex NamePattern();
}
