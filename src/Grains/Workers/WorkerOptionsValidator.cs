using Microsoft.Extensions.Options;

namespace ZImageSweep.Grains.Workers;

/// <summary>Checks <see cref="WorkerOptions"/> at silo start and names the setting to fix.</summary>
public sealed class WorkerOptionsValidator : IValidateOptions<WorkerOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkerOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Command))
            failures.Add($"{nameof(WorkerOptions)}.{nameof(WorkerOptions.Command)} is not set. Set {WorkerOptions.Section}:{nameof(WorkerOptions.Command)} (env Worker__Command) to the training worker executable.");
        if (options.MaxRestarts < 0)
            failures.Add($"{nameof(WorkerOptions)}.{nameof(WorkerOptions.MaxRestarts)} must be 0 or more.");
        if (options.StopTimeout <= TimeSpan.Zero)
            failures.Add($"{nameof(WorkerOptions)}.{nameof(WorkerOptions.StopTimeout)} must be greater than {TimeSpan.Zero}.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
