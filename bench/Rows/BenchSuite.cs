namespace ZImageSweep.Bench.Rows;

/// <summary>Groups of rows selected with <c>--suite</c>.</summary>
public enum BenchSuite
{
    Inference,
    /// <summary>LoRA training steps (issue 7); no rows yet — see <see cref="RowCatalog"/>.</summary>
    Training,
}
