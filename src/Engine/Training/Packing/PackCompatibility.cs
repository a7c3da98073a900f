using System.Globalization;

namespace ZImageSweep.Engine.Training.Packing;

/// <summary>
/// What arms of one pack must share, beyond the model files (one <see cref="ZImageModelSet"/>): what changes the base
/// itself (float8 quantisation, layer offloading), how each step calls it (gradient checkpointing, the number of micro-batches per
/// step). Differential output preservation is not packable: its prior pass switches the user LoRA off for the whole
/// batch.
/// </summary>
public static class PackCompatibility
{
    /// <exception cref="PackCompatibilityException">the arm differs from <paramref name="first"/> or uses DOP.</exception>
    public static void Check(TrainerOptions first, TrainerOptions arm)
    {
        if (arm.DiffOutputPreservation is not null)
            throw new PackCompatibilityException(arm.Name, "train.diff_output_preservation", "is not supported in a pack; train this arm alone (packing: off)");
        Same(arm, "model.quantize", first.QuantizeBase, arm.QuantizeBase);
        Same(arm, "model.layer_offloading_transformer_percent", OffloadText(first), OffloadText(arm));
        Same(arm, "train.gradient_checkpointing", first.GradientCheckpointing, arm.GradientCheckpointing);
        Same(arm, "train.gradient_accumulation", first.GradientAccumulation, arm.GradientAccumulation);
    }

    static string OffloadText(TrainerOptions options) => options.TransformerOffloadShare is double share ? share.ToString("0.###", CultureInfo.InvariantCulture) : "off (layer_offloading false)";

    static void Same<T>(TrainerOptions arm, string key, T pack, T value)
    {
        if (!EqualityComparer<T>.Default.Equals(pack, value))
            throw new PackCompatibilityException(arm.Name, key, $"{value} differs from the pack's {pack}");
    }
}
