namespace ZImageSweep.Grains.Trainers;

/// <summary>What <see cref="SlotLeaseBook.Release"/> did.</summary>
/// <param name="Slot">the slot given back, or null when the experiment held none.</param>
/// <param name="Handed">the waiting experiments that got a slot in the same step, in queue order, with their slots.</param>
public sealed record ReleaseResult(string? Slot, IReadOnlyList<(string Experiment, string Slot)> Handed);
