namespace ZImageSweep.Statistics;

/// <summary>
/// Steele, Lea and Flood's SplitMix64 generator (2014). Used instead of <see cref="Random"/> because its sequence is
/// fixed by a ten-line published algorithm: a bootstrap interval is reproducible across .NET versions and machines,
/// and a reference implementation in any language (the tests quote one in Python) draws the same resamples.
/// </summary>
public sealed class SplitMix64(ulong seed)
{
    ulong _state = seed;

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform index in [0, <paramref name="count"/>): the modulo bias is below count / 2⁶⁴, far under any resampling noise.</summary>
    public int NextIndex(int count) => (int)(Next() % (ulong)count);

    /// <summary>A uniform double in [0, 1): the top 53 bits of <see cref="Next"/>, the usual exact mapping onto the doubles' grid.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));
}
