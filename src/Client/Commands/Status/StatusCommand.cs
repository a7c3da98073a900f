using Spectre.Console;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Client.Commands.Status;

/// <summary><c>zsweep status &lt;sweep&gt;</c>: one row per arm.</summary>
public sealed class StatusCommand(IAnsiConsole console) : SweepCommand(console)
{
    protected override Task<SweepSnapshot> Act(ISweepGrain sweep) => sweep.GetSnapshot();
}
