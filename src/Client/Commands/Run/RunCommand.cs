using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Client.Connection;
using ZImageSweep.Client.Rendering;
using ZImageSweep.Client.Signals;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Sweeps;

namespace ZImageSweep.Client.Commands.Run;

/// <summary>
/// <c>zsweep run &lt;spec&gt;</c>: expands and validates the whole sweep here — a bad spec is refused, naming the axis,
/// before anything is sent — then creates it. When this process hosts the home's silo it stays and watches, since
/// training runs here; Ctrl+C or SIGTERM then has the workers save and stop (exit 130 / 143). When another process owns
/// the home, the sweep is handed to it and trains there.
/// </summary>
public sealed class RunCommand(IAnsiConsole console) : AsyncCommand<RunCommand.Settings>
{
    public sealed class Settings : ClusterSettings
    {
        [CommandArgument(0, "<SPEC>")]
        [Description("The sweep spec (YAML): name, base job, axes, method, concurrency.")]
        public string Spec { get; init; } = "";

        [CommandOption("--watch")]
        [Description("Show live per-arm progress until every arm has finished.")]
        public bool Watch { get; init; }

        public override ValidationResult Validate() =>
            File.Exists(Spec) ? base.Validate() : ValidationResult.Error($"The spec file '{Spec}' does not exist.");
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        SweepDefinition definition;
        try
        {
            string path = Path.GetFullPath(settings.Spec);
            definition = SweepExpander.Expand(SweepSpecParser.Parse(File.ReadAllText(path), settings.Spec, Path.GetDirectoryName(path)!));
        }
        catch (SweepSpecException e)
        {
            console.MarkupLine("[red]The sweep was refused; nothing was started.[/]");
            console.WriteLine(e.Message);
            return 2;
        }

        SweepConnection? opened = null;
        using var signals = TrainingHostSignals.Listen(console, () => opened?.HostedWorkerStopTimeout);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation, signals.Stopping);
        await using var connection = opened = await SweepConnection.OpenAsync(settings, HomeUse.Train, context.Name, console.WriteLine, stop.Token);
        SweepSnapshot snapshot;
        try
        {
            snapshot = await connection.Grains.GetGrain<ISweepGrain>(definition.Name).Create(definition);
        }
        catch (SweepRejectedException e)
        {
            console.MarkupLine($"[red]The sweep was refused; nothing was started.[/] {Markup.Escape(e.Message)}");
            return 2;
        }
        console.MarkupLine($"Sweep [bold]{Markup.Escape(definition.Name)}[/]: {definition.Arms.Length} arms.");
        if (connection.Owner is { } owner) console.MarkupLine($"It trains in {Markup.Escape(owner.Describe())}, which owns {Markup.Escape(settings.ResolvedHome)}.");
        if (!settings.Watch && !connection.HostsTraining)
        {
            console.Write(SweepTables.Arms(snapshot, connection.Paths));
            return 0;
        }
        int exit = await SweepWatcher.WatchAsync(console, connection, definition.Name, stop.Token);
        return signals.IsStopping ? await TrainingHostSignals.FinishAsync(console, signals, connection) : exit;
    }
}
