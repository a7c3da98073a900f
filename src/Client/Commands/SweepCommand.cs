using Spectre.Console;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Client.Commands;

/// <summary>A <see cref="SweepCommand{TSettings}"/> that needs nothing but the sweep's name (status, pause, resume, cancel).</summary>
public abstract class SweepCommand(IAnsiConsole console) : SweepCommand<SweepNameSettings>(console)
{
    protected abstract Task<SweepSnapshot> Act(ISweepGrain sweep);

    protected sealed override Task<SweepSnapshot> Act(ISweepGrain sweep, SweepNameSettings settings) => Act(sweep);
}
