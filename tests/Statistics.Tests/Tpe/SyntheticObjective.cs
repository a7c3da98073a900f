using ZImageSweep.Statistics.Tpe;

namespace ZImageSweep.Statistics.Tests.Tpe;

/// <summary>
/// A stand-in for a sweep's validation loss, with no training: a quadratic in log10(lr) centred on 3e-4, plus a
/// penalty per rank choice (best at the third), plus Gaussian noise of sd 0.05, so searches can be compared cheaply.
/// </summary>
internal static class SyntheticObjective
{
    static readonly double[] RankPenalty = [0.8, 0.3, 0.0, 0.4, 1.0];
    const double NoiseSd = 0.05;

    /// <param name="point">lr (log-scaled numeric) and rank (a choice index of five).</param>
    public static double Value(IReadOnlyList<double> point, SplitMix64 noise)
    {
        double offset = Math.Log10(point[0]) - Math.Log10(3e-4);
        double gaussian = Math.Sqrt(-2 * Math.Log(1 - noise.NextDouble())) * Math.Cos(2 * Math.PI * noise.NextDouble());
        return offset * offset + RankPenalty[(int)point[1]] + NoiseSd * gaussian;
    }

    /// <summary>The lowest value observed in <paramref name="budget"/> sequential trials proposed by <paramref name="propose"/>.</summary>
    public static double BestFound(IReadOnlyList<SearchParameter> space, int budget, int seed,
        Func<IReadOnlyList<TpeObservation>, SplitMix64, double[]> propose)
    {
        var noise = new SplitMix64((ulong)seed + 1_000_000);
        var history = new List<TpeObservation>();
        for (int trial = 0; trial < budget; trial++)
        {
            var point = propose(history, new SplitMix64(((ulong)seed << 32) | (uint)trial));
            history.Add(new TpeObservation(point, Value(point, noise)));
        }
        return history.Min(o => o.Value);
    }

    public static IReadOnlyList<TpeObservation> RandomHistory(IReadOnlyList<SearchParameter> space, int count, ulong seed)
    {
        var random = new SplitMix64(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            double[] point = [.. space.Select(p => p.DrawUniform(random))];
            return new TpeObservation(point, Value(point, random));
        })];
    }
}
