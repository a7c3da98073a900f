namespace ZImageSweep.Statistics.Tpe;

/// <summary>The normal distribution truncated to an interval, in the few forms the Parzen estimators need.</summary>
public static class TruncatedNormal
{
    static readonly double LogSqrtTwoPi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>
    /// log(Φ(b) − Φ(a)) for standardised bounds a ≤ b, from the upper tail Q(z) = erfc(z/√2)/2 on the side away from
    /// the mean so that far tails keep their digits; −∞ when the mass underflows.
    /// </summary>
    public static double LogMass(double a, double b)
    {
        double mass = a >= 0 ? UpperTail(a) - UpperTail(b)
            : b <= 0 ? UpperTail(-b) - UpperTail(-a)
            : 1 - UpperTail(-a) - UpperTail(b);
        return Math.Log(Math.Max(mass, 0));
    }

    /// <summary>The log density at <paramref name="x"/> of N(mu, sigma²) truncated to [low, high].</summary>
    public static double LogPdf(double x, double mu, double sigma, double low, double high)
    {
        double z = (x - mu) / sigma;
        return -0.5 * z * z - LogSqrtTwoPi - Math.Log(sigma) - LogMass((low - mu) / sigma, (high - mu) / sigma);
    }

    /// <summary>
    /// A draw from N(mu, sigma²) truncated to [low, high] by rejection of Box–Muller normals. The estimators keep mu
    /// inside the interval and sigma at most its width, so each draw lands inside with probability at least
    /// P(0 ≤ Z ≤ 1) ≈ 0.34 and the loop ends quickly.
    /// </summary>
    public static double Sample(double mu, double sigma, double low, double high, SplitMix64 random)
    {
        while (true)
        {
            double radius = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()));
            double x = mu + sigma * radius * Math.Cos(2 * Math.PI * random.NextDouble());
            if (x >= low && x <= high) return x;
        }
    }

    /// <summary>Q(z) = P(Z ≥ z); |z| keeps −0 (a bound exactly at the mean) out of erfc's negative domain.</summary>
    static double UpperTail(double z) => z >= 0 ? 0.5 * NormalDistribution.Erfc(Math.Abs(z) / Math.Sqrt(2)) : 1 - 0.5 * NormalDistribution.Erfc(-z / Math.Sqrt(2));
}
