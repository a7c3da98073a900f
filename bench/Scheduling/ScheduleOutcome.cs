namespace ZImageSweep.Bench.Scheduling;

/// <summary>How one simulated sweep went, in the unit of its arm durations.</summary>
/// <param name="IdleSlotTimeWhileWaiting">slot time left free while some arm waited for a slot (0 when no slot is ever idle with work queued).</param>
public sealed record ScheduleOutcome(int Arms, int Slots, double Makespan, double TotalArmTime, double LongestArm, double IdleSlotTimeWhileWaiting)
{
    /// <summary>No schedule can finish earlier: the work spread perfectly over the slots, or the longest arm alone.</summary>
    public double LowerBound => Math.Max(TotalArmTime / Slots, LongestArm);

    /// <summary>
    /// What any list schedule (a free slot never idles while an arm waits) stays within (Graham 1966:
    /// makespan ≤ sum/slots + (1 − 1/slots)·longest), rounded up to sum/slots + longest.
    /// </summary>
    public double ListSchedulingBound => TotalArmTime / Slots + LongestArm;

    /// <summary>Makespan over <see cref="LowerBound"/>: 1 is optimal.</summary>
    public double VersusLowerBound => Makespan / LowerBound;

    /// <summary>Share of slot time spent training: total arm time over slots × makespan.</summary>
    public double SlotUtilization => TotalArmTime / (Slots * Makespan);
}
