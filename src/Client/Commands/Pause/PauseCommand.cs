using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Client.Connection;
using ZImageSweep.Client.Rendering;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Client.Commands.Pause;

/// <summary><c>zsweep pause &lt;sweep&gt;</c>: pauses every active arm of the sweep; repeating it changes nothing.</summary>
public sealed class PauseCommand(IAnsiConsole console) : AsyncCommand<SweepNameSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SweepNameSettings settings, CancellationToken cancellation)
    {
        await using var connection = await SweepConnection.OpenAsync(settings, cancellation);
        try
        {
            console.Write(SweepTables.Arms(await connection.Grains.GetGrain<ISweepGrain>(settings.Sweep).Pause()));
            return 0;
        }
        catch (SweepRejectedException e)
        {
            console.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return 1;
        }
    }
}
