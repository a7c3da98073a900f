using ZImageSweep.Bench.Models;
using static TorchSharp.torch;

namespace ZImageSweep.Bench.Rows;

/// <summary>
/// The rows of each suite, in table order.
/// <para>
/// Extension point for training (issue 7). Add one <see cref="BenchRow"/> subclass per case to <see cref="Training"/>
/// once the trainer exists; nothing else in the harness changes (selection, isolation, timing, NVML memory, table and
/// JSON are generic). Planned rows, all bf16 base with rank-16 LoRA on the 8 projections of the 30 main layers, fp32
/// LoRA, AdamW, grad clip 1.0, one image, 64 caption tokens:
/// <c>lora-step-1024-ckpt</c> (gradient checkpointing on), <c>lora-step-1024</c> (off), <c>lora-step-768-ckpt</c>,
/// <c>lora-step-512-ckpt</c>, and <c>lora-step-1024-ckpt-float8</c> (the <c>model.quantize</c> base). Each row's
/// <see cref="BenchRow.Run"/> builds the random full-size base with <see cref="RandomModels"/>, wraps it with the
/// trainer's LoRA, precomputes one latent and caption on the device, and hands one complete optimizer step
/// (forward, loss, backward, clip, step, zero_grad) to <c>context.Timer.Measure(..., context.Forward)</c>:
/// ms/step is the median, <c>ImagesPerIteration: 1</c> gives images/s, and the runner's NVML peak is the memory
/// column. Keep the step free of host syncs (<c>.item()</c>), or the timing includes them.
/// </para>
/// </summary>
public static class RowCatalog
{
    public static IReadOnlyList<BenchRow> Inference(BenchProfile profile) =>
    [
        .. profile.ForwardSizes.Select(size => new TransformerForwardRow(size)),
        new VaeDecodeRow(profile.VaeSize, ScalarType.Float32),
        new VaeDecodeRow(profile.VaeSize, ScalarType.BFloat16),
        new TextEncodeRow(profile.CaptionTokens),
        new TurboSampleRow(profile.SampleSize, profile.SampleSteps),
        new PrecisionAgreementRow(),
    ];

    /// <summary>LoRA training rows: none until the trainer lands (see the class remarks for what goes here).</summary>
    public static IReadOnlyList<BenchRow> Training(BenchProfile profile) => [];

    public static IReadOnlyList<BenchRow> For(BenchSuite suite, BenchProfile profile) => suite switch
    {
        BenchSuite.Inference => Inference(profile),
        BenchSuite.Training => Training(profile),
        _ => throw new ArgumentOutOfRangeException(nameof(suite), suite, null),
    };
}
