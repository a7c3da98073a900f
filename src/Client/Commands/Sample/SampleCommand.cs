using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Engine.Pipelines;
using ZImageSweep.Engine.Runtime;

namespace ZImageSweep.Client.Commands.Sample;

/// <summary>
/// <c>zsweep sample</c>: prompts → images with a Z-Image model, optionally with LoRAs. Expected failures (a missing
/// model or LoRA, a LoRA that does not fit, no CUDA) end with a one-line error and exit code 1, not a stack trace.
/// </summary>
public sealed class SampleCommand(IAnsiConsole console) : Command<SampleCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-m|--model <NAME_OR_PATH>")]
        [Description("Hub name (org/repo), diffusers folder, or single transformer file (then --extras is needed).")]
        [DefaultValue("Tongyi-MAI/Z-Image-Turbo")]
        public string Model { get; init; } = "Tongyi-MAI/Z-Image-Turbo";

        [CommandOption("--extras <NAME_OR_PATH>")]
        [Description("Diffusers folder or Hub name that supplies the text encoder, tokenizer, VAE and scheduler (ai-toolkit's extras_name_or_path).")]
        public string? Extras { get; init; }

        [CommandOption("-p|--prompt <PROMPT>")]
        [Description("A prompt; repeat for several.")]
        public string[] Prompts { get; init; } = [];

        [CommandOption("--prompts-file <FILE>")]
        [Description("A text file with one prompt per line (blank lines and lines starting with # are skipped).")]
        public string? PromptsFile { get; init; }

        [CommandOption("-n|--negative <PROMPT>")]
        [Description("Negative prompt, used when guidance applies (guidance > 1).")]
        [DefaultValue("")]
        public string Negative { get; init; } = "";

        [CommandOption("--steps <STEPS>")]
        [Description("Sampling steps: 8 for Turbo, 30-50 for the base model, about 25 for De-Turbo.")]
        [DefaultValue(8)]
        public int Steps { get; init; } = 8;

        [CommandOption("-g|--guidance <SCALE>")]
        [Description("CFG scale g in pos + g·(pos − neg), applied when > 1: 0 for Turbo, about 4 for base, 3 for De-Turbo.")]
        [DefaultValue(0.0)]
        public double Guidance { get; init; }

        [CommandOption("--cfg-truncation <T>")]
        [Description("Guidance stops once the model time (0 = noise, 1 = clean) exceeds this; 1 = never.")]
        [DefaultValue(1.0)]
        public double CfgTruncation { get; init; } = 1.0;

        [CommandOption("--cfg-normalization <X>")]
        [Description("Clip the guided prediction's norm to X times the conditional one's; 0 = off.")]
        [DefaultValue(0.0)]
        public double CfgNormalization { get; init; }

        [CommandOption("--shift <SHIFT>")]
        [Description("Scheduler shift; default: the model's scheduler_config.json (3 for Turbo, 6 for base).")]
        public double? Shift { get; init; }

        [CommandOption("-s|--seed <SEED>")]
        [Description("Seed of the initial noise (PyTorch CPU generator); every prompt uses it.")]
        [DefaultValue(42L)]
        public long Seed { get; init; } = 42;

        [CommandOption("--width <PIXELS>")]
        [Description("Image width, a multiple of 16.")]
        [DefaultValue(1024)]
        public int Width { get; init; } = 1024;

        [CommandOption("--height <PIXELS>")]
        [Description("Image height, a multiple of 16.")]
        [DefaultValue(1024)]
        public int Height { get; init; } = 1024;

        [CommandOption("--lora <PATH[:WEIGHT]>")]
        [Description("A LoRA file (local or org/repo/file.safetensors), merged for this run; repeat for several.")]
        public string[] Loras { get; init; } = [];

        [CommandOption("--lora-weight <WEIGHT>")]
        [Description("Weight of every --lora that does not give its own.")]
        [DefaultValue(1.0)]
        public double LoraWeight { get; init; } = 1.0;

        [CommandOption("-o|--out <DIR>")]
        [Description("Folder the images are written to (created if needed; existing files are not overwritten).")]
        [DefaultValue("samples")]
        public string Out { get; init; } = "samples";

        [CommandOption("--format <FORMAT>")]
        [Description("png or jpg.")]
        [DefaultValue("png")]
        public string Format { get; init; } = "png";

        [CommandOption("--dtype <DTYPE>")]
        [Description("auto (bf16 on CUDA, fp32 on CPU), bf16 or fp32.")]
        [DefaultValue("auto")]
        public string DType { get; init; } = "auto";

        [CommandOption("--device <DEVICE>")]
        [Description("auto (CUDA when available), cpu, cuda or cuda:N.")]
        [DefaultValue("auto")]
        public string Device { get; init; } = "auto";

        [CommandOption("--release-text-encoder")]
        [Description("Free the text encoder once the prompts are encoded (saves its memory during sampling).")]
        public bool ReleaseTextEncoder { get; init; }

        public override ValidationResult Validate()
        {
            foreach (var (option, value) in new[] { ("--width", Width), ("--height", Height) })
                if (value <= 0 || value % 16 != 0)
                    return ValidationResult.Error($"{option} {value} must be a positive multiple of 16 (VAE 8x times patch 2), e.g. {Math.Max(16, value / 16 * 16)}");
            if (Steps < 1) return ValidationResult.Error($"--steps {Steps} must be at least 1");
            if (!double.IsFinite(Guidance) || Guidance < 0) return ValidationResult.Error($"--guidance {Guidance} must be 0 or more");
            if (CfgNormalization < 0) return ValidationResult.Error($"--cfg-normalization {CfgNormalization} must be 0 (off) or more");
            if (Shift is { } shift && !(shift > 0)) return ValidationResult.Error($"--shift {shift} must be positive");
            if (Prompts.Length == 0 && PromptsFile is null) return ValidationResult.Error("give at least one --prompt or a --prompts-file");
            if (PromptsFile is not null && !File.Exists(PromptsFile)) return ValidationResult.Error($"--prompts-file {PromptsFile}: no such file");
            if (ImageFormat() is null) return ValidationResult.Error($"--format {Format} is not supported; use png or jpg");
            if (!ComputeTarget.DTypeNames.Contains(DType.ToLowerInvariant()) && DType.ToLowerInvariant() is not ("bfloat16" or "float32"))
                return ValidationResult.Error($"--dtype {DType} is not supported; use {string.Join(", ", ComputeTarget.DTypeNames)}");
            foreach (string lora in Loras)
            {
                try { LoraSpec.Parse(lora, LoraWeight); }
                catch (FormatException e) { return ValidationResult.Error($"--lora {e.Message}"); }
            }
            return ValidationResult.Success();
        }

        /// <summary>The file extension for <see cref="Format"/>, or null when it is not supported.</summary>
        public string? ImageFormat() => Format.ToLowerInvariant() switch
        {
            "png" => ".png",
            "jpg" or "jpeg" => ".jpg",
            _ => null,
        };

        public IReadOnlyList<string> AllPrompts() =>
        [
            .. Prompts,
            .. PromptsFile is null ? [] : File.ReadAllLines(PromptsFile).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')),
        ];
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        LibTorchLoader.EnsureLoaded(); // the device and dtype are resolved through libtorch before any pipeline loads
        try
        {
            return Run(settings, cancellation);
        }
        catch (OperationCanceledException)
        {
            console.MarkupLine("[yellow]cancelled[/]");
            return 130;
        }
    }

    int Run(Settings settings, CancellationToken cancellation)
    {
        IReadOnlyList<string> prompts = settings.AllPrompts();
        if (prompts.Count == 0) throw new ZImagePipelineException(settings.PromptsFile ?? "--prompt", "no prompts found");
        var request = new ZImageGenerationRequest
        {
            Prompts = prompts, NegativePrompt = settings.Negative, Width = settings.Width, Height = settings.Height,
            Steps = settings.Steps, Guidance = settings.Guidance, CfgTruncation = settings.CfgTruncation,
            CfgNormalization = settings.CfgNormalization, Shift = settings.Shift, Seed = settings.Seed,
            Loras = settings.Loras.Select(l => LoraSpec.Parse(l, settings.LoraWeight)).ToList(),
        };
        var options = new ZImagePipelineOptions
        {
            Model = settings.Model, Extras = settings.Extras, Target = ComputeTarget.Parse(settings.Device, settings.DType),
            ReleaseTextEncoder = settings.ReleaseTextEncoder,
        };

        console.MarkupLine($"Loading [bold]{Markup.Escape(settings.Model)}[/]{(settings.Extras is null ? "" : $" with extras {Markup.Escape(settings.Extras)}")} on {options.Target}");
        using ZImagePipeline pipeline = ZImagePipeline.Load(options, progress: new DownloadReporter(console));
        foreach (LoraSpec lora in request.Loras) console.MarkupLine($"LoRA {Markup.Escape(lora.ToString())}");

        string outDir = Path.GetFullPath(settings.Out);
        Directory.CreateDirectory(outDir);
        var written = new List<string>();
        pipeline.Generate(request, image =>
        {
            string path = SampleFileNames.Next(outDir, image.Index, image.Seed, settings.ImageFormat()!);
            Engine.Imaging.ImageFile.Save(image.Image, path);
            written.Add(path);
            console.MarkupLine($"[green]wrote[/] {Markup.Escape(path)} ({image.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s) {Markup.Escape(Shorten(image.Prompt))}");
        }, (_, _, _) => cancellation.ThrowIfCancellationRequested());
        console.MarkupLine($"{written.Count} image(s) in {Markup.Escape(outDir)}");
        return 0;
    }

    static string Shorten(string prompt) => prompt.Length <= 60 ? $"\"{prompt}\"" : $"\"{prompt[..57]}...\"";
}
