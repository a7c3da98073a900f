using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Client.Connection;
using ZImageSweep.Client.Rendering;
using ZImageSweep.Client.Signals;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Silo.Web.Api;
using ZImageSweep.Sweeps;

namespace ZImageSweep.Client.Commands.Run;

/// <summary>
/// <c>zsweep run &lt;spec&gt;</c>, or a sweep straight from a job: <c>zsweep run --job job.yaml --axis KEY=V1,V2 …</c>
/// (<see cref="JobSweepSpec"/>; <c>--print-spec</c> prints the equivalent spec instead of running it). Expands and
/// validates the whole sweep here — a bad spec is refused, naming the axis, before anything is sent — then creates
/// it. When this process hosts the home's silo it stays and watches, since training runs here; Ctrl+C or SIGTERM then
/// has the workers save and stop (exit 130 / 143). When another process owns the home, the sweep is handed to it and
/// trains there; with <c>--server</c> it is sent to that server with its base job inline, and trains in its cluster.
/// </summary>
public sealed class RunCommand(IAnsiConsole console) : AsyncCommand<RunCommand.Settings>
{
    public sealed class Settings : ClusterSettings
    {
        [CommandArgument(0, "[SPEC]")]
        [Description("The sweep spec (YAML): name, base job, axes, method, concurrency. Or give --job and --axis instead.")]
        public string? Spec { get; init; }

        [CommandOption("--job <JOB>")]
        [Description("Sweep this job (YAML, or the .job_config.json ai-toolkit's UI saves) along the --axis options.")]
        public string? Job { get; init; }

        [CommandOption("--axis <KEY=VALUES>")]
        [Description("With --job: a job key and its comma-separated values, e.g. network.linear=8,16. Repeat for more axes (a grid).")]
        public string[] Axes { get; init; } = [];

        [CommandOption("--label-axis <KEY=LABELS>")]
        [Description("With --job: arm labels for the values of one --axis, in order, e.g. model.assistant_lora_path=v1,v2.")]
        public string[] LabelAxes { get; init; } = [];

        [CommandOption("--name <NAME>")]
        [Description("With --job: the sweep's name (default: the job's config.name).")]
        public string? Name { get; init; }

        [CommandOption("--print-spec")]
        [Description("With --job: print the equivalent sweep spec (YAML) and start nothing.")]
        public bool PrintSpec { get; init; }

        [CommandOption("--watch")]
        [Description("Show live per-arm progress until every arm has finished.")]
        public bool Watch { get; init; }

        public override ValidationResult Validate()
        {
            if (Spec is not null && Job is not null) return ValidationResult.Error("Give either a spec file or --job, not both.");
            if (Spec is null && Job is null) return ValidationResult.Error("Give a sweep spec file, or --job with --axis options.");
            if (Job is null && (Axes.Length > 0 || LabelAxes.Length > 0 || Name is not null || PrintSpec))
                return ValidationResult.Error("--axis, --label-axis, --name and --print-spec go with --job.");
            string file = Spec ?? Job!;
            return File.Exists(file) ? base.Validate() : ValidationResult.Error($"The {(Spec is null ? "job" : "spec")} file '{file}' does not exist.");
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        SweepSubmission submission;
        string? specFromJob = null;
        try
        {
            if (settings.Job is string job)
            {
                specFromJob = JobSweepSpec.Build(job, settings.Axes, settings.LabelAxes, settings.Name);
                submission = Validate(specFromJob, JobSweepSpec.Origin, Directory.GetCurrentDirectory());
            }
            else
            {
                string path = Path.GetFullPath(settings.Spec!);
                submission = Validate(File.ReadAllText(path), settings.Spec!, Path.GetDirectoryName(path)!);
            }
        }
        catch (SweepSpecException e)
        {
            console.MarkupLine("[red]The sweep was refused; nothing was started.[/]");
            console.WriteLine(e.Message);
            return 2;
        }

        if (settings.PrintSpec)
        {
            console.Profile.Out.Writer.Write(specFromJob); // verbatim: markup or wrapping would change the YAML
            return 0;
        }

        var definition = submission.Definition;
        ISweepService? opened = null;
        using var signals = TrainingHostSignals.Listen(console, () => opened?.HostedWorkerStopTimeout);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation, signals.Stopping);
        await using var sweeps = opened = await SweepServices.OpenAsync(settings, HomeUse.Train, context.Name, console.WriteLine, stop.Token);
        SweepView created;
        try
        {
            created = await sweeps.CreateAsync(submission, stop.Token);
        }
        catch (SweepRejectedException e)
        {
            console.MarkupLine($"[red]The sweep was refused; nothing was started.[/] {Markup.Escape(e.Message)}");
            return 2;
        }
        console.MarkupLine($"Sweep [bold]{Markup.Escape(definition.Name)}[/]: " + (created.Search is { } search
            ? $"a {search.Method} search of {search.Count} arms, proposed as arms finish."
            : $"{definition.Arms.Length} arms."));
        if (sweeps.TrainsElsewhere is { } elsewhere) console.MarkupLine($"It trains in {Markup.Escape(elsewhere)}.");
        if (!settings.Watch && !sweeps.HostsTraining)
        {
            console.Write(SweepTables.Arms(created, sweeps.Paths));
            return 0;
        }
        int exit = await SweepWatcher.WatchAsync(console, sweeps, definition.Name, stop.Token);
        return signals.IsStopping ? await TrainingHostSignals.FinishAsync(console, signals, sweeps) : exit;
    }

    /// <summary>The whole sweep expanded and validated here, and its spec with the base job inline for a server.</summary>
    static SweepSubmission Validate(string spec, string origin, string baseDirectory) =>
        new(SweepExpander.Expand(SweepSpecParser.Parse(spec, origin, baseDirectory)), InlinedSweepSpec.From(spec, baseDirectory));
}
