using ZImageSweep.Engine.Training.Checkpoints;

namespace ZImageSweep.Engine.Training;

/// <summary>
/// Requests from outside (stdin commands of the worker, Ctrl+C, tests) that the loop honours between steps:
/// stop after saving a checkpoint, save now, sample now. Thread-safe; each request is taken once. <see cref="Fence"/>
/// is who lets each checkpoint commit (a sweep worker's supervisor; nobody for an interactive run).
/// </summary>
public sealed class TrainingControl
{
    int _stop, _save, _sample;

    public ICheckpointFence Fence { get; init; } = UnfencedRun.Instance;

    public void RequestStop() => Interlocked.Exchange(ref _stop, 1);
    public void RequestSave() => Interlocked.Exchange(ref _save, 1);
    public void RequestSample() => Interlocked.Exchange(ref _sample, 1);

    public bool StopRequested => Volatile.Read(ref _stop) == 1;
    internal bool TakeSave() => Interlocked.Exchange(ref _save, 0) == 1;
    internal bool TakeSample() => Interlocked.Exchange(ref _sample, 0) == 1;
}
