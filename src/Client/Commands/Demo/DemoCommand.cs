using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Client.Connection;
using ZImageSweep.Client.Rendering;
using ZImageSweep.Client.Signals;
using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Sweeps;

namespace ZImageSweep.Client.Commands.Demo;

/// <summary>
/// <c>zsweep demo</c>: the whole product on one machine — the embedded silo, a tiny model, a generated dataset and a
/// 2×2 sweep (training adapter v1/v2 × rank 8/16) trained for real by worker processes, then where everything landed.
/// Interrupting it and running it again resumes the unfinished arms from their last checkpoints.
/// </summary>
public sealed class DemoCommand(IAnsiConsole console) : AsyncCommand<DemoCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--root <FOLDER>")]
        [Description("Folder for the demo's model, dataset, spec and artifacts (default ~/.zsweep/demo).")]
        public string? Root { get; init; }

        [CommandOption("--steps <STEPS>")]
        [Description("Training steps per arm.")]
        [DefaultValue(40)]
        public int Steps { get; init; } = 40;

        public override ValidationResult Validate() =>
            Steps is >= 4 and <= 100_000 ? ValidationResult.Success() : ValidationResult.Error("--steps must be between 4 and 100000");
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        string root = Path.GetFullPath(settings.Root ?? Path.Combine(ZsweepHome.Default, "demo"));
        console.MarkupLine($"Preparing the demo in [bold]{Markup.Escape(root)}[/] (tiny model, generated dataset, sweep spec) ...");
        string spec = DemoFiles.Prepare(root, settings.Steps);
        SweepDefinition definition = SweepExpander.Expand(SweepSpecParser.Parse(File.ReadAllText(spec), spec, root));

        var artifacts = new ArtifactLayout(ZsweepHome.ArtifactsIn(root));
        // Ctrl+C or SIGTERM ends the watch; disposing the connection then stops the embedded silo, whose workers save and exit.
        OrleansSweepService? opened = null;
        using var signals = TrainingHostSignals.Listen(console, () => opened?.HostedWorkerStopTimeout);
        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellation, signals.Stopping);
        // The demo's folder is a home of its own, so demos in different folders never collide, and `zsweep serve
        // --home` on it while the demo trains is a client of the demo's silo.
        await using var sweeps = opened = new OrleansSweepService(await SweepConnection.OpenHomeAsync(root, HomeUse.Train, context.Name, console.WriteLine, interrupted.Token));
        var connection = sweeps.Connection;
        try
        {
            await connection.Grains.GetGrain<ISweepGrain>(definition.Name).Create(definition);
        }
        catch (SweepRejectedException e)
        {
            // A demo folder resumes only the sweep it was made for: another --steps or another version's demo spec
            // is a different sweep. Nothing is deleted on the user's behalf.
            console.MarkupLine($"[red]The demo in {Markup.Escape(root)} holds a different sweep; nothing was started.[/] {Markup.Escape(e.Message)}");
            console.MarkupLine($"It was made with other settings (another --steps, or an earlier version). Start over by deleting [bold]{Markup.Escape(root)}[/], or use [bold]--root[/] with another folder.");
            return 2;
        }
        console.MarkupLine($"Sweep [bold]{definition.Name}[/]: {definition.Arms.Length} arms, trained one at a time on this machine. Ctrl+C stops; run again to resume.");
        int exit = await SweepWatcher.WatchAsync(console, sweeps, definition.Name, interrupted.Token);
        if (signals.IsStopping) return await TrainingHostSignals.FinishAsync(console, signals, sweeps);

        string sweepFolder = artifacts.SweepFolder(definition.Name);
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Arm").AddColumn("Final LoRA").AddColumn("Checkpoints").AddColumn("Samples");
        foreach (var arm in definition.Arms)
        {
            TrainingOutput output = artifacts.Arm(definition.Name, arm.Id);
            string final = output.FinalLoraPath;
            int checkpoints = Directory.Exists(output.Folder) ? Directory.GetFiles(output.Folder, output.StepFilePattern).Length : 0;
            string samples = output.SamplesFolder;
            int sampleCount = Directory.Exists(samples) ? Directory.GetFiles(samples, "*.png").Length : 0;
            table.AddRow(Markup.Escape(arm.Label), Markup.Escape(File.Exists(final) ? final : "(not finished)"), checkpoints.ToString(), $"{sampleCount} in {Markup.Escape(samples)}");
        }
        console.Write(table);
        // The sweep's comparison grain wrote a grid for every sample step as the last arm reached it.
        var comparison = connection.Grains.GetGrain<IComparisonGrain>(definition.Name);
        foreach (long step in await comparison.GetSampleSteps())
        {
            var grid = await comparison.GetStep(step);
            console.MarkupLine(grid.GridPath is { } path
                ? $"grid at step {step}: {Markup.Escape(path)}"
                : $"step {step}: no grid, not reached by {Markup.Escape(string.Join(", ", grid.NotReached.Select(a => a.Label)))}");
        }
        await WriteVerdictAsync(comparison);
        console.MarkupLine($"Everything is under [bold]{Markup.Escape(sweepFolder)}[/] (per arm: LoRA files, samples/, logs/worker.log; grids/).");
        console.MarkupLine($"Browse the arms, loss curves and samples: [bold]./zsweep serve --home {Markup.Escape(root)}[/]");
        return exit;
    }

    /// <summary>The point of a sweep: which arm is better on held-out loss, and whether the difference is more than noise.</summary>
    async Task WriteVerdictAsync(IComparisonGrain comparison)
    {
        try
        {
            VerdictTables.Write(console, await comparison.GetVerdict(ComparisonMetric.ValidationLoss, step: null));
            console.MarkupLine("Other metrics and steps: [bold]./zsweep compare <sweep> --verdict --metric turbo-drift --step N[/].");
        }
        catch (VerdictRejectedException e) // e.g. every arm but one failed: the rest of the summary still stands
        {
            console.MarkupLine($"[yellow]No verdict:[/] {Markup.Escape(e.Message)}");
        }
    }
}
