namespace ZImageSweep.Engine.Training.Checkpoints;

/// <summary>
/// Decides whether a written checkpoint may be committed (WorkerProtocol's fencing): a sweep worker asks its
/// supervisor, an interactive run commits at once (<see cref="UnfencedRun"/>).
/// </summary>
public interface ICheckpointFence
{
    /// <summary>The run that commits, recorded in each checkpoint record; null for an unsupervised run.</summary>
    string? Run { get; }

    /// <summary>Whether the checkpoint at <paramref name="step"/>, written under temporary names, may be committed.</summary>
    bool MayCommit(int step);
}
