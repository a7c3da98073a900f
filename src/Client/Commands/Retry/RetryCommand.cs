using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Client.Connection;
using ZImageSweep.Silo.Web.Api;

namespace ZImageSweep.Client.Commands.Retry;

/// <summary>
/// <c>zsweep retry &lt;sweep&gt; [&lt;arm&gt;…]</c>: queues failed arms again (every failed arm, or the ones named); each
/// resumes from its last complete checkpoint with a fresh restart budget. <c>resume</c> stays the inverse of
/// <c>pause</c> and never touches failed arms, so a failure is retried only when someone asks for it.
/// </summary>
public sealed class RetryCommand(IAnsiConsole console) : SweepCommand<RetryCommand.Settings>(console)
{
    public sealed class Settings : SweepNameSettings
    {
        [CommandArgument(1, "[ARM]")]
        [Description("Arm ids to retry (zsweep status lists them); all failed arms when none are given.")]
        public string[] Arms { get; init; } = [];
    }

    protected override Task<SweepView> Act(ISweepService sweeps, Settings settings, CancellationToken cancellation) =>
        sweeps.RetryAsync(settings.Sweep, [.. settings.Arms], cancellation);
}
