namespace ZImageSweep.Engine.Training.Checkpoints;

/// <summary>
/// The supervisor refused (or could not confirm) the commit of a checkpoint: another run owns the arm now. The
/// staged files are deleted and training stops; the worker exits with WorkerProtocol's fenced exit code.
/// </summary>
public sealed class CheckpointFencedException(int step, string? run)
    : Exception($"checkpoint at step {step} abandoned: run {run} is no longer the arm's current run (or its supervisor could not confirm it)")
{
    public int Step { get; } = step;
}
