namespace ZImageSweep.Contracts.Jobs.Keys;

/// <summary>
/// Every section of the job schema, in README order: what ai-toolkit (ostris/ai-toolkit at <see cref="AiToolkitCommit"/>,
/// toolkit/config_modules.py and the jobs/process classes) defines for a diffusion_trainer process, and our extensions.
/// </summary>
public static class JobSchema
{
    /// <summary>The ai-toolkit commit whose config classes and UI the tables were written from.</summary>
    public const string AiToolkitCommit = "27a03a91f23eb1b757d5ec2e80ee3e129cfcc350";

    public static IReadOnlyList<JobKeySection> Sections { get; } =
    [
        JobRootKeys.Root, JobRootKeys.Config, ProcessKeys.Section,
        ModelKeys.Section, NetworkKeys.Section, NetworkKwargsKeys.Section, SaveKeys.Section, LoggingKeys.Section,
        TrainKeys.Section, OptimizerParamsKeys.Section, EmaKeys.Section, ValidationConfigKeys.Section, ValidationItemKeys.Section,
        DatasetKeys.Section, SampleKeys.Section, SamplePromptKeys.Section, HeldOutValidationKeys.Section,
    ];
}
