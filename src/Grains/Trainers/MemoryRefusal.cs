namespace ZImageSweep.Grains.Trainers;

/// <summary>A join that <see cref="SlotLeaseBook"/> refused because the pack's estimate exceeds the slot's memory: the pack is split instead.</summary>
/// <param name="Arms">the pack's size had the experiment joined.</param>
/// <param name="EstimatedBytes">that pack's estimate: its largest base plus every member's per-arm bytes.</param>
/// <param name="SlotBytes">the slot's free memory.</param>
public sealed record MemoryRefusal(string Slot, int Arms, long EstimatedBytes, long SlotBytes);
