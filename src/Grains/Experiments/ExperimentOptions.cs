namespace ZImageSweep.Grains.Experiments;

/// <summary>Experiment supervision (configuration section <c>Experiments</c>).</summary>
public sealed class ExperimentOptions
{
    public const string Section = "Experiments";

    /// <summary>How often a queued or running experiment checks that its trainer runs.</summary>
    /// <value>1 minute; must be at least Orleans' <c>ReminderOptions.MinimumReminderPeriod</c> in production.</value>
    public TimeSpan WatchdogPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often an experiment may lose its trainer (silo crash) and be placed again before it fails.</summary>
    /// <value>5.</value>
    public int MaxRecoveries { get; set; } = 5;
}
