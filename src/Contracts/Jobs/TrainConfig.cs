using ZImageSweep.Contracts.Jobs.Keys;

namespace ZImageSweep.Contracts.Jobs;

/// <summary><c>train</c>: optimisation and loss settings, with ai-toolkit's code defaults (docs/training.md#train).</summary>
public sealed record TrainConfig
{
    public int BatchSize { get; init; } = 1;
    public int Steps { get; init; } = 1000;
    /// <summary>Micro-batches per optimizer step; ai-toolkit sums their gradients rather than averaging.</summary>
    public int GradientAccumulation { get; init; } = 1;
    public double Lr { get; init; } = 1e-6;
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.AdamW;
    /// <summary><c>optimizer_params.weight_decay</c>; null leaves the optimizer's own default (0.01 for AdamW).</summary>
    public double? WeightDecay { get; init; }
    public LrSchedulerKind LrScheduler { get; init; } = LrSchedulerKind.Constant;
    public int LrWarmupSteps { get; init; }
    public double MaxGradNorm { get; init; } = 1.0;
    public TrainDType DType { get; init; } = TrainDType.Float32;
    public bool GradientCheckpointing { get; init; } = true;
    public NoiseSchedulerKind NoiseScheduler { get; init; } = NoiseSchedulerKind.Ddpm;
    public TimestepType TimestepType { get; init; } = TimestepType.Sigmoid;
    public ContentOrStyle ContentOrStyle { get; init; } = ContentOrStyle.Balanced;
    public LossType LossType { get; init; } = LossType.Mse;
    public EmaConfig Ema { get; init; } = new();
    public bool CacheTextEmbeddings { get; init; }
    public bool UnloadTextEncoder { get; init; }
    public bool DiffOutputPreservation { get; init; }
    public double DiffOutputPreservationMultiplier { get; init; } = 1.0;
    public string DiffOutputPreservationClass { get; init; } = "";
    public bool DoDifferentialGuidance { get; init; }
    public double DifferentialGuidanceScale { get; init; } = 3.0;
    /// <summary>No preview sample before the first step.</summary>
    public bool SkipFirstSample { get; init; }
    /// <summary>The sample before the first step is taken on a resumed run too.</summary>
    public bool ForceFirstSample { get; init; }
    /// <summary>No preview samples at all (before, during or after training).</summary>
    public bool DisableSampling { get; init; }
    /// <summary>ai-toolkit's <c>validation_config</c>; null when the section is absent.</summary>
    public TrainValidationConfig? ValidationConfig { get; init; }

    internal static TrainConfig Read(MappingScope s)
    {
        var optimizerParams = s.Mapping("optimizer_params");
        var config = new TrainConfig
        {
            BatchSize = s.Int("batch_size", 1, min: 1),
            Steps = s.Int("steps", 1000, min: 1),
            GradientAccumulation = s.Int("gradient_accumulation", 1, min: 1),
            Lr = s.Double("lr", 1e-6, DoubleRange.Positive),
            Optimizer = s.Enum("optimizer", OptimizerKind.AdamW),
            WeightDecay = optimizerParams.OptionalDouble("weight_decay", DoubleRange.NonNegative),
            LrScheduler = s.Enum("lr_scheduler", LrSchedulerKind.Constant),
            LrWarmupSteps = s.Int("lr_warmup_steps", 0, min: 0),
            MaxGradNorm = s.Double("max_grad_norm", 1.0, DoubleRange.NonNegative),
            DType = s.Enum("dtype", TrainDType.Float32),
            GradientCheckpointing = s.Bool("gradient_checkpointing", true),
            NoiseScheduler = s.Enum("noise_scheduler", NoiseSchedulerKind.Ddpm),
            TimestepType = s.Enum("timestep_type", TimestepType.Sigmoid),
            ContentOrStyle = s.Enum("content_or_style", ContentOrStyle.Balanced),
            LossType = s.Enum("loss_type", LossType.Mse),
            Ema = EmaConfig.Read(s.Mapping("ema_config")),
            CacheTextEmbeddings = s.Bool("cache_text_embeddings", false),
            UnloadTextEncoder = s.Bool("unload_text_encoder", false),
            DiffOutputPreservation = s.Bool("diff_output_preservation", false),
            DiffOutputPreservationMultiplier = s.Double("diff_output_preservation_multiplier", 1.0, DoubleRange.NonNegative),
            DiffOutputPreservationClass = s.String("diff_output_preservation_class", ""),
            DoDifferentialGuidance = s.Bool("do_differential_guidance", false),
            DifferentialGuidanceScale = s.Double("differential_guidance_scale", 3.0, DoubleRange.Positive),
            SkipFirstSample = s.Bool("skip_first_sample", false),
            ForceFirstSample = s.Bool("force_first_sample", false),
            DisableSampling = s.Bool("disable_sampling", false),
            ValidationConfig = s.Has("validation_config") ? TrainValidationConfig.Read(s.Mapping("validation_config")) : null,
        };
        if (config.LrWarmupSteps >= config.Steps && s.Has("lr_warmup_steps"))
            s.Error("lr_warmup_steps", $"{config.LrWarmupSteps} warmup steps leave nothing of the {config.Steps} training steps; use fewer");
        optimizerParams.RejectUnknownKeys(OptimizerParamsKeys.Section);
        s.RejectUnknownKeys(TrainKeys.Section);
        return config;
    }
}
