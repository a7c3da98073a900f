namespace ZImageSweep.Statistics;

/// <summary>The standard normal distribution's tail, to the precision p-values are compared at (relative error ~1e-13).</summary>
public static class NormalDistribution
{
    /// <summary>z of the two-sided 95 % level, Φ⁻¹(0.975).</summary>
    public const double Z975 = 1.959963984540054;
    /// <summary>z of 80 % power, Φ⁻¹(0.8).</summary>
    public const double Z80 = 0.8416212335729143;

    /// <summary>P(|Z| ≥ |z|) = erfc(|z| / √2).</summary>
    public static double TwoSidedP(double z) => Erfc(Math.Abs(z) / Math.Sqrt(2));

    /// <summary>
    /// erfc(x) for x ≥ 0: below 2 (erfc ≥ 0.0047, so the subtraction costs under two digits) as 1 − erf(x) with erf's series of positive terms,
    /// erf(x) = 2/√π · e^(−x²) · Σₙ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)) (Abramowitz and Stegun 7.1.6; no cancellation);
    /// from 2 on, where 1 − erf would lose the tail, by the continued fraction A&amp;S 7.1.14 evaluated with Lentz's method.
    /// </summary>
    public static double Erfc(double x)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        return x < 2 ? 1 - ErfSeries(x) : ErfcContinuedFraction(x);
    }

    static double ErfSeries(double x)
    {
        double term = x, sum = x;
        for (int n = 1; term > sum * 1e-17; n++)
        {
            term *= 2 * x * x / (2 * n + 1);
            sum += term;
        }
        return 2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x) * sum;
    }

    /// <summary>erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))).</summary>
    static double ErfcContinuedFraction(double x)
    {
        const double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (int k = 1; k < 5000; k++)
        {
            double a = k / 2.0;
            d = x + a * d;
            d = Math.Abs(d) < tiny ? 1 / tiny : 1 / d;
            c = x + a / c;
            if (Math.Abs(c) < tiny) c = tiny;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / f;
    }
}
