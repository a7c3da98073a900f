using Spectre.Console;
using ZImageSweep.Client.Connection;
using ZImageSweep.Silo.Web.Api;

namespace ZImageSweep.Client.Commands.Status;

/// <summary><c>zsweep status &lt;sweep&gt;</c>: one row per arm, with its latest validation signals where it has any.</summary>
public sealed class StatusCommand(IAnsiConsole console) : SweepCommand(console)
{
    protected override Task<SweepView> Act(ISweepService sweeps, string sweep, CancellationToken cancellation) => sweeps.GetAsync(sweep, cancellation);
}
