using Spectre.Console;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Client.Commands.Pause;

/// <summary><c>zsweep pause &lt;sweep&gt;</c>: pauses every active arm of the sweep; repeating it changes nothing.</summary>
public sealed class PauseCommand(IAnsiConsole console) : SweepCommand(console)
{
    protected override Task<SweepSnapshot> Act(ISweepGrain sweep) => sweep.Pause();
}
