namespace ZImageSweep.Statistics.Tpe;

/// <summary>
/// A number in [<see cref="Low"/>, <see cref="High"/>]: continuous, or whole numbers when <see cref="Integer"/>
/// (Optuna's IntDistribution with step 1); <see cref="Log"/> spaces it by exponent (learning rates).
/// </summary>
public sealed record NumericParameter : SearchParameter
{
    public NumericParameter(double low, double high, bool log, bool integer)
    {
        if (!(low < high)) throw new ArgumentException($"a numeric parameter needs low < high, got [{low}, {high}]");
        if (log && low <= 0) throw new ArgumentException($"a log-scaled parameter needs low > 0, got {low}");
        if (integer && (low != Math.Floor(low) || high != Math.Floor(high))) throw new ArgumentException($"an integer parameter needs whole bounds, got [{low}, {high}]");
        (Low, High, Log, Integer) = (low, high, log, integer);
    }

    public double Low { get; }
    public double High { get; }
    public bool Log { get; }
    public bool Integer { get; }

    /// <summary>
    /// Half a step on either side of an integer range, so each whole number owns an interval of width 1 (Optuna's
    /// discrete distributions widen low and high by step / 2 the same way).
    /// </summary>
    internal double HalfStep => Integer ? 0.5 : 0;

    /// <summary>The space the kernels live in: the logarithm for a log-scaled parameter.</summary>
    internal double Transform(double x) => Log ? Math.Log(x) : x;

    internal double Untransform(double t) => Log ? Math.Exp(t) : t;

    /// <summary>Rounds to the nearest whole number (ties to even, as numpy's round) and keeps it inside the range.</summary>
    internal double Snap(double x) => Integer ? Math.Clamp(Math.Round(x, MidpointRounding.ToEven), Low, High) : x;

    public override double DrawUniform(SplitMix64 random)
    {
        double low = Transform(Low - HalfStep), high = Transform(High + HalfStep);
        return Snap(Untransform(low + random.NextDouble() * (high - low)));
    }

    public override IParzenEstimator Estimator(IReadOnlyList<double> observations, IReadOnlyList<double> weights) =>
        new NumericParzenEstimator(this, observations, weights);
}
