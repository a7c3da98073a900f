using System.Collections.Concurrent;
using ZImageSweep.Contracts.Workers;

namespace ZImageSweep.StandInWorker;

/// <summary>
/// The supervisor's commands for one arm, handed over by <see cref="SlotWorker"/>. Commit and abandon answer a pending
/// checkpoint (WorkerProtocol's fencing) and are kept apart from the other commands.
/// </summary>
public sealed class RunInbox
{
    readonly ConcurrentQueue<WorkerCommand> _commands = new();
    readonly BlockingCollection<bool> _commitAnswers = new();

    public void Post(WorkerCommand command)
    {
        if (command is WorkerCommand.Commit or WorkerCommand.Abandon) _commitAnswers.Add(command == WorkerCommand.Commit);
        else _commands.Enqueue(command);
    }

    public bool TryTake(out WorkerCommand command) => _commands.TryDequeue(out command);

    /// <summary>The supervisor's answer to a commit request: false for abandon and for no answer in time (fail closed).</summary>
    public bool WaitForCommit(TimeSpan timeout) => _commitAnswers.TryTake(out bool commit, timeout) && commit;
}
