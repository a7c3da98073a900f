using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Client.Connection;
using ZImageSweep.Client.Rendering;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Client.Commands.Status;

/// <summary><c>zsweep status &lt;sweep&gt;</c>: one row per arm.</summary>
public sealed class StatusCommand(IAnsiConsole console) : AsyncCommand<SweepNameSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SweepNameSettings settings, CancellationToken cancellation)
    {
        await using var connection = await SweepConnection.OpenAsync(settings, cancellation);
        try
        {
            console.Write(SweepTables.Arms(await connection.Grains.GetGrain<ISweepGrain>(settings.Sweep).GetSnapshot()));
            return 0;
        }
        catch (SweepRejectedException e)
        {
            console.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return 1;
        }
    }
}
