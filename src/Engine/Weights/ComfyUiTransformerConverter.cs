using ZImageSweep.Engine.IO;

namespace ZImageSweep.Engine.Weights;

/// <summary>
/// ComfyUI / original single-file Z-Image transformer keys → diffusers keys (docs/model.md#comfyui-keys), e.g. Comfy-Org's
/// <c>z_image_turbo_bf16.safetensors</c> or ostris' De-Turbo file. Keys no rule matches are already diffusers names.
/// </summary>
public static class ComfyUiTransformerConverter
{
    /// <summary>Optional prefix of every key in ComfyUI's full-model saves.</summary>
    public const string Prefix = "model.diffusion_model.";

    /// <summary>
    /// Dotted segment sequences, matched at segment boundaries, and their diffusers replacements. Several targets
    /// mean a fused tensor split along dim 0 in that order; no target drops the tensor.
    /// </summary>
    public static readonly IReadOnlyList<(string Comfy, string[] Diffusers)> Table =
    [
        ("x_embedder", ["all_x_embedder.2-1"]),
        ("final_layer", ["all_final_layer.2-1"]),
        ("attention.out", ["attention.to_out.0"]),
        ("attention.q_norm", ["attention.norm_q"]),
        ("attention.k_norm", ["attention.norm_k"]),
        ("attention.qkv", ["attention.to_q", "attention.to_k", "attention.to_v"]), // [3·dim, dim] = q | k | v
        ("norm_final", []), // stray parameter of some files; the final LayerNorm has no weights
    ];

    /// <summary>Whether keys look like a ComfyUI / original checkpoint rather than a diffusers one.</summary>
    public static bool IsComfyUi(IEnumerable<string> keys) =>
        keys.Any(k => k.StartsWith(Prefix, StringComparison.Ordinal) || Table.Any(rule => Find(k, rule.Comfy) >= 0));

    /// <summary>The diffusers keys of one ComfyUI key (none when it is dropped) with the slice each one takes.</summary>
    public static IReadOnlyList<(string Key, KeyMapping Mapping)> Convert(string comfyKey)
    {
        string key = comfyKey.StartsWith(Prefix, StringComparison.Ordinal) ? comfyKey[Prefix.Length..] : comfyKey;
        foreach (var (comfy, diffusers) in Table)
        {
            int at = Find(key, comfy);
            if (at < 0) continue;
            return diffusers
                .Select((replacement, part) => (key[..at] + replacement + key[(at + comfy.Length)..], new KeyMapping(comfyKey, part, diffusers.Length)))
                .ToList();
        }
        return [(key, new KeyMapping(comfyKey))];
    }

    /// <summary>Wraps a ComfyUI-layout source as a diffusers-keyed one; takes ownership of <paramref name="comfy"/>.</summary>
    /// <exception cref="SafeTensorsFormatException">two ComfyUI keys map to the same diffusers key.</exception>
    public static WeightSource Convert(WeightSource comfy)
    {
        var map = new Dictionary<string, KeyMapping>(StringComparer.Ordinal);
        try
        {
            foreach (string comfyKey in comfy.Keys.Order(StringComparer.Ordinal))
            {
                foreach (var (key, mapping) in Convert(comfyKey))
                {
                    if (map.TryGetValue(key, out var other))
                        throw new SafeTensorsFormatException(comfy.Name, comfyKey, $"converts to '{key}', which '{other.SourceKey}' also converts to");
                    map[key] = mapping;
                }
            }
        }
        catch
        {
            comfy.Dispose();
            throw;
        }
        return new ConvertedWeightSource(comfy, map);
    }

    /// <summary>Index of <paramref name="segments"/> in <paramref name="key"/> at segment boundaries, followed by a '.'; -1 if absent.</summary>
    static int Find(string key, string segments)
    {
        for (int at = key.IndexOf(segments, StringComparison.Ordinal); at >= 0; at = key.IndexOf(segments, at + 1, StringComparison.Ordinal))
        {
            bool starts = at == 0 || key[at - 1] == '.';
            int end = at + segments.Length;
            if (starts && end < key.Length && key[end] == '.') return at;
        }
        return -1;
    }
}
