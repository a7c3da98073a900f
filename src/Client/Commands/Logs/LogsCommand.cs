using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Client.Connection;
using ZImageSweep.Contracts.Artifacts;

namespace ZImageSweep.Client.Commands.Logs;

/// <summary>
/// <c>zsweep logs &lt;sweep&gt; &lt;arm&gt;</c>: the tail of an arm's worker log, read from the home's artifacts
/// directly, so it neither needs nor starts a silo.
/// </summary>
public sealed class LogsCommand(IAnsiConsole console) : Command<LogsCommand.Settings>
{
    public sealed class Settings : HomeSettings
    {
        [CommandArgument(0, "<SWEEP>")]
        [Description("The sweep's name.")]
        public string Sweep { get; init; } = "";

        [CommandArgument(1, "<ARM>")]
        [Description("The arm id (zsweep status lists them).")]
        public string Arm { get; init; } = "";

        [CommandOption("--tail <LINES>")]
        [Description("How many lines from the end.")]
        [DefaultValue(50)]
        public int Tail { get; init; } = 50;

        public override ValidationResult Validate() =>
            Tail > 0 ? base.Validate() : ValidationResult.Error("--tail must be at least 1.");
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        string log = new ArtifactLayout(ZsweepHome.ArtifactsIn(settings.ResolvedHome)).WorkerLogPath(settings.Sweep, settings.Arm);
        if (!File.Exists(log))
        {
            console.MarkupLine($"[red]No worker log at {Markup.Escape(log)}[/]; check the sweep name, the arm id and --home.");
            return 1;
        }
        foreach (string line in File.ReadLines(log).TakeLast(settings.Tail)) console.WriteLine(line);
        return 0;
    }
}
