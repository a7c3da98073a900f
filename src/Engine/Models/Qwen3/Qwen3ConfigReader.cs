using System.Text.Json;

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
    /// <exception cref="Qwen3ConfigException">the JSON is malformed or a key is unknown, mistyped or unsupported.</exception>
    public static Qwen3Config FromFile(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Qwen3 config not found: {path}", path);
        return FromJson(File.ReadAllText(path), path);
    }

    /// <param name="source">names the JSON's origin in error messages (a path, or "file.safetensors metadata 'config'").</param>
    public static Qwen3Config FromJson(string json, string source)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(json);
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new Qwen3ConfigException(source, "(document)", $"malformed JSON: {e.Message}");
        }
        if (root.ValueKind != JsonValueKind.Object)
            throw new Qwen3ConfigException(source, "(document)", $"expected a JSON object, found {root.ValueKind}");
        return Read(root, source).Validate(source);
    }

    static Qwen3Config Read(JsonElement root, string source)
    {
        foreach (JsonProperty p in root.EnumerateObject()) CheckKey(p, source);

        int hidden = Int(root, source, "hidden_size");
        int heads = Int(root, source, "num_attention_heads");
        if (heads <= 0) throw new Qwen3ConfigException(source, "num_attention_heads", $"{heads} must be > 0");
        return new Qwen3Config(
            HiddenSize: hidden,
            IntermediateSize: Int(root, source, "intermediate_size"),
            NumHiddenLayers: Int(root, source, "num_hidden_layers"),
            NumAttentionHeads: heads,
            NumKeyValueHeads: Int(root, source, "num_key_value_heads", heads),
            HeadDim: Int(root, source, "head_dim", hidden / heads),
            VocabSize: Int(root, source, "vocab_size"),
            RmsNormEps: Double(root, source, "rms_norm_eps", 1e-6),
            RopeTheta: RopeTheta(root, source),
            MaxPositionEmbeddings: Int(root, source, "max_position_embeddings", 32768),
            TieWordEmbeddings: Bool(root, source, "tie_word_embeddings", false));
    }

    /// <summary>Rejects unknown keys and values of the known ones that this port does not implement.</summary>
    static void CheckKey(JsonProperty p, string source)
    {
        JsonElement v = p.Value;
        switch (p.Name)
        {
            case "hidden_size" or "intermediate_size" or "num_hidden_layers" or "num_attention_heads"
                or "num_key_value_heads" or "head_dim" or "vocab_size" or "rms_norm_eps" or "rope_theta"
                or "max_position_embeddings" or "tie_word_embeddings" or "rope_parameters":
                return; // read (and type-checked) by Read
            case "model_type" when v.ValueKind != JsonValueKind.String || v.GetString() != "qwen3":
                throw new Qwen3ConfigException(source, p.Name, $"expected \"qwen3\", found {v.GetRawText()}");
            case "hidden_act" when v.ValueKind != JsonValueKind.String || v.GetString() != "silu":
                throw new Qwen3ConfigException(source, p.Name, $"only \"silu\" is implemented, found {v.GetRawText()}");
            case "hidden_act":
                return;
            case "attention_bias" or "use_sliding_window" when v.ValueKind != JsonValueKind.False:
                throw new Qwen3ConfigException(source, p.Name, $"only false is implemented, found {v.GetRawText()}");
            case "attention_bias" or "use_sliding_window":
                return;
            case "rope_scaling" when v.ValueKind != JsonValueKind.Null:
                throw new Qwen3ConfigException(source, p.Name, $"only null (plain RoPE) is implemented, found {v.GetRawText()}");
            case "rope_scaling":
                return;
            case "layer_types":
                if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String || t.GetString() != "full_attention"))
                    throw new Qwen3ConfigException(source, p.Name, "only full_attention layers are implemented");
                return;
            default:
                if (Ignored.Contains(p.Name)) return;
                throw new Qwen3ConfigException(source, p.Name, "unknown key for a Qwen3 configuration");
        }
    }

    /// <summary>transformers 4.x stores <c>rope_theta</c> at the top; 5.x nests it in <c>rope_parameters</c>.</summary>
    static double RopeTheta(JsonElement root, string source)
    {
        if (!root.TryGetProperty("rope_parameters", out JsonElement rp) || rp.ValueKind == JsonValueKind.Null)
            return Double(root, source, "rope_theta", 10000.0);
        if (rp.ValueKind != JsonValueKind.Object)
            throw new Qwen3ConfigException(source, "rope_parameters", $"expected an object, found {rp.ValueKind}");
        if (rp.TryGetProperty("rope_type", out JsonElement type) && !(type.ValueKind == JsonValueKind.String && type.GetString() == "default"))
            throw new Qwen3ConfigException(source, "rope_parameters.rope_type", $"only \"default\" is implemented, found {type.GetRawText()}");
        return rp.TryGetProperty("rope_theta", out _)
            ? Double(rp, source, "rope_theta", 0, keyPath: "rope_parameters.rope_theta")
            : Double(root, source, "rope_theta", 10000.0);
    }

    static int Int(JsonElement obj, string source, string key, int? fallback = null)
    {
        if (!obj.TryGetProperty(key, out JsonElement v))
            return fallback ?? throw new Qwen3ConfigException(source, key, "required key is missing");
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int value))
            throw new Qwen3ConfigException(source, key, $"expected an integer, found {v.GetRawText()}");
        return value;
    }

    static double Double(JsonElement obj, string source, string key, double fallback, string? keyPath = null)
    {
        if (!obj.TryGetProperty(key, out JsonElement v)) return fallback;
        if (v.ValueKind != JsonValueKind.Number)
            throw new Qwen3ConfigException(source, keyPath ?? key, $"expected a number, found {v.GetRawText()}");
        return v.GetDouble();
    }

    static bool Bool(JsonElement obj, string source, string key, bool fallback)
    {
        if (!obj.TryGetProperty(key, out JsonElement v)) return fallback;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new Qwen3ConfigException(source, key, $"expected true or false, found {v.GetRawText()}"),
        };
    }
}
