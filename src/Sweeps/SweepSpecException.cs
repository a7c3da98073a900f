using ZImageSweep.Contracts.Errors;

namespace ZImageSweep.Sweeps;

/// <summary>A sweep spec cannot be run. Lists every problem; each names the axis (or spec key) it is about.</summary>
public sealed class SweepSpecException(string file, IReadOnlyList<string> problems)
    : Exception(problems.Count == 1
        ? $"{file}: {problems[0]}"
        : $"{file}: {problems.Count} problems:{string.Concat(problems.Select(p => $"{Environment.NewLine}  {p}"))}"), IUserFacingError
{
    public string File { get; } = file;
    public IReadOnlyList<string> Problems { get; } = problems;
}
