using Spectre.Console;
using ZImageSweep.Client.Connection;
using ZImageSweep.Silo.Web.Api;

namespace ZImageSweep.Client.Commands.Cancel;

/// <summary><c>zsweep cancel &lt;sweep&gt;</c>: cancels every active arm of the sweep; repeating it changes nothing.</summary>
public sealed class CancelCommand(IAnsiConsole console) : SweepCommand(console)
{
    protected override Task<SweepView> Act(ISweepService sweeps, string sweep, CancellationToken cancellation) => sweeps.CancelAsync(sweep, cancellation);
}
