using ZImageSweep.Bench.Models;
using ZImageSweep.Engine.Training;
using static TorchSharp.torch;

namespace ZImageSweep.Bench.Rows;

/// <summary>
/// The rows of each suite, in table order.
/// <para>
/// Training rows follow issue 7's reference setup (bf16 base, rank-16 fp32 LoRA on the 8 projections of the main
/// layers, AdamW, grad clip 1.0, one image, 64 caption tokens), plus the float8 base (model.quantize) at the largest size,
/// without and with every block layer-offloaded (issue 18), and at the largest and smallest size with the LoRA in plain
/// ops (<see cref="NativeAutogradLora"/>) beside the engine's.
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
        .. new[] { 0.0, 1.0 }.Select(share => new TextEncodeOffloadRow(profile.CaptionTokens, CaptionEmbeddings.EncodeBatch, share)),
        new TextEncodeOffloadRow(profile.CaptionTokens, CaptionEmbeddings.EncodeBatch, 1.0, float8: true),
        new TurboSampleRow(profile.SampleSize, profile.SampleSteps),
        new PrecisionAgreementRow(),
    ];

    /// <summary>
    /// LoRA training steps: checkpointing on and off at the largest size, on at the two smaller ones; then the
    /// optimizer part alone, for both optimizers; then one block's replay (activation memory per block).
    /// </summary>
    public static IReadOnlyList<BenchRow> Training(BenchProfile profile) =>
    [
        new LoraTrainingStepRow(profile.ForwardSizes[0], checkpointing: true),
        new LoraTrainingStepRow(profile.ForwardSizes[0], checkpointing: false),
        .. profile.ForwardSizes.Skip(1).Select(size => new LoraTrainingStepRow(size, checkpointing: true)),
        new LoraTrainingStepRow(profile.ForwardSizes[0], checkpointing: true, float8: true),
        new LoraTrainingStepRow(profile.ForwardSizes[0], checkpointing: true, float8: true, offloadShare: 1.0),
        new LoraTrainingStepRow(profile.ForwardSizes[0], checkpointing: true, nativeAutograd: true),
        new LoraTrainingStepRow(profile.ForwardSizes[^1], checkpointing: true, nativeAutograd: true),
        new OptimizerStepRow(eightBit: false),
        new OptimizerStepRow(eightBit: true),
        .. profile.ForwardSizes.Select(size => new BlockMemoryRow(size)),
    ];

    /// <summary>The scheduler simulation over 64 arms on 8, 16 and 64 slots (the same at every size and device).</summary>
    public static IReadOnlyList<BenchRow> Scheduling() => [.. new[] { 8, 16, 64 }.Select(slots => new ScheduleSimulationRow(slots))];

    /// <summary><c>packed-lora-step-&lt;size&gt;-k&lt;1|2|4&gt;</c> at every forward size (issue 18).</summary>
    public static IReadOnlyList<BenchRow> Packing(BenchProfile profile) =>
        [.. profile.ForwardSizes.SelectMany(size => new[] { 1, 2, 4 }.Select(arms => new PackedLoraStepRow(size, arms)))];

    public static IReadOnlyList<BenchRow> For(BenchSuite suite, BenchProfile profile) => suite switch
    {
        BenchSuite.Inference => Inference(profile),
        BenchSuite.Training => Training(profile),
        BenchSuite.Scheduling => Scheduling(),
        BenchSuite.Packing => Packing(profile),
        _ => throw new ArgumentOutOfRangeException(nameof(suite), suite, null),
    };
}
