namespace ZImageSweep.Bench.Harness;

/// <summary>How many untimed warm-up and timed iterations a row runs.</summary>
public sealed record IterationPlan(int Iterations, int Warmup)
{
    /// <exception cref="ArgumentOutOfRangeException">fewer than one timed iteration, or a negative warm-up.</exception>
    public IterationPlan Validate(string what)
    {
        if (Iterations < 1) throw new ArgumentOutOfRangeException(what, $"{what}: at least one timed iteration is needed (got {Iterations})");
        if (Warmup < 0) throw new ArgumentOutOfRangeException(what, $"{what}: warm-up cannot be negative (got {Warmup})");
        return this;
    }
}
