using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Client.Connection;
using ZImageSweep.Client.Rendering;
using ZImageSweep.Silo.Web.Api;

namespace ZImageSweep.Client.Commands;

/// <summary>
/// A verb that makes one call on a sweep, with settings of its own beyond the sweep's name, and shows the arms it
/// answers with. A refused call (an unknown sweep, a transition the sweep does not allow) is one line and exit 1 through <see cref="CommandErrors"/>.
/// On a home that no process owns it starts no worker: a resumed or retried sweep trains once <c>zsweep serve</c>,
/// <c>watch</c> or <c>run</c> hosts the home.
/// </summary>
public abstract class SweepCommand<TSettings>(IAnsiConsole console) : AsyncCommand<TSettings> where TSettings : SweepNameSettings
{
    protected abstract Task<SweepView> Act(ISweepService sweeps, TSettings settings, CancellationToken cancellation);

    public sealed override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellation)
    {
        await using var sweeps = await SweepServices.OpenAsync(settings, HomeUse.Inspect, context.Name, console.WriteLine, cancellation);
        console.Write(SweepTables.Arms(await Act(sweeps, settings, cancellation), sweeps.Paths));
        return 0;
    }
}
