using Spectre.Console;
using ZImageSweep.Client.Connection;
using ZImageSweep.Silo.Web.Api;

namespace ZImageSweep.Client.Commands.Resume;

/// <summary><c>zsweep resume &lt;sweep&gt;</c>: resumes every active arm of the sweep; repeating it changes nothing.</summary>
public sealed class ResumeCommand(IAnsiConsole console) : SweepCommand(console)
{
    protected override Task<SweepView> Act(ISweepService sweeps, string sweep, CancellationToken cancellation) => sweeps.ResumeAsync(sweep, cancellation);
}
