using Spectre.Console;
using ZImageSweep.Client.Connection;
using ZImageSweep.Client.Rendering;
using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Client.Commands.Status;

/// <summary><c>zsweep status &lt;sweep&gt;</c>: one row per arm, with its latest validation signals where it has any.</summary>
public sealed class StatusCommand(IAnsiConsole console) : SweepCommand(console)
{
    protected override Task<SweepSnapshot> Act(ISweepGrain sweep) => sweep.GetSnapshot();

    protected override async Task<Table> RenderAsync(SweepConnection connection, SweepSnapshot sweep)
    {
        // One loss point per arm is the cheapest answer that still carries every validation point.
        var curves = await connection.Grains.GetGrain<IComparisonGrain>(sweep.Name).GetCurves(maxPoints: 1);
        return SweepTables.Arms(sweep, connection.Paths, curves.Where(c => !c.Validation.IsEmpty).ToDictionary(c => c.ArmId, c => c.Validation[^1]));
    }
}
