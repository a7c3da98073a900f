using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Client.Connection;
using ZImageSweep.Client.Rendering;
using ZImageSweep.Client.Signals;

namespace ZImageSweep.Client.Commands.Watch;

/// <summary>
/// <c>zsweep watch &lt;sweep&gt;</c>: live per-arm progress until every arm has finished. On a home that no process
/// owns it hosts the home's training itself, since nothing else would make progress to watch.
/// </summary>
public sealed class WatchCommand(IAnsiConsole console) : AsyncCommand<SweepNameSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SweepNameSettings settings, CancellationToken cancellation)
    {
        ISweepService? opened = null;
        using var signals = TrainingHostSignals.Listen(console, () => opened?.HostedWorkerStopTimeout);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation, signals.Stopping);
        await using var sweeps = opened = await SweepServices.OpenAsync(settings, HomeUse.Train, context.Name, console.WriteLine, stop.Token);
        int exit = await SweepWatcher.WatchAsync(console, sweeps, settings.Sweep, stop.Token);
        return signals.IsStopping ? await TrainingHostSignals.FinishAsync(console, signals, sweeps) : exit;
    }
}
