using System.Text.Json;
using ZImageSweep.Engine.ModelConfigFiles;

namespace ZImageSweep.Engine.Models.Qwen3;

/// <summary>
/// Reads a <see cref="Qwen3Config"/> from transformers' <c>config.json</c> (or the same JSON stored in a reference
/// file's metadata). Keys that only describe the checkpoint or generation (architectures, torch_dtype, token ids,
/// cache settings, …) are accepted and ignored; keys that would change the math are checked against what this
/// port implements; any other key, a wrong JSON type or a missing required key is an error naming the key, so a
/// misspelling never falls back to a default silently. Missing optional keys take transformers' defaults.
/// </summary>
public static class Qwen3ConfigReader
{
    // Informational keys of HF Qwen3 configs (transformers 4.5x and 5.x) that do not affect an encoder forward pass.
    static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "architectures", "model_type", "torch_dtype", "dtype", "transformers_version", "_name_or_path",
        "bos_token_id", "eos_token_id", "pad_token_id", "use_cache", "initializer_range", "attention_dropout",
        "sliding_window", "max_window_layers", "output_hidden_states", "return_dict",
    };

    /// <exception cref="FileNotFoundException">the file does not exist.</exception>
    /// <exception cref="ModelConfigException">the JSON is malformed or a key is unknown, mistyped or unsupported.</exception>
    public static Qwen3Config FromFile(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Qwen3 config not found: {path}", path);
        return FromJson(File.ReadAllText(path), path);
    }

    /// <param name="source">names the JSON's origin in error messages (a path, or "file.safetensors metadata 'config'").</param>
    public static Qwen3Config FromJson(string json, string source)
    {
        var reader = new JsonConfigReader(source);
        return Read(reader.ParseObject(json), reader).Validate(source);
    }

    static Qwen3Config Read(JsonElement root, JsonConfigReader r)
    {
        foreach (JsonProperty p in root.EnumerateObject()) CheckKey(p, r);

        int hidden = Int(root, r, "hidden_size");
        int heads = Int(root, r, "num_attention_heads");
        if (heads <= 0) throw r.Error("num_attention_heads", $"{heads} must be > 0");
        return new Qwen3Config(
            HiddenSize: hidden,
            IntermediateSize: Int(root, r, "intermediate_size"),
            NumHiddenLayers: Int(root, r, "num_hidden_layers"),
            NumAttentionHeads: heads,
            NumKeyValueHeads: Int(root, r, "num_key_value_heads", heads),
            HeadDim: Int(root, r, "head_dim", hidden / heads),
            VocabSize: Int(root, r, "vocab_size"),
            RmsNormEps: Double(root, r, "rms_norm_eps", 1e-6),
            RopeTheta: RopeTheta(root, r),
            MaxPositionEmbeddings: Int(root, r, "max_position_embeddings", 32768),
            TieWordEmbeddings: Bool(root, r, "tie_word_embeddings", false));
    }

    /// <summary>Rejects unknown keys and values of the known ones that this port does not implement.</summary>
    static void CheckKey(JsonProperty p, JsonConfigReader r)
    {
        JsonElement v = p.Value;
        switch (p.Name)
        {
            case "hidden_size" or "intermediate_size" or "num_hidden_layers" or "num_attention_heads"
                or "num_key_value_heads" or "head_dim" or "vocab_size" or "rms_norm_eps" or "rope_theta"
                or "max_position_embeddings" or "tie_word_embeddings" or "rope_parameters":
                return; // read (and type-checked) by Read
            case "model_type" when v.ValueKind != JsonValueKind.String || v.GetString() != "qwen3":
                throw r.Wrong(p.Name, v, "\"qwen3\"");
            case "hidden_act" when v.ValueKind != JsonValueKind.String || v.GetString() != "silu":
                throw r.Error(p.Name, $"only \"silu\" is implemented, found {v.GetRawText()}");
            case "hidden_act":
                return;
            case "attention_bias" or "use_sliding_window" when v.ValueKind != JsonValueKind.False:
                throw r.Error(p.Name, $"only false is implemented, found {v.GetRawText()}");
            case "attention_bias" or "use_sliding_window":
                return;
            case "rope_scaling" when v.ValueKind != JsonValueKind.Null:
                throw r.Error(p.Name, $"only null (plain RoPE) is implemented, found {v.GetRawText()}");
            case "rope_scaling":
                return;
            case "layer_types":
                if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String || t.GetString() != "full_attention"))
                    throw r.Error(p.Name, "only full_attention layers are implemented");
                return;
            default:
                if (Ignored.Contains(p.Name)) return;
                throw r.Error(p.Name, "unknown key for a Qwen3 configuration");
        }
    }

    /// <summary>transformers 4.x stores <c>rope_theta</c> at the top; 5.x nests it in <c>rope_parameters</c>.</summary>
    static double RopeTheta(JsonElement root, JsonConfigReader r)
    {
        if (!root.TryGetProperty("rope_parameters", out JsonElement rp) || rp.ValueKind == JsonValueKind.Null)
            return Double(root, r, "rope_theta", 10000.0);
        if (rp.ValueKind != JsonValueKind.Object)
            throw r.Wrong("rope_parameters", rp, "an object");
        if (rp.TryGetProperty("rope_type", out JsonElement type) && !(type.ValueKind == JsonValueKind.String && type.GetString() == "default"))
            throw r.Error("rope_parameters.rope_type", $"only \"default\" is implemented, found {type.GetRawText()}");
        return rp.TryGetProperty("rope_theta", out JsonElement nested)
            ? r.Double("rope_parameters.rope_theta", nested)
            : Double(root, r, "rope_theta", 10000.0);
    }

    // A missing key takes the fallback (or, without one, is required); a present key must have the right type,
    // so an explicit null is an error rather than a default.
    static int Int(JsonElement obj, JsonConfigReader r, string key, int? fallback = null) =>
        obj.TryGetProperty(key, out JsonElement v) ? r.Int(key, v) : fallback ?? throw r.Error(key, "required key is missing");

    static double Double(JsonElement obj, JsonConfigReader r, string key, double fallback) =>
        obj.TryGetProperty(key, out JsonElement v) ? r.Double(key, v) : fallback;

    static bool Bool(JsonElement obj, JsonConfigReader r, string key, bool fallback) =>
        obj.TryGetProperty(key, out JsonElement v) ? r.Bool(key, v) : fallback;
}
