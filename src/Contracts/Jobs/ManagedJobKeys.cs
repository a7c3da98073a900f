
namespace ZImageSweep.Contracts.Jobs;

/// <summary>
/// Job keys the sweep sets for every arm, so an axis over them would be silently overwritten: the output goes to the
/// arm's folder (<c>training_folder</c> = the sweep folder, <c>config.name</c> = the arm id).
/// </summary>
public static class ManagedJobKeys
{
    public static readonly JobKeyPath TrainingFolder = JobKeyPath.Parse("training_folder");
    public static readonly JobKeyPath Name = JobKeyPath.Parse("config.name");

    public static readonly IReadOnlyList<JobKeyPath> All = [TrainingFolder, Name];

    /// <summary>Whether setting <paramref name="path"/> would set (or sit inside) a managed key.</summary>
    public static bool Covers(JobKeyPath path) => All.Any(managed => path.Text == managed.Text || path.Text.StartsWith(managed.Text + ".", StringComparison.Ordinal));
}
