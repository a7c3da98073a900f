using ZImageSweep.Grains.Interfaces.Trainers;
using ZImageSweep.Grains.Trainers;

namespace ZImageSweep.Bench.Scheduling;

/// <summary>
/// The GPU scheduler without training or a cluster: arms of known durations are placed by the scheduler's own
/// <see cref="SlotLeaseBook"/> on the slots of one silo, on a simulated clock. Every arm asks for a slot at time 0 in
/// sweep order (what a sweep with concurrency ≥ arms does); an arm that finishes gives its slot back, and the book
/// hands it to the longest-waiting arm, which starts at once. Hand-over latency (a grain call and a worker start,
/// milliseconds against arm times of minutes) is not modelled; fold it into the durations if it matters. Arms are
/// not packed (<c>packing: off</c>): a packed arm's duration depends on its pack, which this clock does not model.
/// </summary>
public static class ScheduleSimulation
{
    const string Silo = "sim";
    static readonly SlotDemand Unpacked = new("sim-base", MaxArms: 1, BaseBytes: 0, PerArmBytes: 0);

    /// <exception cref="ArgumentException">no arms, a duration that is not positive and finite, or fewer than one slot.</exception>
    public static ScheduleOutcome Run(IReadOnlyList<double> durations, int slots)
    {
        if (durations.Count == 0) throw new ArgumentException("the workload has no arms", nameof(durations));
        int bad = durations.ToList().FindIndex(d => !(d > 0) || !double.IsFinite(d));
        if (bad >= 0) throw new ArgumentException($"arm {bad}'s duration is {durations[bad]}; every duration must be positive and finite", nameof(durations));
        if (slots < 1) throw new ArgumentOutOfRangeException(nameof(slots), slots, "at least one slot is needed");

        var live = Enumerable.Range(0, slots).ToDictionary(i => GpuSlots.Key(Silo, i), _ => (long?)null);
        var book = new SlotLeaseBook(new Dictionary<string, string>(), new Dictionary<string, SlotDemand>());
        var running = new PriorityQueue<int, double>(); // arm index by finish time
        double now = 0, idleWhileWaiting = 0;
        int leased = 0;

        void Start(int arm)
        {
            running.Enqueue(arm, now + durations[arm]);
            leased++;
        }

        for (int arm = 0; arm < durations.Count; arm++)
            if (book.Lease(Key(arm), Unpacked, live).Slot is not null) Start(arm);
        while (running.TryDequeue(out int arm, out double finish))
        {
            if (book.Waiting.Count > 0) idleWhileWaiting += (slots - leased) * (finish - now);
            now = finish;
            leased--;
            foreach (var (next, _) in book.Release(Key(arm), live).Handed) Start(int.Parse(next, System.Globalization.CultureInfo.InvariantCulture));
        }
        if (book.Waiting.Count > 0) throw new InvalidOperationException($"{book.Waiting.Count} arms never got a slot");
        return new ScheduleOutcome(durations.Count, slots, Makespan: now, TotalArmTime: durations.Sum(), LongestArm: durations.Max(), idleWhileWaiting);
    }

    static string Key(int arm) => arm.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
