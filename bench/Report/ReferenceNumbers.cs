namespace ZImageSweep.Bench.Report;

/// <summary>
/// The PyTorch reference of issue 7 (diffusers, eager PyTorch 2.11, one H100 80GB), by full-size row id, in ms.
/// Shown beside the engine's numbers at size full only; they compare only with runs on the same card kind.
/// </summary>
public static class ReferenceNumbers
{
    public const string Source = "PyTorch 2.11 eager diffusers/transformers reference on one H100 80GB (issue 7); compare only on the same card";

    static readonly Dictionary<string, double> Milliseconds = new(StringComparer.Ordinal)
    {
        ["transformer-forward-1024"] = 234,
        ["vae-decode-1024-fp32"] = 125,
        ["vae-decode-1024-bf16"] = 92,
        ["text-encode-64"] = 79,
        ["turbo-sample-1024-8step"] = 2080, // "≈ 2,080"
    };

    public static IReadOnlyCollection<string> RowIds => Milliseconds.Keys;

    public static double? For(string profile, string rowId) =>
        profile == "full" && Milliseconds.TryGetValue(rowId, out double ms) ? ms : null;
}
