namespace ZImageSweep.Bench.Rows;

/// <summary>Groups of rows selected with <c>--suite</c>.</summary>
public enum BenchSuite
{
    Inference,
    /// <summary>LoRA training steps (issue 7); no rows yet — see <see cref="RowCatalog"/>.</summary>
    Training,
    /// <summary>The GPU scheduler's placement, simulated over given arm durations (no training, no cluster).</summary>
    Scheduling,
    /// <summary>Arms packed on one shared base (issue 18): ms per packed step and arm-steps/s against one arm.</summary>
    Packing,
}
