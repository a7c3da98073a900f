using System.Collections.Concurrent;
using ZImageSweep.Contracts.Workers;

namespace ZImageSweep.StandInWorker;

/// <summary>Reads supervisor commands from stdin on a background thread; end of stdin means the supervisor died.</summary>
public sealed class CommandInbox
{
    readonly ConcurrentQueue<WorkerCommand> _commands = new();
    volatile bool _supervisorGone;

    public CommandInbox(TextReader stdin)
    {
        var reader = new Thread(() =>
        {
            while (stdin.ReadLine() is { } line)
                if (WorkerProtocol.TryParseCommand(line, out var command)) _commands.Enqueue(command);
            _supervisorGone = true;
        }) { IsBackground = true };
        reader.Start();
    }

    public bool SupervisorGone => _supervisorGone;

    public bool TryTake(out WorkerCommand command) => _commands.TryDequeue(out command);
}
