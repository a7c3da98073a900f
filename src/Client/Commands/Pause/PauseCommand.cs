using Spectre.Console;
using ZImageSweep.Client.Connection;
using ZImageSweep.Silo.Web.Api;

namespace ZImageSweep.Client.Commands.Pause;

/// <summary><c>zsweep pause &lt;sweep&gt;</c>: pauses every active arm of the sweep; repeating it changes nothing.</summary>
public sealed class PauseCommand(IAnsiConsole console) : SweepCommand(console)
{
    protected override Task<SweepView> Act(ISweepService sweeps, string sweep, CancellationToken cancellation) => sweeps.PauseAsync(sweep, cancellation);
}
