using System.Globalization;
using ZImageSweep.Contracts.Jobs;

namespace ZImageSweep.Contracts.Packing;

/// <summary>
/// How each training step calls the frozen base. Packed arms run one forward and backward over every arm's rows per
/// micro-batch, so they must agree on gradient checkpointing (it changes what the shared base keeps for backward) and
/// on the number of micro-batches per step. Differential output preservation trains alone: its prior pass switches
/// the user LoRA off for the whole batch. The scheduler compares shapes inside <see cref="PackKey"/>; the packed
/// trainer checks an arm against the arms already training with <see cref="ConflictWith"/>.
/// </summary>
public sealed record StepShape(bool GradientCheckpointing, int GradientAccumulation, bool DiffOutputPreservation)
{
    public static StepShape Of(TrainConfig train) =>
        new(train.GradientCheckpointing, train.GradientAccumulation, train.DiffOutputPreservation);

    public bool Packable => !DiffOutputPreservation;

    /// <summary>Why an arm of this shape cannot join a pack of <paramref name="pack"/>'s shape (the job key and the reason), or null when it can.</summary>
    public (string JobKey, string Reason)? ConflictWith(StepShape pack)
    {
        if (!Packable || !pack.Packable) return ("train.diff_output_preservation", "an arm with it trains alone");
        return Fields().Zip(pack.Fields())
            .Where(p => p.First.Value != p.Second.Value)
            .Select(p => ((string, string)?)(p.First.JobKey, $"{p.First.Value} differs from the pack's {p.Second.Value}"))
            .FirstOrDefault();
    }

    internal IEnumerable<(string JobKey, string Value)> Fields() =>
    [
        ("train.gradient_checkpointing", GradientCheckpointing ? "true" : "false"),
        ("train.gradient_accumulation", GradientAccumulation.ToString(CultureInfo.InvariantCulture)),
    ];
}
