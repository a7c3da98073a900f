using ZImageSweep.Contracts.Errors;

namespace ZImageSweep.Engine.Training.Checkpoints;

/// <summary>
/// The newest complete checkpoint in a run's folder was written by a job whose training keys differ from this one's,
/// so resuming it would silently mix two runs. Names every differing key and the two ways out.
/// </summary>
public sealed class CheckpointMismatchException(string folder, int step, IReadOnlyList<string> differences)
    : Exception($"{folder}: the checkpoint at step {step} was made by a job with other training keys ({string.Join("; ", differences)}); "
                + "to train this job, use another training_folder or name, or pass --restart to start over from step 0 (deletes this job's step checkpoints there)"), IUserFacingError
{
    public IReadOnlyList<string> Differences { get; } = differences;
}
