using System.ComponentModel;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Client.Connection;
using ZImageSweep.Client.Rendering;
using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Contracts.Errors;
using ZImageSweep.Grains.Interfaces.Comparisons;

namespace ZImageSweep.Client.Commands.Compare;

/// <summary>
/// <c>zsweep compare &lt;sweep&gt; [--step N | --arm ID --strip | --verdict [--metric M] [--step N] [--json]]</c>: with a
/// step, that step's sample grid (built by the sweep's comparison grain, which also builds it by itself once every arm
/// that can reach the step has); with an arm, its strip across steps; with --verdict, every pair of arms compared item
/// by item at a checkpoint step (README "Statistics"); with none, the sample steps and the arms ranked by a metric.
/// A verdict that cannot be given (unknown metric, no shared step or items) exits with code 2.
/// </summary>
public sealed class CompareCommand(IAnsiConsole console) : AsyncCommand<CompareCommand.Settings>
{
    public sealed class Settings : SweepNameSettings
    {
        [CommandOption("--step <STEP>")]
        [Description("The sample step whose grid to show (with --verdict: the checkpoint step to compare at); without it, the sample steps and the ranking are listed.")]
        public long? Step { get; init; }

        [CommandOption("--out <PNG>")]
        [Description("Also copy the grid (or strip) to this file.")]
        public string? Out { get; init; }

        [CommandOption("--arm <ID>")]
        [Description("The arm whose strip to write (with --strip; zsweep status lists the ids).")]
        public string? Arm { get; init; }

        [CommandOption("--strip")]
        [Description("Write one arm's samples across all its sample steps, a row per step.")]
        public bool Strip { get; init; }

        [CommandOption("--verdict")]
        [Description("Compare every pair of arms item by item (Wilcoxon signed-rank, bootstrap CI, Holm) at the latest checkpoint step all of them reached, or at --step.")]
        public bool Verdict { get; init; }

        [CommandOption("--metric <METRIC>")]
        [Description("With --verdict: validation-loss, turbo-drift or trigger-leakage.")]
        [DefaultValue("validation-loss")]
        public string Metric { get; init; } = "validation-loss";

        [CommandOption("--json")]
        [Description("With --verdict: print the verdict as JSON (sweep, metric, step, arms, pairs) for scripts.")]
        public bool Json { get; init; }

        [CommandOption("--by <METRIC>")]
        [Description("Rank the arms by training-loss (mean of the last 10 % of steps), validation-loss, turbo-drift or trigger-leakage (latest checkpoint).")]
        [DefaultValue("training-loss")]
        public string By { get; init; } = "training-loss";

        public override ValidationResult Validate()
        {
            if (Step is < 0) return ValidationResult.Error("--step must be 0 or more.");
            if (Strip != Arm is not null) return ValidationResult.Error("--strip and --arm go together: --arm names the arm whose strip to write.");
            if (Strip && Step is not null) return ValidationResult.Error("--strip shows every sample step; leave out --step.");
            if (Out is not null && Step is null && !Strip) return ValidationResult.Error("--out needs --step (or --strip): it names the file for that grid.");
            if (!MetricNames.TryParse(By, out _)) return ValidationResult.Error($"--by must be one of {string.Join(", ", MetricNames.All)}.");
            if (Verdict && (Strip || Out is not null)) return ValidationResult.Error("--verdict prints a table (or JSON); leave out --strip, --arm and --out.");
            if (Json && !Verdict) return ValidationResult.Error("--json goes with --verdict.");
            // The grids, strips and ranking are images and tables of the artifact store; a server shows them on its page.
            if (ResolvedServer is not null && !Verdict) return ValidationResult.Error("With --server, compare gives --verdict; the grids and the ranking are on the server's page.");
            return base.Validate();
        }
    }

    /// <summary>The exit code of a verdict that cannot be given as asked (bad metric, no shared step or items).</summary>
    public const int VerdictRejected = 2;

    static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        // Checked here rather than in Validate: a verdict that cannot be given exits with its own code.
        if (settings.Verdict && !MetricNames.TryParse(settings.Metric, out _))
        {
            console.MarkupLine($"[red]--metric '{Markup.Escape(settings.Metric)}' is not a metric;[/] use one of {string.Join(", ", MetricNames.All)}.");
            return VerdictRejected;
        }
        if (settings.Verdict)
        {
            await using var sweeps = await SweepServices.OpenAsync(settings, HomeUse.Inspect, context.Name, console.WriteLine, cancellation);
            return await ShowVerdictAsync(sweeps, settings, cancellation);
        }
        await using var connection = await SweepConnection.OpenAsync(settings, HomeUse.Inspect, context.Name, console.WriteLine, cancellation);
        var comparison = connection.Grains.GetGrain<IComparisonGrain>(settings.Sweep);
        try
        {
            if (settings.Strip)
            {
                Show("Strip", await comparison.BuildStrip(settings.Arm!), settings.Out);
                return 0;
            }
            return settings.Step is { } step
                ? await ShowStepAsync(comparison, step, settings.Out)
                : await ShowOverviewAsync(comparison, MetricNames.Parse(settings.By), connection.Paths);
        }
        catch (Exception e) when (e is IUserFacingError) // an unknown sweep, or an arm or step with nothing to compare
        {
            console.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return 1;
        }
    }

    async Task<int> ShowVerdictAsync(ISweepService sweeps, Settings settings, CancellationToken cancellation)
    {
        SweepVerdict verdict;
        try
        {
            verdict = await sweeps.GetVerdictAsync(settings.Sweep, MetricNames.Parse(settings.Metric), settings.Step, cancellation);
        }
        catch (VerdictRejectedException e)
        {
            console.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return VerdictRejected;
        }
        if (settings.Json) console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(verdict, IndentedJson)); // raw: no markup, no wrapping
        else VerdictTables.Write(console, verdict);
        return 0;
    }

    async Task<int> ShowStepAsync(IComparisonGrain comparison, long step, string? outPath)
    {
        var current = await comparison.GetStep(step);
        if (!current.Arms.Any(a => a.Reached))
        {
            var steps = await comparison.GetSampleSteps();
            console.MarkupLine($"[red]No arm has samples at step {step}.[/] Sample steps: {(steps.IsEmpty ? "none yet" : string.Join(", ", steps))}.");
            return 1;
        }
        // Not every arm that can reach the step has: build what there is now (the grain rebuilds it as samples arrive).
        var built = current.GridPath is null ? await comparison.BuildGrid(step) : current;
        foreach (var arm in built.NotReached)
            console.MarkupLine($"[yellow]{Markup.Escape(arm.Label)} has not reached step {step}[/] (its row says 'not reached').");
        Show("Grid", built.GridPath!, outPath);
        return 0;
    }

    /// <summary>Prints where the image is, after copying it to <paramref name="outPath"/> when asked.</summary>
    void Show(string what, string path, string? outPath)
    {
        if (outPath is null)
        {
            console.MarkupLine($"{what}: {Markup.Escape(path)}");
            return;
        }
        // The image lives in the artifact store; --out needs it reachable from here (embedded silo or shared volume).
        using (var source = File.OpenRead(path)) AtomicFile.Write(outPath, source.CopyTo);
        console.MarkupLine($"{what}: {Markup.Escape(Path.GetFullPath(outPath))} (copy of {Markup.Escape(path)})");
    }

    async Task<int> ShowOverviewAsync(IComparisonGrain comparison, ComparisonMetric metric, ArtifactPaths paths)
    {
        var steps = await comparison.GetSampleSteps();
        if (steps.IsEmpty) console.MarkupLine("No arm has written samples yet.");
        else console.Write(ComparisonTables.SampleSteps(await Task.WhenAll(steps.Select(comparison.GetStep)), paths));
        var ranking = await comparison.Rank(metric);
        if (ranking.IsEmpty) console.MarkupLine($"No arm has a {MetricNames.Name(metric)} yet.");
        else console.Write(ComparisonTables.Ranking(metric, ranking));
        return 0;
    }
}
