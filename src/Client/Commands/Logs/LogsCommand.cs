using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Client.Connection;
using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Silo.Web.Api;

namespace ZImageSweep.Client.Commands.Logs;

/// <summary>
/// <c>zsweep logs &lt;sweep&gt; &lt;arm&gt;</c>: the tail of an arm's worker log, read from the home's artifacts
/// directly, so it neither needs nor starts a silo; with <c>--server</c>, from the server's API.
/// </summary>
public sealed class LogsCommand(IAnsiConsole console) : AsyncCommand<LogsCommand.Settings>
{
    public sealed class Settings : ServerSettings
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

        public override ValidationResult Validate() => Tail switch
        {
            < 1 => ValidationResult.Error("--tail must be at least 1."),
            > SweepLogs.MaxTail when ResolvedServer is not null => ValidationResult.Error($"--tail is at most {SweepLogs.MaxTail} with --server."),
            _ => base.Validate(),
        };
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        if (settings.ResolvedServer is { } server)
        {
            await using var remote = new HttpSweepService(server, settings.ResolvedToken);
            console.Profile.Out.Writer.Write(await remote.TailLogAsync(settings.Sweep, settings.Arm, settings.Tail, cancellation)); // verbatim: no markup
            return 0;
        }
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
