using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Client.Connection;
using ZImageSweep.Client.Rendering;
using ZImageSweep.Contracts.Errors;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Client.Commands;

/// <summary>
/// A verb that makes one call on a sweep grain and shows the arms it answers with (status, pause, resume, cancel).
/// A refused call (unknown sweep, a transition the sweep does not allow) prints its reason and exits 1.
/// </summary>
public abstract class SweepCommand(IAnsiConsole console) : AsyncCommand<SweepNameSettings>
{
    protected abstract Task<SweepSnapshot> Act(ISweepGrain sweep);

    /// <summary>The arms table; a verb that shows more about them asks the grains for it here.</summary>
    protected virtual Task<Table> RenderAsync(SweepConnection connection, SweepSnapshot sweep) => Task.FromResult(SweepTables.Arms(sweep, connection.Paths));

    public sealed override async Task<int> ExecuteAsync(CommandContext context, SweepNameSettings settings, CancellationToken cancellation)
    {
        await using var connection = await SweepConnection.OpenAsync(settings, cancellation);
        try
        {
            var sweep = await Act(connection.Grains.GetGrain<ISweepGrain>(settings.Sweep));
            console.Write(await RenderAsync(connection, sweep));
            return 0;
        }
        catch (Exception e) when (e is IUserFacingError)
        {
            console.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return 1;
        }
    }
}
