namespace ZImageSweep.Engine.Lora;

/// <summary>
/// Which Linear layers a trained Z-Image LoRA covers (docs/training.md#lora-save-format): the eight projections of every main
/// <c>layers.N</c> block (ai-toolkit's transformer_only filter excludes the refiners, embedders and final layer),
/// narrowed by ai-toolkit's <c>network_kwargs</c> substring filters, matched against names such as
/// <c>transformer.layers.3.attention.to_q</c> (ignore wins).
/// </summary>
public sealed record LoraTargets(IReadOnlyList<string>? OnlyIfContains = null, IReadOnlyList<string>? IgnoreIfContains = null)
{
    public static readonly IReadOnlyList<string> ModuleSuffixes =
    [
        "attention.to_q", "attention.to_k", "attention.to_v", "attention.to_out.0",
        "feed_forward.w1", "feed_forward.w2", "feed_forward.w3", "adaLN_modulation.0",
    ];

    public bool Includes(string modulePath)
    {
        if (!modulePath.StartsWith("layers.", StringComparison.Ordinal)) return false;
        if (!ModuleSuffixes.Any(suffix => modulePath.EndsWith("." + suffix, StringComparison.Ordinal))) return false;
        string aiToolkitName = "transformer." + modulePath;
        if (IgnoreIfContains?.Any(s => aiToolkitName.Contains(s, StringComparison.Ordinal)) == true) return false;
        return OnlyIfContains is not { Count: > 0 } || OnlyIfContains.Any(s => aiToolkitName.Contains(s, StringComparison.Ordinal));
    }
}
