namespace ZImageSweep.Engine.Offloading;

/// <summary>
/// Which blocks of a stack are offloaded for a share in 0..1. ai-toolkit (toolkit/memory_management/manager.py at
/// ostris/ai-toolkit 27a03a9, <c>MemoryManager.attach</c>) offloads every Linear layer when the percent is 1 and,
/// below 1, each one independently with that probability (<c>random.random() &gt; offload_percent</c> keeps it on the
/// GPU), so the expected offloaded share is the percent. Here the unit is a whole block and the choice is
/// deterministic: ⌊count · share⌋ blocks, spread evenly (block i when ⌊(i+1)·share⌋ &gt; ⌊i·share⌋), so that resident
/// blocks sit between offloaded ones and give their copies time to arrive.
/// </summary>
public static class OffloadPlan
{
    /// <summary>Absorbs the rounding of products such as 0.57 · 100 = 56.99999999999999.</summary>
    const double Tolerance = 1e-9;

    public static IReadOnlyList<bool> Blocks(int count, double share)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (!(share is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(share), share, "a share of blocks is between 0 and 1");
        return Enumerable.Range(0, count).Select(i => Boundary(i + 1, share) > Boundary(i, share)).ToList();
    }

    static long Boundary(int blocks, double share) => (long)Math.Floor(blocks * share + Tolerance);
}
