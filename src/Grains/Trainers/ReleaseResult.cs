namespace ZImageSweep.Grains.Trainers;

/// <summary>What <see cref="SlotLeaseBook.Release"/> did.</summary>
/// <param name="Slot">the slot given back, or null when the experiment held none.</param>
/// <param name="HandedTo">the waiting experiment that got a slot in the same step, or null.</param>
/// <param name="HandedSlot">the slot it got (the one given back unless another was free too).</param>
public readonly record struct ReleaseResult(string? Slot, string? HandedTo, string? HandedSlot);
