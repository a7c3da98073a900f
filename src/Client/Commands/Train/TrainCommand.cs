using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Client.Commands.Sample;
using ZImageSweep.Client.Signals;
using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Engine.Training;

namespace ZImageSweep.Client.Commands.Train;

/// <summary>
/// <c>zsweep train job.yaml</c>: trains one LoRA from an ai-toolkit job, on CPU or GPU, resuming from the newest complete
/// checkpoint in its output folder. The sweep's workers are <c>zsweep worker</c> (Commands/Worker) instead.
/// </summary>
public sealed class TrainCommand(IAnsiConsole console) : Command<TrainCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<JOB>")]
        [Description("ai-toolkit job config (YAML or JSON).")]
        public string Job { get; init; } = "";

        [CommandOption("--restart")]
        [Description("Start over from step 0: deletes this job's step checkpoints in its folder first (needed when the job's training keys changed since they were written).")]
        public bool Restart { get; init; }

        public override ValidationResult Validate() =>
            File.Exists(Job) ? ValidationResult.Success() : ValidationResult.Error($"job file '{Job}' does not exist");
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        JobConfig job = TrainingJob.Load(settings.Job);
        if (settings.Restart) TrainingJob.DiscardCheckpoints(job);
        return RunInteractive(job, new TrainingControl());
    }

    /// <summary>
    /// Ctrl+C or SIGTERM finishes the step, saves a checkpoint and exits 130 / 143; a second one exits at once, losing
    /// the steps since the last checkpoint.
    /// </summary>
    int RunInteractive(JobConfig job, TrainingControl control)
    {
        using var signals = new StopSignals(exitCode =>
        {
            console.MarkupLine("[red]Stopped without saving[/]: the steps since the last checkpoint are lost. Run the same command again to resume.");
            Environment.Exit(exitCode);
        });
        signals.Stopping.Register(() =>
        {
            console.MarkupLine("[yellow]Stopping[/] after this step, with a checkpoint. Press Ctrl+C again to stop at once, losing the steps since the last checkpoint.");
            control.RequestStop();
        });
        var observer = new ConsoleTrainingObserver(console);
        string? final = TrainingJob.Run(job, observer, control, new DownloadReporter(console));
        if (final is not null)
        {
            console.MarkupLine($"[green]Done.[/] LoRA: {Markup.Escape(final)}");
            return 0;
        }
        console.MarkupLine("[yellow]Stopped[/]; run the same command again to resume from the last checkpoint.");
        return signals.IsStopping ? signals.ExitCode : StopSignals.InterruptedExitCode;
    }
}
