using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Client.Connection;
using ZImageSweep.Client.Rendering;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Client.Commands.Compare;

/// <summary><c>zsweep compare &lt;sweep&gt; --step N</c>: the step-matched sample grid of every arm, on demand.</summary>
public sealed class CompareCommand(IAnsiConsole console) : AsyncCommand<CompareCommand.Settings>
{
    public sealed class Settings : SweepNameSettings
    {
        [CommandOption("--step <STEP>")]
        [Description("The training step whose preview samples to compare.")]
        public int? Step { get; init; }

        [CommandOption("--out <PNG>")]
        [Description("Where to write the grid (default: <artifacts>/sweeps/<sweep>/grids/step_<step>.png).")]
        public string? Out { get; init; }

        [CommandOption("--artifacts <DIR>")]
        [Description("The artifact root (default: $Artifacts__Root, else ~/.zsweep/artifacts).")]
        public string? Artifacts { get; init; }

        public override ValidationResult Validate() =>
            Step is >= 0 ? ValidationResult.Success() : ValidationResult.Error("--step is required and must be 0 or more.");
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        string root = settings.Artifacts ?? Environment.GetEnvironmentVariable("Artifacts__Root") ?? Path.Combine(EmbeddedDefaults.ZsweepHome, "artifacts");
        await using var connection = await SweepConnection.OpenAsync(settings, cancellation);
        SweepSnapshot snapshot = await connection.Grains.GetGrain<ISweepGrain>(settings.Sweep).GetSnapshot();
        if (snapshot.Arms.IsDefaultOrEmpty)
        {
            console.MarkupLine($"[red]No sweep named {Markup.Escape(settings.Sweep)}[/] (zsweep ls lists them).");
            return 1;
        }
        try
        {
            GridResult grid = SweepGrids.Build(root, settings.Sweep, snapshot.Arms.Select(a => new GridArm(a.ArmId, a.Label)).ToList(), settings.Step!.Value, settings.Out);
            foreach (string arm in grid.MissingArms) console.MarkupLine($"[yellow]{Markup.Escape(arm)} has not reached step {grid.Step}[/] (shown as 'not reached').");
            console.MarkupLine($"Grid: {Markup.Escape(grid.Path)}");
            return 0;
        }
        catch (InvalidOperationException e)
        {
            console.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return 1;
        }
    }
}
