using System.Collections.Concurrent;
using ZImageSweep.Contracts.Workers;
using ZImageSweep.Engine.Training.Checkpoints;

namespace ZImageSweep.Engine.Worker;

/// <summary>
/// The worker's side of WorkerProtocol's fencing: asks the supervisor with <see cref="CommitReadyEvent"/> and blocks
/// the training loop until <see cref="WorkerCommandReader"/> hands over its commit or abandon. Fails closed: no answer
/// within <paramref name="answerTimeout"/> is an abandon.
/// </summary>
public sealed class SupervisorFence(string run, WorkerTrainingObserver events, TimeSpan answerTimeout) : ICheckpointFence
{
    readonly BlockingCollection<bool> _answers = new();

    public string? Run => run;

    public bool MayCommit(int step)
    {
        while (_answers.TryTake(out _)) { } // an answer nobody asked for must not decide this checkpoint
        events.CommitReady(step);
        if (_answers.TryTake(out bool commit, answerTimeout)) return commit;
        events.Message($"no commit answer for step {step} within {answerTimeout}: abandoning the checkpoint");
        return false;
    }

    /// <summary>The supervisor's <see cref="WorkerCommand.Commit"/> (true) or <see cref="WorkerCommand.Abandon"/> (false).</summary>
    public void Answer(bool commit) => _answers.Add(commit);
}
