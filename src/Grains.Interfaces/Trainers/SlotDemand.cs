namespace ZImageSweep.Grains.Interfaces.Trainers;

/// <summary>
/// What an experiment asks of a GPU slot (issue 18, "Scheduling"): it may share a slot only with experiments of the
/// same <see cref="PackKey"/> (Contracts' <c>PackKey</c>: the same frozen base), at most <see cref="ArmLimit"/> of them,
/// and only while the pack's estimated memory fits the slot: the largest <see cref="BaseBytes"/> once plus every
/// member's <see cref="PerArmBytes"/> (Contracts' <c>ArmMemoryEstimate</c>).
/// </summary>
/// <param name="MaxArms">The most experiments on its slot, itself included; <see cref="Auto"/> for <c>packing: auto</c>.</param>
[GenerateSerializer, Immutable, Alias("zsweep.SlotDemand")]
public sealed record SlotDemand(
    [property: Id(0)] string PackKey,
    [property: Id(1)] int MaxArms,
    [property: Id(2)] long BaseBytes,
    [property: Id(3)] long PerArmBytes)
{
    /// <summary><c>packing: auto</c>: as many as the slot's memory allows, capped at <see cref="AutoMaxArms"/>.</summary>
    public const int Auto = 0;

    /// <summary>
    /// The cap of <c>packing: auto</c>. Issue 18's measurements: 4 images per 512² step gave 3.0× the images/s of one,
    /// and at 1024² batching gives about nothing (1.08× at 4), so a fifth arm adds little throughput; meanwhile every
    /// arm in a pack waits at the step boundary for any member's checkpoint, commit or preview, and a crash of the
    /// worker loses (and restarts) every arm in it. k = 1, 2, 4 is also what the packed bench rows measure.
    /// </summary>
    public const int AutoMaxArms = 4;

    /// <summary>
    /// A lease persisted before demands were: its experiment shares with nobody (no pack key matches the empty one).
    /// </summary>
    public static SlotDemand Solo { get; } = new("", 1, 0, 0);

    /// <summary>How many experiments this one accepts on a slot of <paramref name="slotBytes"/> memory (null: unknown, a CPU slot).</summary>
    public int ArmLimit(long? slotBytes) => MaxArms != Auto ? MaxArms : slotBytes is null ? 1 : AutoMaxArms;
}
