using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Client.Commands.Sample;
using ZImageSweep.Client.Signals;
using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Contracts.Workers;
using ZImageSweep.Engine.Training;
using ZImageSweep.Engine.Training.Checkpoints;
using ZImageSweep.Engine.Worker;

namespace ZImageSweep.Client.Commands.Train;

/// <summary>
/// <c>zsweep train job.yaml</c>: trains one LoRA from an ai-toolkit job, on CPU or GPU, resuming from the newest complete
/// checkpoint in its output folder. With <c>--worker</c> it is the sweep's worker process (WorkerProtocol): events as
/// JSON lines on stdout, logs on stderr, stop / save-now / sample-now / commit / abandon commands on stdin.
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

        [CommandOption("--run-id <RUN>")]
        [Description("With --worker: the sweep's run of this arm. Each checkpoint is committed only when the supervisor confirms the run is still the arm's current one (WorkerProtocol's fencing) and its record names the run.")]
        public string? RunId { get; init; }

        [CommandOption("--restart")]
        [Description("Start over from step 0: deletes this job's step checkpoints in its folder first (needed when the job's training keys changed since they were written).")]
        public bool Restart { get; init; }

        public override ValidationResult Validate() =>
            File.Exists(Job) ? ValidationResult.Success() : ValidationResult.Error($"job file '{Job}' does not exist");
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        // Interactively, every failure goes to CommandErrors (one line and an exit code, or a bug report); a worker
        // reports its failure to the supervisor as an event instead.
        if (settings.Worker) return RunWorker(settings.Job, settings.ResumeFrom, settings.RunId);
        JobConfig job = TrainingJob.Load(settings.Job);
        if (settings.Restart) TrainingJob.DiscardCheckpoints(job);
        return RunInteractive(job, new TrainingControl());
    }

    static int RunWorker(string jobPath, string? resumeFrom, string? runId)
    {
        var observer = new WorkerTrainingObserver(Console.Out, Console.Error);
        var fence = runId is null ? null : new SupervisorFence(runId, observer, WorkerProtocol.CommitAnswerTimeout);
        var control = new TrainingControl { Fence = fence ?? (ICheckpointFence)UnfencedRun.Instance };
        // Ctrl+C in a terminal reaches the whole process group: the supervisor, not the keyboard, stops a worker.
        Console.CancelKeyPress += (_, e) => e.Cancel = true;
        if (resumeFrom is not null && !File.Exists(resumeFrom)) observer.Message($"warning: --resume-from {resumeFrom} does not exist; resuming from the newest complete checkpoint found");
        WorkerCommandReader.Start(Console.In, control, fence, observer.Message);
        try
        {
            string? final = TrainingJob.Run(TrainingJob.Load(jobPath), observer, control);
            if (final is null) observer.Stopped();
            return 0;
        }
        catch (CheckpointFencedException e)
        {
            // Superseded: the experiment has moved on and listens to another run.
            observer.Message(e.Message);
            observer.Fenced();
            return 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            int? expected = CommandErrors.ExitCodeOf(e);
            observer.Failed(expected is null ? $"{e.GetType().Name}: {e.Message}" : e.Message);
            if (expected is null) observer.Message(e.ToString());
            return expected ?? CommandErrors.Bug;
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
