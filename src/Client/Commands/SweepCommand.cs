using Spectre.Console;
using ZImageSweep.Client.Connection;
using ZImageSweep.Silo.Web.Api;

namespace ZImageSweep.Client.Commands;

/// <summary>A <see cref="SweepCommand{TSettings}"/> that needs nothing but the sweep's name (status, pause, resume, cancel).</summary>
public abstract class SweepCommand(IAnsiConsole console) : SweepCommand<SweepNameSettings>(console)
{
    protected abstract Task<SweepView> Act(ISweepService sweeps, string sweep, CancellationToken cancellation);

    protected sealed override Task<SweepView> Act(ISweepService sweeps, SweepNameSettings settings, CancellationToken cancellation) =>
        Act(sweeps, settings.Sweep, cancellation);
}
