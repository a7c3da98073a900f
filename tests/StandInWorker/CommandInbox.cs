using System.Collections.Concurrent;
using ZImageSweep.Contracts.Workers;

namespace ZImageSweep.StandInWorker;

/// <summary>
/// Reads supervisor commands from stdin on a background thread; end of stdin means the supervisor died. Commit and
/// abandon answer a pending checkpoint (WorkerProtocol's fencing) and are kept apart from the other commands.
/// </summary>
public sealed class CommandInbox
{
    readonly ConcurrentQueue<WorkerCommand> _commands = new();
    readonly BlockingCollection<bool> _commitAnswers = new();
    volatile bool _supervisorGone;

    public CommandInbox(TextReader stdin)
    {
        var reader = new Thread(() =>
        {
            while (stdin.ReadLine() is { } line)
            {
                if (!WorkerProtocol.TryParseCommand(line, out var command)) continue;
                if (command is WorkerCommand.Commit or WorkerCommand.Abandon) _commitAnswers.Add(command == WorkerCommand.Commit);
                else _commands.Enqueue(command);
            }
            _supervisorGone = true;
        }) { IsBackground = true };
        reader.Start();
    }

    public bool SupervisorGone => _supervisorGone;

    public bool TryTake(out WorkerCommand command) => _commands.TryDequeue(out command);

    /// <summary>The supervisor's answer to a commit request: false for abandon and for no answer in time (fail closed).</summary>
    public bool WaitForCommit(TimeSpan timeout) => _commitAnswers.TryTake(out bool commit, timeout) && commit;
}
