using Spectre.Console.Cli;
using ZImageSweep.Engine.Worker;

namespace ZImageSweep.Client.Commands.Worker;

/// <summary>
/// <c>zsweep worker</c>: the long-lived training worker of one GPU slot, started by the silo (WorkerProtocol): arms
/// start, train (packed on one resident base) and stop by JSON-line commands on stdin; their events are JSON lines on
/// stdout, logs go to stderr. Not for people: hidden from help.
/// </summary>
public sealed class SlotWorkerCommand : Command<SlotWorkerCommand.Settings>
{
    public sealed class Settings : CommandSettings;

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        // Ctrl+C in a terminal reaches the whole process group: the supervisor, not the keyboard, stops a worker.
        Console.CancelKeyPress += (_, e) => e.Cancel = true;
        // Every failure is an arm's, reported to the supervisor as its failed event: expected ones by their message.
        using var worker = new SlotWorker(new WorkerOutput(Console.Out, Console.Error), e => CommandErrors.ExitCodeOf(e) is not null);
        return worker.Run(Console.In);
    }
}
