namespace ZImageSweep.Contracts.Packing;

/// <summary>
/// The Linear layers a trained Z-Image LoRA covers (docs/training.md#lora-save-format) and their shapes
/// (docs/model.md, "Each block under layers.{0–29}"): the eight projections of every main <c>layers.N</c> block —
/// ai-toolkit's transformer_only filter excludes the refiners, embedders and final layer — narrowed by ai-toolkit's
/// <c>network_kwargs</c> substring filters, matched against names such as <c>transformer.layers.3.attention.to_q</c>
/// (ignore wins). One source for the engine (which LoRA it creates) and the scheduler (how large it is).
/// </summary>
public static class LoraTargetModules
{
    /// <summary>Main blocks of the released transformer (<c>n_layers</c>).</summary>
    public const int MainLayers = 30;

    /// <summary>Module suffix → (in features, out features) in the released configuration (dim 3840, FFN 10240, adaLN 256 → 4·3840).</summary>
    public static readonly IReadOnlyList<(string Suffix, int In, int Out)> Shapes =
    [
        ("attention.to_q", 3840, 3840), ("attention.to_k", 3840, 3840), ("attention.to_v", 3840, 3840), ("attention.to_out.0", 3840, 3840),
        ("feed_forward.w1", 3840, 10240), ("feed_forward.w2", 10240, 3840), ("feed_forward.w3", 3840, 10240), ("adaLN_modulation.0", 256, 4 * 3840),
    ];

    public static readonly IReadOnlyList<string> Suffixes = [.. Shapes.Select(s => s.Suffix)];

    /// <summary>Whether the module at <paramref name="modulePath"/> (e.g. <c>layers.3.attention.to_q</c>) gets a LoRA under these filters.</summary>
    public static bool Includes(string modulePath, IReadOnlyList<string>? onlyIfContains, IReadOnlyList<string>? ignoreIfContains)
    {
        if (!modulePath.StartsWith("layers.", StringComparison.Ordinal)) return false;
        if (!Suffixes.Any(suffix => modulePath.EndsWith("." + suffix, StringComparison.Ordinal))) return false;
        string aiToolkitName = "transformer." + modulePath;
        if (ignoreIfContains?.Any(s => aiToolkitName.Contains(s, StringComparison.Ordinal)) == true) return false;
        return onlyIfContains is not { Count: > 0 } || onlyIfContains.Any(s => aiToolkitName.Contains(s, StringComparison.Ordinal));
    }

    /// <summary>Trainable LoRA parameters of rank <paramref name="rank"/> on the released transformer: rank · (in + out) per covered module.</summary>
    public static long ParameterCount(int rank, IReadOnlyList<string>? onlyIfContains, IReadOnlyList<string>? ignoreIfContains)
    {
        long count = 0;
        for (int layer = 0; layer < MainLayers; layer++)
            foreach (var (suffix, inFeatures, outFeatures) in Shapes)
                if (Includes($"layers.{layer}.{suffix}", onlyIfContains, ignoreIfContains)) count += (long)rank * (inFeatures + outFeatures);
        return count;
    }
}
