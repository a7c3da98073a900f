using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Client.Commands.Sample;
using ZImageSweep.Client.Signals;
using ZImageSweep.Engine.Config;
using ZImageSweep.Engine.Training;
using ZImageSweep.Engine.Worker;

namespace ZImageSweep.Client.Commands.Train;

/// <summary>
/// <c>zsweep train job.yaml</c>: trains one LoRA from an ai-toolkit job, on CPU or GPU, resuming from the newest complete
/// checkpoint in its output folder. With <c>--worker</c> it is the sweep's worker process (WorkerProtocol): events as
/// JSON lines on stdout, logs on stderr, stop / save-now / sample-now commands on stdin.
/// </summary>
public sealed class TrainCommand(IAnsiConsole console) : Command<TrainCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<JOB>")]
        [Description("ai-toolkit job config (YAML or JSON).")]
        public string Job { get; init; } = "";

        [CommandOption("--worker")]
        [Description("Run as a sweep worker: JSON-lines events on stdout, commands on stdin.")]
        public bool Worker { get; init; }

        [CommandOption("--resume-from <CHECKPOINT>")]
        [Description("The checkpoint the supervisor expects a resume from; the run continues from the newest complete checkpoint in its folder, which is this one or newer.")]
        public string? ResumeFrom { get; init; }

        public override ValidationResult Validate() =>
            File.Exists(Job) ? ValidationResult.Success() : ValidationResult.Error($"job file '{Job}' does not exist");
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        JobConfig job;
        try
        {
            job = TrainingJob.Load(settings.Job);
        }
        catch (JobConfigException e)
        {
            (settings.Worker ? Console.Error : Console.Out).WriteLine(e.Message);
            if (settings.Worker) new WorkerTrainingObserver(Console.Out, Console.Error).Failed(e.Message);
            return 2;
        }
        var control = new TrainingControl();
        return settings.Worker ? RunWorker(job, control, settings.ResumeFrom) : RunInteractive(job, control);
    }

    static int RunWorker(JobConfig job, TrainingControl control, string? resumeFrom)
    {
        var observer = new WorkerTrainingObserver(Console.Out, Console.Error);
        // Ctrl+C in a terminal reaches the whole process group: the supervisor, not the keyboard, stops a worker.
        Console.CancelKeyPress += (_, e) => e.Cancel = true;
        if (resumeFrom is not null && !File.Exists(resumeFrom)) observer.Message($"warning: --resume-from {resumeFrom} does not exist; resuming from the newest complete checkpoint found");
        WorkerCommandReader.Start(Console.In, control, observer.Message);
        try
        {
            string? final = TrainingJob.Run(job, observer, control);
            if (final is null) observer.Stopped();
            return 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            observer.Failed($"{e.GetType().Name}: {e.Message}");
            observer.Message(e.ToString());
            return 1;
        }
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
