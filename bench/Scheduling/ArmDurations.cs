namespace ZImageSweep.Bench.Scheduling;

/// <summary>Given arm durations for the scheduling simulation.</summary>
public static class ArmDurations
{
    /// <summary>
    /// A 64-arm sweep in minutes: four step budgets (30, 45, 60, 90 min at rank 8) in sweep order, each arm scaled by
    /// a seeded factor in [0.8, 1.6) for rank, resolution and data-loader luck. Fixed by <paramref name="seed"/>, so
    /// every run and machine simulates the same sweep.
    /// </summary>
    public static double[] Mixed64(int seed = 19)
    {
        double[] budgets = [30, 45, 60, 90];
        var random = new Random(seed);
        return [.. Enumerable.Range(0, 64).Select(i => Math.Round(budgets[i % budgets.Length] * (0.8 + 0.8 * random.NextDouble()), 1))];
    }
}
