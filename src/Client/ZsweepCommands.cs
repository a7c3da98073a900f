using Spectre.Console.Cli;
using ZImageSweep.Client.Commands.Cancel;
using ZImageSweep.Client.Commands.Compare;
using ZImageSweep.Client.Commands.Db;
using ZImageSweep.Client.Commands.Demo;
using ZImageSweep.Client.Commands.Doctor;
using ZImageSweep.Client.Commands.Extend;
using ZImageSweep.Client.Commands.Logs;
using ZImageSweep.Client.Commands.Ls;
using ZImageSweep.Client.Commands.Pause;
using ZImageSweep.Client.Commands.Resume;
using ZImageSweep.Client.Commands.Retry;
using ZImageSweep.Client.Commands.Run;
using ZImageSweep.Client.Commands.Sample;
using ZImageSweep.Client.Commands.Serve;
using ZImageSweep.Client.Commands.Status;
using ZImageSweep.Client.Commands.TinyModel;
using ZImageSweep.Client.Commands.Train;
using ZImageSweep.Client.Commands.Watch;
using ZImageSweep.Client.Commands.Worker;

namespace ZImageSweep.Client;

/// <summary>The command tree of <c>zsweep</c>, one verb per command class; shared by Program and the CLI tests.</summary>
public static class ZsweepCommands
{
    public static void Configure(IConfigurator config)
    {
        config.SetApplicationName("zsweep");
        config.SetExceptionHandler((e, resolver) => CommandErrors.Handle(e, resolver, config.Settings.Console)); // expected errors: one line and exit 1 or 2; bugs: stack trace and exit 70
        config.UseStrictParsing(); // a misspelt option or a surplus argument is an error, not silently ignored
        config.AddCommand<DoctorCommand>("doctor")
            .WithDescription("Check that TorchSharp, libtorch and the GPUs are usable on this machine.")
            .WithExample("doctor");
        config.AddCommand<DemoCommand>("demo").WithDescription("Run a 2×2 sweep (adapter v1/v2 × rank 8/16) of a tiny model end to end on this machine.")
            .WithExample("demo");
        config.AddCommand<TrainCommand>("train").WithDescription("Train one LoRA from an ai-toolkit job config; reruns resume from the last checkpoint.")
            .WithExample("train", "job.yaml");
        config.AddCommand<SlotWorkerCommand>("worker").WithDescription("The training worker of one GPU slot, started by the silo: JSON-line commands on stdin, events on stdout.")
            .IsHidden();
        config.AddCommand<SampleCommand>("sample").WithDescription("Generate images from prompts with a Z-Image model, optionally with LoRAs.")
            .WithExample("sample", "--prompt", "a photo of a cat", "--lora", "my_lora.safetensors:0.8");
        config.AddCommand<TinyModelCommand>("tiny-model").WithDescription("Write a random tiny Z-Image model folder (with training adapters) for tests and demos.")
            .WithExample("tiny-model", "tiny");
        config.AddCommand<RunCommand>("run").WithDescription("Validate a sweep spec and start it.").WithExample("run", "sweep.yaml", "--watch");
        config.AddCommand<LsCommand>("ls").WithDescription("List sweeps with their arms counted by status.").WithExample("ls");
        config.AddCommand<StatusCommand>("status").WithDescription("Show every arm of a sweep.").WithExample("status", "adapter-rank");
        config.AddCommand<WatchCommand>("watch").WithDescription("Live per-arm progress until the sweep finishes.").WithExample("watch", "adapter-rank");
        config.AddCommand<PauseCommand>("pause").WithDescription("Pause a sweep's active arms after they save.").WithExample("pause", "adapter-rank");
        config.AddCommand<ResumeCommand>("resume").WithDescription("Resume a paused sweep from its checkpoints.").WithExample("resume", "adapter-rank");
        config.AddCommand<RetryCommand>("retry").WithDescription("Retry failed arms from their last complete checkpoints (all failed arms, or the ones named).")
            .WithExample("retry", "adapter-rank").WithExample("retry", "adapter-rank", "3f2a9c1b7e4d");
        config.AddCommand<ExtendCommand>("extend").WithDescription("Train a finished arm more steps from its last checkpoint, as the same arm.")
            .WithExample("extend", "adapter-rank", "3f2a9c1b7e4d", "--steps", "500");
        config.AddCommand<CancelCommand>("cancel").WithDescription("Cancel a sweep; finished arms keep their files.").WithExample("cancel", "adapter-rank");
        config.AddCommand<CompareCommand>("compare").WithDescription("Rank a sweep's arms, or show the step-matched sample grid of a step or an arm's strip.")
            .WithExample("compare", "adapter-rank", "--by", "validation-loss")
            .WithExample("compare", "adapter-rank", "--step", "250")
            .WithExample("compare", "adapter-rank", "--arm", "3f2a9c1b7e4d", "--strip");
        config.AddCommand<ServeCommand>("serve").WithDescription("Serve the web page of this machine's sweeps (arms, loss curves, sample grids) until Ctrl+C.")
            .WithExample("serve", "--home", "~/.zsweep/demo");
        config.AddCommand<LogsCommand>("logs").WithDescription("Show the tail of an arm's worker log.").WithExample("logs", "adapter-rank", "3f2a9c1b7e4d");
        config.AddBranch("db", db =>
        {
            db.SetDescription("Cluster database.");
            db.AddCommand<DbMigrateCommand>("migrate").WithDescription("Create or update the PostgreSQL schema (idempotent).")
                .WithExample("db", "migrate", "--cluster", "Host=127.0.0.1;Username=postgres;Database=zsweep");
        });
        config.ValidateExamples();
    }
}
