using ZImageSweep.Bench.Harness;

namespace ZImageSweep.Bench.Rows;

/// <summary>
/// One line of the benchmark table. A row builds its own models and inputs (untimed, reported as setup time), times
/// its workload with <see cref="BenchContext.Timer"/>, and disposes everything it built before returning, so rows
/// are independent and each can run in a process of its own.
/// </summary>
public abstract class BenchRow
{
    /// <summary>Stable key in the JSON and for <c>--rows</c> (lower-case, dashes).</summary>
    public abstract string Id { get; }

    /// <summary>Human-readable name for the table.</summary>
    public abstract string Name { get; }

    public abstract BenchSuite Suite { get; }

    /// <summary>Compute dtype(s) of the measured work, e.g. "bf16" or "bf16 + fp32 VAE".</summary>
    public abstract string DType { get; }

    public abstract RowMeasurement Run(BenchContext context);
}
