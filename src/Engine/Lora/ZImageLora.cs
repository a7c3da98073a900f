using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Lora;

/// <summary>
/// A Z-Image transformer LoRA as ai-toolkit writes it (docs/model.md#lora-keys, docs/training.md#lora-save-format):
/// <c>diffusion_model.&lt;module&gt;.lora_A.weight</c> / <c>.lora_B.weight</c>, no alpha, scale 1. Also read: the
/// diffusers <c>transformer.</c> and PEFT <c>base_model.model.</c> prefixes, PEFT's <c>.lora_A.default.weight</c>
/// names, and kohya-style <c>.alpha</c> scalars (scale alpha / rank). Factors are held in float32 on the CPU.
/// </summary>
public sealed class ZImageLora : IDisposable
{
    static readonly string[] Prefixes = ["diffusion_model.", "transformer.", "base_model.model."];
    static readonly (string Suffix, char Part)[] Suffixes =
        [(".lora_A.weight", 'A'), (".lora_B.weight", 'B'), (".lora_A.default.weight", 'A'), (".lora_B.default.weight", 'B'), (".alpha", 'a')];

    public string Path { get; }
    /// <summary>Factors per module path of the model (e.g. <c>layers.0.attention.to_q</c>).</summary>
    public IReadOnlyDictionary<string, LoraPair> Pairs { get; }
    /// <summary>The file key each module's A factor came from, for error messages.</summary>
    public IReadOnlyDictionary<string, string> SourceKeys { get; }

    ZImageLora(string path, Dictionary<string, LoraPair> pairs, Dictionary<string, string> sourceKeys)
    {
        Path = path;
        Pairs = pairs;
        SourceKeys = sourceKeys;
    }

    /// <exception cref="LoraFormatException">a key has an unknown form, a factor lacks its partner, or ranks differ.</exception>
    public static ZImageLora Read(string path)
    {
        using var file = SafeTensorsFile.Open(path);
        var parts = new Dictionary<string, Dictionary<char, (string Key, Tensor Value)>>(StringComparer.Ordinal);
        try
        {
            foreach (string key in file.Keys.Order(StringComparer.Ordinal))
            {
                var (module, part) = Parse(path, key);
                if (!parts.TryGetValue(module, out var slots)) parts[module] = slots = [];
                if (slots.ContainsKey(part)) throw new LoraFormatException(path, key, $"duplicates {slots[part].Key} (the same module under two names)");
                slots[part] = (key, file.Read(key, ScalarType.Float32).DetachFromDisposeScope());
            }
            var pairs = new Dictionary<string, LoraPair>(StringComparer.Ordinal);
            var sources = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (module, slots) in parts)
            {
                pairs[module] = Pair(path, module, slots);
                sources[module] = slots['A'].Key;
            }
            if (pairs.Count == 0) throw new LoraFormatException(path, null, "holds no LoRA factors");
            return new ZImageLora(path, pairs, sources);
        }
        catch
        {
            foreach (var slots in parts.Values) foreach (var (_, value) in slots.Values) value.Dispose();
            throw;
        }
    }

    static (string Module, char Part) Parse(string path, string key)
    {
        foreach (var (suffix, part) in Suffixes)
        {
            if (!key.EndsWith(suffix, StringComparison.Ordinal)) continue;
            string module = key[..^suffix.Length];
            foreach (string prefix in Prefixes)
                if (module.StartsWith(prefix, StringComparison.Ordinal)) return (module[prefix.Length..], part);
            return (module, part);
        }
        throw new LoraFormatException(path, key, "is not a LoRA factor (expected <module>.lora_A.weight, .lora_B.weight or .alpha)");
    }

    static LoraPair Pair(string path, string module, Dictionary<char, (string Key, Tensor Value)> slots)
    {
        if (!slots.TryGetValue('A', out var a)) throw new LoraFormatException(path, slots.Values.First().Key, "has no matching lora_A factor");
        if (!slots.TryGetValue('B', out var b)) throw new LoraFormatException(path, a.Key, "has no matching lora_B factor");
        if (a.Value.ndim != 2 || b.Value.ndim != 2)
            throw new LoraFormatException(path, a.Key, $"factors must be 2-D, got A {ShapeText.Of(a.Value.shape)} and B {ShapeText.Of(b.Value.shape)}");
        long rank = a.Value.shape[0];
        if (b.Value.shape[1] != rank)
            throw new LoraFormatException(path, b.Key, $"rank {b.Value.shape[1]} (B {ShapeText.Of(b.Value.shape)}) differs from lora_A's rank {rank} (A {ShapeText.Of(a.Value.shape)})");
        double scale = 1.0;
        if (slots.TryGetValue('a', out var alpha))
        {
            if (alpha.Value.numel() != 1) throw new LoraFormatException(path, alpha.Key, "alpha must be a scalar");
            scale = alpha.Value.item<float>() / rank;
            alpha.Value.Dispose();
        }
        return new LoraPair(module, a.Value, b.Value, scale);
    }

    public void Dispose()
    {
        foreach (var pair in Pairs.Values)
        {
            pair.A.Dispose();
            pair.B.Dispose();
        }
    }
}
