using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Client.Connection;
using ZImageSweep.Client.Rendering;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Client.Commands;

/// <summary>
/// A verb that makes one call on a sweep grain, with settings of its own beyond the sweep's name, and shows the arms
/// it answers with. A refused call (an unknown sweep, a transition the sweep does not allow) is one line and exit 1 through <see cref="CommandErrors"/>.
/// On a home that no process owns it starts no worker: a resumed or retried sweep trains once <c>zsweep serve</c>,
/// <c>watch</c> or <c>run</c> hosts the home.
/// </summary>
public abstract class SweepCommand<TSettings>(IAnsiConsole console) : AsyncCommand<TSettings> where TSettings : SweepNameSettings
{
    protected abstract Task<SweepSnapshot> Act(ISweepGrain sweep, TSettings settings);

    /// <summary>The arms table; a verb that shows more about them asks the grains for it here.</summary>
    protected virtual Task<Table> RenderAsync(SweepConnection connection, SweepSnapshot sweep) => Task.FromResult(SweepTables.Arms(sweep, connection.Paths));

    public sealed override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellation)
    {
        await using var connection = await SweepConnection.OpenAsync(settings, HomeUse.Inspect, context.Name, console.WriteLine, cancellation);
        var sweep = await Act(connection.Grains.GetGrain<ISweepGrain>(settings.Sweep), settings);
        console.Write(await RenderAsync(connection, sweep));
        return 0;
    }
}
