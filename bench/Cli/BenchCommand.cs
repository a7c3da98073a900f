using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Bench.Harness;
using ZImageSweep.Bench.Models;
using ZImageSweep.Bench.Report;
using ZImageSweep.Bench.Rows;

namespace ZImageSweep.Bench.Cli;

/// <summary><c>zsweep-bench</c>: runs a suite, prints the table and writes the JSON report; exit 1 if any row failed.</summary>
public sealed class BenchCommand(IAnsiConsole console) : Command<BenchCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--suite <SUITE>")]
        [Description("inference, training, scheduling, packing, or all (inference and training)")]
        [DefaultValue("inference")]
        public string Suite { get; init; } = "inference";

        [CommandOption("--device <DEVICE>")]
        [Description("cuda or cpu")]
        [DefaultValue("cuda")]
        public string Device { get; init; } = "cuda";

        [CommandOption("--size <SIZE>")]
        [Description("full (Z-Image-Turbo, Qwen3-4B, FLUX VAE at 1024²), tiny (tiny models, 1/8 image side; CPU tests) or host (tiny widths at the full depth: on a CPU, the engine's host overhead)")]
        [DefaultValue("full")]
        public string Size { get; init; } = "full";

        [CommandOption("--out <PATH>")]
        [Description("where the JSON report is written")]
        [DefaultValue("bench-results.json")]
        public string Out { get; init; } = "bench-results.json";

        [CommandOption("--iterations <N>")]
        [Description("timed iterations per row (default: 20 full, 3 tiny)")]
        public int? Iterations { get; init; }

        [CommandOption("--warmup <M>")]
        [Description("untimed warm-up iterations per row (default: 3 full, 1 tiny)")]
        public int? Warmup { get; init; }

        [CommandOption("--sample-iterations <N>")]
        [Description("timed iterations of the end-to-end sample row (default: min(iterations, 5))")]
        public int? SampleIterations { get; init; }

        [CommandOption("--sample-warmup <M>")]
        [Description("warm-up iterations of the end-to-end sample row (default: min(warmup, 1))")]
        public int? SampleWarmup { get; init; }

        [CommandOption("--rows <IDS>")]
        [Description("comma-separated row ids to run (default: all rows of the suite)")]
        public string? Rows { get; init; }

        [CommandOption("--isolate <MODE>")]
        [Description("auto (one process per row on CUDA, for clean memory numbers), on or off")]
        [DefaultValue("auto")]
        public string Isolate { get; init; } = "auto";

        [CommandOption("--seed <SEED>")]
        [Description("seed of the random weights and inputs")]
        [DefaultValue(1234L)]
        public long Seed { get; init; } = 1234;

        [CommandOption("--threads <N>")]
        [Description("CPU threads for libtorch's intra-op work (torch.set_num_threads); default: libtorch's choice")]
        public int? Threads { get; init; }

        [CommandOption("--row-timeout <SECONDS>")]
        [Description("an isolated row's process is killed after this many seconds")]
        [DefaultValue(300)]
        public int RowTimeout { get; init; } = 300;

        [CommandOption("--budget <SECONDS>")]
        [Description("wall-clock budget of the whole run: rows that would start after it are skipped, isolated rows are cut at it")]
        public int? Budget { get; init; }

        [CommandOption("--reference <FILE>")]
        [Description("JSON of the PyTorch reference measured in the same call (bench/reference/zimage_reference.py); shown beside each row with the ratio engine / reference")]
        public string? Reference { get; init; }

        /// <summary>Read while validating, so an unreadable file is a usage error rather than a stack trace.</summary>
        ReferenceRun? _reference;

        [CommandOption("--write-model <DIR>")]
        [Description("write a random model folder of the --size profile's shapes (diffusers layout, training adapters v1/v2) into DIR and run no rows; for end-to-end runs where real weights cannot be downloaded")]
        public string? WriteModel { get; init; }

        [CommandOption("--child", IsHidden = true)]
        public bool Child { get; init; }

        public override ValidationResult Validate()
        {
            if (Suite is not ("inference" or "training" or "scheduling" or "packing" or "all")) return ValidationResult.Error($"--suite {Suite}: use inference, training, scheduling, packing or all");
            if (Device is not ("cuda" or "cpu")) return ValidationResult.Error($"--device {Device}: use cuda or cpu");
            if (!BenchProfile.Names.Contains(Size)) return ValidationResult.Error($"--size {Size}: use {string.Join(", ", BenchProfile.Names)}");
            if (Isolate is not ("auto" or "on" or "off")) return ValidationResult.Error($"--isolate {Isolate}: use auto, on or off");
            if (Iterations is < 1) return ValidationResult.Error($"--iterations {Iterations}: at least 1 timed iteration is needed");
            if (SampleIterations is < 1) return ValidationResult.Error($"--sample-iterations {SampleIterations}: at least 1 timed iteration is needed");
            if (Warmup is < 0) return ValidationResult.Error($"--warmup {Warmup}: cannot be negative");
            if (SampleWarmup is < 0) return ValidationResult.Error($"--sample-warmup {SampleWarmup}: cannot be negative");
            if (Threads is < 1) return ValidationResult.Error($"--threads {Threads}: must be at least 1");
            if (Budget is < 1) return ValidationResult.Error($"--budget {Budget}: must be at least 1 second");
            if (RowTimeout < 1) return ValidationResult.Error($"--row-timeout {RowTimeout}: must be at least 1 second");
            try
            {
                _reference = Reference is null ? null : ReferenceRun.Load(Reference);
            }
            catch (InvalidDataException e)
            {
                return ValidationResult.Error(e.Message);
            }
            return ValidationResult.Success();
        }

        public BenchOptions Resolve()
        {
            BenchProfile profile = BenchProfile.For(Size);
            int iterations = Iterations ?? profile.DefaultIterations, warmup = Warmup ?? profile.DefaultWarmup;
            return new BenchOptions
            {
                Suites = Suite switch
                {
                    "inference" => [BenchSuite.Inference],
                    "training" => [BenchSuite.Training],
                    "scheduling" => [BenchSuite.Scheduling],
                    "packing" => [BenchSuite.Packing],
                    _ => [BenchSuite.Inference, BenchSuite.Training],
                },
                SuiteName = Suite,
                Device = Device,
                Profile = profile,
                Out = Out,
                Forward = new IterationPlan(iterations, warmup).Validate("--iterations/--warmup"),
                Sample = new IterationPlan(SampleIterations ?? Math.Min(iterations, 5), SampleWarmup ?? Math.Min(warmup, 1)).Validate("--sample-iterations/--sample-warmup"),
                Isolate = !Child && (Isolate == "on" || (Isolate == "auto" && Device == "cuda")),
                RowFilter = Rows?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                Seed = Seed,
                Threads = Threads,
                RowTimeoutSeconds = RowTimeout,
                BudgetSeconds = Budget,
                Reference = _reference,
                Child = Child,
            };
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        if (settings.WriteModel is { } folder) return WriteModel(folder, settings);
        BenchOptions options = settings.Resolve();
        BenchReport report = new BenchRunner(options, console).Run();
        ReportJson.Write(report, options.Out);
        if (!options.Child)
        {
            ReportTable.Write(console, report);
            console.MarkupLine($"JSON written to [bold]{Markup.Escape(Path.GetFullPath(options.Out))}[/]");
        }
        return report.Ok ? 0 : 1;
    }

    int WriteModel(string folder, Settings settings)
    {
        var model = RandomModelFolder.Write(folder, BenchProfile.For(settings.Size), settings.Seed);
        long bytes = model.Files.Sum(f => new FileInfo(Path.Combine(model.Directory, f)).Length);
        console.MarkupLine($"Random {settings.Size} model (seed {settings.Seed}, {bytes / 1e9:F1} GB) written to [bold]{Markup.Escape(model.Directory)}[/]; adapters: {Markup.Escape(string.Join(", ", model.Adapters.Values))}");
        return 0;
    }
}
