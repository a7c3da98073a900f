using Spectre.Console;
using ZImageSweep.Client.Connection;

namespace ZImageSweep.Client.Signals;

/// <summary>
/// The signals of a command whose process hosts a home's training (<c>run</c>, <c>watch</c>, <c>serve</c>, <c>demo</c>):
/// the first asks every running worker to save a checkpoint and stop, saying how long that may take; a second ends
/// the process at once, and its workers with it (their stdin closes), losing the steps since each arm's last checkpoint.
/// </summary>
public static class TrainingHostSignals
{
    /// <param name="workerStopTimeout">How long the workers hosted here may take to stop; null while none are.</param>
    public static StopSignals Listen(IAnsiConsole console, Func<TimeSpan?> workerStopTimeout)
    {
        var signals = new StopSignals(exitCode =>
        {
            if (workerStopTimeout() is not null)
                console.MarkupLine("[red]Stopped without waiting[/]: each running arm loses the steps since its last checkpoint. Run the command again to resume.");
            Environment.Exit(exitCode);
        });
        signals.Stopping.Register(() =>
        {
            if (workerStopTimeout() is not { } timeout) return;
            console.MarkupLine($"[yellow]Stopping[/]: every running worker saves a checkpoint and stops (up to {timeout.TotalSeconds:0} s). " +
                "Press Ctrl+C again to stop at once, losing the steps since each arm's last checkpoint.");
        });
        return signals;
    }

    /// <summary>Stops the sweeps' silo or client (hosted workers save and exit first) and says what was kept.</summary>
    public static async Task<int> FinishAsync(IAnsiConsole console, StopSignals signals, ISweepService sweeps)
    {
        bool hosted = sweeps.HostsTraining;
        await sweeps.DisposeAsync();
        return Stopped(console, signals, hosted);
    }

    /// <summary>After the host has stopped: the signal's exit code, and a word on resuming when workers were hosted.</summary>
    public static int Stopped(IAnsiConsole console, StopSignals signals, bool hosted)
    {
        if (hosted) console.MarkupLine("[yellow]Stopped[/]: every running arm saved a checkpoint. Run the command again (or [bold]zsweep serve[/]) to resume.");
        return signals.ExitCode;
    }
}
