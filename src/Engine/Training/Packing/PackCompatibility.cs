namespace ZImageSweep.Engine.Training.Packing;

/// <summary>
/// What an arm must share with the arms it packs with, beyond the base itself (model files, dtype, float8
/// quantisation: one loaded base): how each step calls the base (gradient checkpointing, the number of micro-batches
/// per step). Differential output preservation trains alone: its prior pass switches the user LoRA off for the whole
/// batch.
/// </summary>
public static class PackCompatibility
{
    /// <summary>Why <paramref name="arm"/> cannot join <paramref name="pack"/> now (the key and the reason), or null when it can; an empty pack takes any arm.</summary>
    public static (string Key, string Reason)? Conflict(IReadOnlyList<TrainerOptions> pack, TrainerOptions arm)
    {
        if (pack.Count == 0) return null;
        if (arm.DiffOutputPreservation is not null || pack.Any(p => p.DiffOutputPreservation is not null))
            return ("train.diff_output_preservation", "an arm with it trains alone");
        TrainerOptions first = pack[0];
        return Differs("train.gradient_checkpointing", first.GradientCheckpointing, arm.GradientCheckpointing)
            ?? Differs("train.gradient_accumulation", first.GradientAccumulation, arm.GradientAccumulation);
    }

    static (string Key, string Reason)? Differs<T>(string key, T pack, T value) =>
        EqualityComparer<T>.Default.Equals(pack, value) ? null : (key, $"{value} differs from the pack's {pack}");
}
