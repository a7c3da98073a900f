using System.Globalization;
using ZImageSweep.Bench.Harness;
using ZImageSweep.Bench.Scheduling;

namespace ZImageSweep.Bench.Rows;

/// <summary>
/// The GPU scheduler's placement over <see cref="ArmDurations.Mixed64"/> on <paramref name="slots"/> slots
/// (<see cref="ScheduleSimulation"/>): makespan against the lower bound max(sum/slots, longest arm). Passes when the
/// makespan stays within the list-scheduling bound sum/slots + longest and no slot idled while an arm waited. The
/// timing is the simulation itself (CPU, microseconds), reported only because every row has one. For comparison it
/// also simulates the same arms submitted longest first (what a scheduler that knew arm durations could do).
/// </summary>
public sealed class ScheduleSimulationRow(int slots) : BenchRow
{
    public override string Id => $"schedule-64-arms-{slots}-slots";
    public override string Name => $"scheduler simulation, 64 arms on {slots} slots";
    public override BenchSuite Suite => BenchSuite.Scheduling;
    public override string DType => "-";

    public override RowMeasurement Run(BenchContext context)
    {
        double[] durations = ArmDurations.Mixed64();
        ScheduleOutcome outcome = ScheduleSimulation.Run(durations, slots);
        ScheduleOutcome longestFirst = ScheduleSimulation.Run([.. durations.OrderDescending()], slots);
        TimingResult timing = context.Timer.Measure(() => ScheduleSimulation.Run(durations, slots), context.Forward);
        bool passed = outcome.Makespan <= outcome.ListSchedulingBound && outcome.IdleSlotTimeWhileWaiting == 0;
        return new RowMeasurement(timing, SetupMs: 0, ImagesPerIteration: null,
            Metrics: new Dictionary<string, double>
            {
                ["makespan_min"] = outcome.Makespan,
                ["lower_bound_min"] = outcome.LowerBound,
                ["list_scheduling_bound_min"] = outcome.ListSchedulingBound,
                ["makespan_vs_lower_bound"] = outcome.VersusLowerBound,
                ["slot_utilization"] = outcome.SlotUtilization,
                ["idle_slot_min_while_waiting"] = outcome.IdleSlotTimeWhileWaiting,
                ["longest_first_makespan_min"] = longestFirst.Makespan,
            },
            Passed: passed,
            Note: string.Create(CultureInfo.InvariantCulture,
                $"makespan {outcome.Makespan:0.#} min, lower bound {outcome.LowerBound:0.#} ({outcome.VersusLowerBound:0.000}×), list bound {outcome.ListSchedulingBound:0.#}, utilisation {outcome.SlotUtilization:P1}; longest first {longestFirst.Makespan:0.#}"));
    }
}
