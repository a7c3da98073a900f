namespace ZImageSweep.Grains.Trainers;

/// <summary>What <see cref="SlotLeaseBook.Lease"/> decided.</summary>
/// <param name="Slot">the experiment's slot, or null when none is free or can take it.</param>
/// <param name="LeaseChanged">a lease was granted or a void one dropped: the persisted leases changed.</param>
/// <param name="StartedWaiting">the experiment joined the queue with this call.</param>
/// <param name="RefusedForMemory">a pack the experiment could have joined but for the slot's memory, or null.</param>
public readonly record struct LeaseResult(string? Slot, bool LeaseChanged, bool StartedWaiting, MemoryRefusal? RefusedForMemory = null);
