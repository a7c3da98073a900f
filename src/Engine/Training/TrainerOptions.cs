using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Contracts.Packing;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Training.Optimizers;
using ZImageSweep.Engine.Training.Timesteps;
using ZImageSweep.Engine.Training.Validation;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training;

/// <summary>One entry of <c>datasets[]</c>, resolved.</summary>
public sealed record DatasetOptions(
    string FolderPath,
    string CaptionExtension = ".txt",
    string? DefaultCaption = null,
    string? TriggerWord = null,
    double CaptionDropoutRate = 0,
    IReadOnlyList<int>? Resolutions = null,
    bool FlipX = false,
    int NumRepeats = 1,
    bool CacheLatentsToDisk = false,
    bool FlipY = false,
    int? BatchSize = null,
    double NetworkWeight = 1.0)
{
    public IReadOnlyList<int> ResolutionList => Resolutions ?? [512];
}

/// <summary>One preview prompt with ai-toolkit's per-sample overrides.</summary>
public sealed record SamplePrompt(string Prompt, int? Width = null, int? Height = null, string? Negative = null, long? Seed = null,
    double? Guidance = null, int? Steps = null, double? NetworkMultiplier = null);

/// <summary>
/// The <c>sample</c> block, resolved (guidance already mapped to the pipeline's g; see TrainingSampler).
/// <see cref="SampleAtStart"/> samples before the first step (not skip_first_sample), <see cref="SampleAtResume"/> also
/// before the first step of a resumed run (force_first_sample); periodic samples start at <see cref="StartStep"/>.
/// </summary>
public sealed record SampleOptions(
    int SampleEvery,
    IReadOnlyList<SamplePrompt> Prompts,
    int Width = 1024,
    int Height = 1024,
    string Negative = "",
    long Seed = 42,
    bool WalkSeed = true,
    double Guidance = 0,
    int Steps = 8,
    double NetworkMultiplier = 1,
    string Format = "jpg",
    bool SampleAtStart = true,
    IReadOnlyList<double>? NetworkMultipliers = null,
    int StartStep = 0,
    bool SampleAtResume = false);

/// <summary>Differential Output Preservation (docs/training.md#differential-output-preservation).</summary>
public sealed record PreservationOptions(string ClassWord, double Multiplier = 1.0);

/// <summary>
/// Everything the training loop needs, already validated and resolved from a job config (the config schema maps onto
/// this; the engine never reads YAML itself).
/// </summary>
public sealed record TrainerOptions
{
    public required string Name { get; init; }
    /// <summary><c>&lt;training_folder&gt;/&lt;name&gt;</c>: checkpoints, samples and logs go here.</summary>
    public required string OutputFolder { get; init; }
    public required IReadOnlyList<DatasetOptions> Datasets { get; init; }
    public string? TriggerWord { get; init; }

    public int Rank { get; init; } = 16;
    public LoraTargets Targets { get; init; } = new();

    public int Steps { get; init; } = 3000;
    public int BatchSize { get; init; } = 1;
    public int GradientAccumulation { get; init; } = 1;
    public double LearningRate { get; init; } = 1e-4;
    public LrSchedulerKind LrScheduler { get; init; } = LrSchedulerKind.Constant;
    public int LrWarmupSteps { get; init; }
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.AdamW8Bit;
    public AdamWHyperParameters OptimizerHyper { get; init; } = new(Eps: 1e-6, WeightDecay: 1e-4);
    public double MaxGradNorm { get; init; } = 1.0;
    public bool GradientCheckpointing { get; init; } = true;
    /// <summary>What arms packed with this one must share about how each step calls the base.</summary>
    public StepShape StepShape => new(GradientCheckpointing, GradientAccumulation, DiffOutputPreservation is not null);
    /// <summary>ai-toolkit's low_vram: the VAE leaves the GPU once the latents are cached (previews decode on the CPU).</summary>
    public bool LowVram { get; init; }
    /// <summary>ai-toolkit's unload_text_encoder: every image trains on the trigger alone (captions are ignored).</summary>
    public bool TrainOnTriggerOnly { get; init; }
    /// <summary>Store the frozen base as float8 e4m3 with per-channel scales (ai-toolkit's model.quantize), after the adapter merge.</summary>
    public bool QuantizeBase { get; init; }
    /// <summary>ai-toolkit's layer_offloading: the share of transformer blocks whose frozen weights stay in host memory; null when off.</summary>
    public double? TransformerOffloadShare { get; init; }
    /// <summary>layer_offloading_text_encoder_percent: the share of the text encoder's decoder layers kept in host memory while captions are encoded; null when off.</summary>
    public double? TextEncoderOffloadShare { get; init; }
    public TimestepType TimestepType { get; init; } = TimestepType.Weighted;
    public WeightedTable WeightedTable { get; init; } = WeightedTable.Current;
    public ContentOrStyle ContentOrStyle { get; init; } = ContentOrStyle.Balanced;
    public LossType LossType { get; init; } = LossType.Mse;
    public double? EmaDecay { get; init; }
    public PreservationOptions? DiffOutputPreservation { get; init; }
    /// <summary>s in target′ = pred + s·(target − pred), applied at top level as in ai-toolkit PR #974.</summary>
    public double? DifferentialGuidanceScale { get; init; }
    public int Seed { get; init; }

    public ScalarType SaveDtype { get; init; } = ScalarType.BFloat16;
    public int SaveEvery { get; init; } = 250;
    public int MaxStepSavesToKeep { get; init; } = 4;
    public SampleOptions? Sample { get; init; }
    /// <summary>Validation signals after every checkpoint (our extension); null measures nothing.</summary>
    public ValidationOptions? Validation { get; init; }
    /// <summary>Copied into saved LoRA metadata (ai-toolkit's <c>meta</c> block).</summary>
    public IReadOnlyDictionary<string, string> Meta { get; init; } = new Dictionary<string, string>();
    /// <summary>The job's <see cref="Checkpoints.JobFingerprint"/>: recorded with every checkpoint, and required of the one resumed.</summary>
    public IReadOnlyDictionary<string, string> Fingerprint { get; init; } = new Dictionary<string, string>();
}
