namespace ZImageSweep.Statistics.Tests;

/// <summary>The fixed vectors of Reference/paired_reference.py, which computed the values the tests quote.</summary>
static class ReferenceVectors
{
    /// <summary>Darwin's Zea mays height differences (Fisher 1935), the example of scipy.stats.wilcoxon's documentation.</summary>
    public static readonly double[] Darwin = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75];

    /// <summary>Two zeros (dropped) and tied magnitudes (0.5, 2.0 ×3) so average ranks are half-integers.</summary>
    public static readonly double[] TiesAndZeros = [0.5, -0.5, 1.2, 0, 2.0, 2.0, -0.3, 1.1, 0.9, 0, 1.5, -2.0];

    /// <summary>round(sin(i) + 0.15, 2) for i = 1..60: past the exact limit, with ties.</summary>
    public static double[] Large => [.. Enumerable.Range(1, 60).Select(i => Math.Round(Math.Sin(i) + 0.15, 2, MidpointRounding.ToEven))];

    public static readonly double[] Bootstrap = [0.3127, -0.1219, 0.0533, 0.4471, 0.2702, -0.0846, 0.1911, 0.0237, 0.3654, 0.1108, -0.2013, 0.0072];
}
