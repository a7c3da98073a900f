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
        // peft LoRA rank 16 on the 8 modules of the 30 layers, bf16 base, fp32 LoRA, AdamW, grad clip 1.0
        ["lora-step-1024-ckpt"] = 779,  // peak 14.7 GiB
        ["lora-step-1024"] = 558,       // peak 58.1 GiB
        ["lora-step-768-ckpt"] = 620,   // peak 13.5 GiB
        ["lora-step-512-ckpt"] = 683,   // peak 12.7 GiB
    };

    public static IReadOnlyCollection<string> RowIds => Milliseconds.Keys;

    public static double? For(string profile, string rowId) =>
        profile == "full" && Milliseconds.TryGetValue(rowId, out double ms) ? ms : null;
}
