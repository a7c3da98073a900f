using ZImageSweep.Contracts.Jobs;

namespace ZImageSweep.Contracts.Packing;

/// <summary>
/// Estimates an arm's GPU memory from its job alone (no TorchSharp, no model files), as the training worker holds it:
/// transformer and text encoder at the train dtype (the transformer's seven block projections in float8 with
/// <c>model.quantize</c>; the engine does not quantize the text encoder), the VAE in float32 (the official code's
/// choice, src/Engine/Pipelines/ZImagePipelineOptions.cs), all three resident on the slot's device.
/// <para>
/// Sizes come from docs/model.md ("Parameter counts", the block shapes); the activation and workspace terms are
/// calibrated on the engine's measured peaks (BENCHMARKS.md, 2026-12-07 16:20 UTC, H100, allocated GiB through the
/// allocator shim, LoRA r16 on all 8 × 30 projections, AdamW, batch 1, one transformer per process, no text encoder or
/// VAE): 1024² checkpointed 14.14, 1024² without checkpointing 34.08, 768² checkpointed 13.29, 512² checkpointed 12.68
/// GiB; float8 base 1024² checkpointed 12.19 GiB (2026-11-26 12:04 UTC table). With 11.464 GiB of bf16 weights and
/// 0.634 GiB of LoRA state (42,516,480 parameters × 16 bytes) the checkpointed rows lie on one line in image tokens:
/// 0.0958 GiB + 0.4867 MiB per token (fitted on 512² and 1024²; 768² is then predicted within 0.01 GiB).
/// Caption tokens are not counted: they were in the calibration rows too, at the bench's prompt length.
/// </para>
/// </summary>
public static class ArmMemoryEstimator
{
    const double MiB = 1 << 20;
    const double GiB = 1 << 30;

    /// <summary>docs/model.md: the diffusers transformer's 6,154,908,736 parameters.</summary>
    public const long TransformerParameters = 6_154_908_736;

    /// <summary>The seven block projections (q, k, v, out, w1, w2, w3) of the 34 blocks, stored in float8 by <c>model.quantize</c>.</summary>
    public const long QuantizedParameters = 34L * (4 * 3840 * 3840 + 3 * 3840 * 10240);

    /// <summary>One float32 scale per output row of each quantized projection (4·3840 + 2·10240 + 3840 rows per block).</summary>
    const long QuantizedRows = 34L * (4 * 3840 + 2 * 10240 + 3840);

    /// <summary>docs/model.md: Qwen3-4B with 4,022,468,096 parameters.</summary>
    public const long TextEncoderParameters = 4_022_468_096;

    /// <summary>docs/model.md: the FLUX VAE's encoder + decoder, 83,819,683 parameters.</summary>
    public const long VaeParameters = 83_819_683;

    /// <summary>Checkpointed bf16 step: the 30 saved block inputs plus one replayed block's activations and gradients, per image token (fit above).</summary>
    const double CheckpointedBytesPerToken = 0.4867 * MiB;

    /// <summary>Without checkpointing every block keeps its activations: 34.08 − 12.098 − 0.096 GiB over the 4,096 tokens of 1024².</summary>
    const double UncheckpointedBytesPerToken = 5.4718 * MiB;

    /// <summary>Constant share of a step (cuBLAS workspaces, the final layer's saved tensors): the fit's intercept.</summary>
    const double StepWorkspaceBytes = 0.0958 * GiB;

    /// <summary>
    /// A float8 step's timed peak lies 3.65 GiB above what its weights and the bf16 terms give (12.19 against 8.54 GiB):
    /// dequantization temporaries of a block's projections (BENCHMARKS.md, note ³ of 2026-11-26), held once per pack.
    /// </summary>
    const double Float8DequantizationBytes = 3.65 * GiB;

    /// <summary>Previews decode with the float32 VAE: 7.04 GiB allocated at 1024² (BENCHMARKS.md, VAE decode row) less its 0.31 GiB of weights, per pixel.</summary>
    const double PreviewDecodeBytesPerPixel = (7.04 - 0.31) * GiB / (1024 * 1024);

    /// <summary>Bytes per trainable LoRA parameter: float32 weight and gradient, plus the optimizer's two moments (AdamW float32, AdamW8bit one byte each) and an EMA copy.</summary>
    static int LoraBytesPerParameter(TrainConfig train) =>
        4 + 4 + (train.Optimizer == OptimizerKind.AdamW8Bit ? 2 : 8) + (train.Ema.UseEma ? 4 : 0);

    public static ArmMemoryEstimate Estimate(ProcessConfig process)
    {
        var train = process.Train;
        int elementBytes = train.DType == TrainDType.BFloat16 ? 2 : 4;
        double activationScale = elementBytes / 2.0; // the calibration rows ran in bf16
        long transformer = process.Model.Quantize
            ? QuantizedParameters + 4 * QuantizedRows + (TransformerParameters - QuantizedParameters) * elementBytes
            : TransformerParameters * elementBytes;
        double stepWorkspace = StepWorkspaceBytes * activationScale + (process.Model.Quantize ? Float8DequantizationBytes : 0);
        double workspace = Math.Max(stepWorkspace, PreviewDecodeBytes(process));

        long loraParameters = LoraTargetModules.ParameterCount(process.Network.Linear, process.Network.OnlyIfContains, process.Network.IgnoreIfContains);
        double perToken = (train.GradientCheckpointing ? CheckpointedBytesPerToken : UncheckpointedBytesPerToken) * activationScale;
        return new ArmMemoryEstimate(
            TransformerBytes: transformer,
            TextEncoderBytes: TextEncoderParameters * elementBytes,
            VaeBytes: VaeParameters * 4,
            WorkspaceBytes: (long)workspace,
            LoraStateBytes: loraParameters * LoraBytesPerParameter(train),
            ActivationBytes: (long)(perToken * LargestBatchTokens(process)));
    }

    /// <summary>
    /// Image tokens of the largest batch the arm trains: the VAE halves each side three times and the transformer
    /// patchifies 2 × 2, so a side of s pixels is s / 16 tokens; batches come from one dataset at one resolution.
    /// </summary>
    public static long LargestBatchTokens(ProcessConfig process) =>
        process.Datasets.Count == 0
            ? 0
            : process.Datasets.Max(d => (long)(d.BatchSize ?? process.Train.BatchSize) * d.Resolution.Max(r => (long)(r / 16) * (r / 16)));

    static double PreviewDecodeBytes(ProcessConfig process) =>
        process.Train.DisableSampling || process.Sample.Samples.Count == 0
            ? 0
            : PreviewDecodeBytesPerPixel * process.Sample.Width * process.Sample.Height;
}
