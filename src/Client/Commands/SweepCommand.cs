using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Client.Connection;
using ZImageSweep.Client.Rendering;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Client.Commands;

/// <summary>
/// A verb that makes one call on a sweep grain and shows the arms it answers with (status, pause, resume, cancel).
/// A refused call prints its reason and exits 1. On a home that no process owns it starts no worker: a resumed sweep
/// trains once <c>zsweep serve</c>, <c>watch</c> or <c>run</c> hosts the home.
/// </summary>
public abstract class SweepCommand(IAnsiConsole console) : AsyncCommand<SweepNameSettings>
{
    protected abstract Task<SweepSnapshot> Act(ISweepGrain sweep);

    /// <summary>The arms table; a verb that shows more about them asks the grains for it here.</summary>
    protected virtual Task<Table> RenderAsync(IGrainFactory grains, SweepSnapshot sweep) => Task.FromResult(SweepTables.Arms(sweep));

    public sealed override async Task<int> ExecuteAsync(CommandContext context, SweepNameSettings settings, CancellationToken cancellation)
    {
        await using var connection = await SweepConnection.OpenAsync(settings, HomeUse.Inspect, context.Name, console.WriteLine, cancellation);
        try
        {
            var sweep = await Act(connection.Grains.GetGrain<ISweepGrain>(settings.Sweep));
            console.Write(await RenderAsync(connection.Grains, sweep));
            return 0;
        }
        catch (SweepRejectedException e)
        {
            console.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return 1;
        }
    }
}
