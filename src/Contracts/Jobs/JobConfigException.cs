using ZImageSweep.Contracts.Errors;

namespace ZImageSweep.Contracts.Jobs;

/// <summary>
/// A job config is not usable. Carries every problem found (not just the first) so the user can fix them in one pass;
/// the message names the file and each key path.
/// </summary>
public sealed class JobConfigException(string file, IReadOnlyList<JobConfigError> errors)
    : Exception(Describe(file, errors)), IUserFacingError
{
    public string File { get; } = file;
    public IReadOnlyList<JobConfigError> Errors { get; } = errors;

    static string Describe(string file, IReadOnlyList<JobConfigError> errors) =>
        errors.Count == 1
            ? $"{file}: {errors[0]}"
            : $"{file}: {errors.Count} problems:{string.Concat(errors.Select(e => $"{Environment.NewLine}  {e}"))}";
}
