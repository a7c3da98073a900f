using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Client.Connection;
using ZImageSweep.Client.Rendering;

namespace ZImageSweep.Client.Commands.Watch;

/// <summary><c>zsweep watch &lt;sweep&gt;</c>: live per-arm progress until every arm has finished.</summary>
public sealed class WatchCommand(IAnsiConsole console) : AsyncCommand<SweepNameSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SweepNameSettings settings, CancellationToken cancellation)
    {
        await using var connection = await SweepConnection.OpenAsync(settings, cancellation);
        return await SweepWatcher.WatchAsync(console, connection, settings.Sweep, cancellation);
    }
}
