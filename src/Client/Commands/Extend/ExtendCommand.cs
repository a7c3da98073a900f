using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Client.Connection;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Silo.Web.Api;

namespace ZImageSweep.Client.Commands.Extend;

/// <summary>
/// <c>zsweep extend &lt;sweep&gt; &lt;arm&gt; --steps N</c>: trains a finished arm N more steps from its last
/// checkpoint, as the same arm (<see cref="ISweepGrain.Extend"/>). An arm that cannot be extended as asked — unknown,
/// not finished, a decaying learning rate — is input the user can fix: one line and exit 2, nothing changed.
/// </summary>
public sealed class ExtendCommand(IAnsiConsole console) : SweepCommand<ExtendCommand.Settings>(console)
{
    public sealed class Settings : SweepNameSettings
    {
        [CommandArgument(1, "<ARM>")]
        [Description("The arm id to extend (zsweep status lists them).")]
        public string Arm { get; init; } = "";

        [CommandOption("--steps <N>")]
        [Description("How many more steps to train, at least 1.")]
        public int? Steps { get; init; }

        public override ValidationResult Validate() => Steps switch
        {
            null => ValidationResult.Error("--steps is required: how many more steps to train the arm."),
            < 1 => ValidationResult.Error($"--steps {Steps} would train nothing more; give at least 1."),
            _ => base.Validate(),
        };
    }

    protected override Task<SweepView> Act(ISweepService sweeps, Settings settings, CancellationToken cancellation) =>
        sweeps.ExtendAsync(settings.Sweep, settings.Arm, settings.Steps!.Value, cancellation);
}
