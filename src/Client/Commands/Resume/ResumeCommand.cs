using Spectre.Console;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Client.Commands.Resume;

/// <summary><c>zsweep resume &lt;sweep&gt;</c>: resumes every active arm of the sweep; repeating it changes nothing.</summary>
public sealed class ResumeCommand(IAnsiConsole console) : SweepCommand(console)
{
    protected override Task<SweepSnapshot> Act(ISweepGrain sweep) => sweep.Resume();
}
