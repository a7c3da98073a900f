using Spectre.Console;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Client.Commands.Cancel;

/// <summary><c>zsweep cancel &lt;sweep&gt;</c>: cancels every active arm of the sweep; repeating it changes nothing.</summary>
public sealed class CancelCommand(IAnsiConsole console) : SweepCommand(console)
{
    protected override Task<SweepSnapshot> Act(ISweepGrain sweep) => sweep.Cancel();
}
