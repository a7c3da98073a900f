using System.Text.Json;

namespace ZImageSweep.Engine.Models.ZImage;

/// <summary>
/// Parses snake_case Z-Image configuration JSON (diffusers <c>config.json</c>, or the reference files' metadata).
/// Missing keys keep the official constructor defaults; keys diffusers adds for bookkeeping or for the out-of-scope
/// Omni path are tolerated; any other key, and any value of the wrong type, is an error naming the key.
/// </summary>
public static class ZImageConfigReader
{
    /// <summary>Keys that carry no architecture information for the text-to-image model.</summary>
    static readonly HashSet<string> Tolerated = new(StringComparer.Ordinal) { "siglip_feat_dim" };

    public static ZImageConfig Read(string json, string source)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ZImageConfigException(source, null, $"is not valid JSON ({e.Message})");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new ZImageConfigException(source, null, "must be a JSON object");
            var config = new ZImageConfig();
            foreach (JsonProperty p in doc.RootElement.EnumerateObject())
                config = Apply(config, p, source);
            return config.Validate(source);
        }
    }

    static ZImageConfig Apply(ZImageConfig c, JsonProperty p, string source)
    {
        JsonElement v = p.Value;
        return p.Name switch
        {
            "dim" => c with { Dim = Int(v, p.Name, source) },
            "n_layers" => c with { NLayers = Int(v, p.Name, source) },
            "n_refiner_layers" => c with { NRefinerLayers = Int(v, p.Name, source) },
            "n_heads" => c with { NHeads = Int(v, p.Name, source) },
            "n_kv_heads" => c with { NKvHeads = Int(v, p.Name, source) },
            "cap_feat_dim" => c with { CapFeatDim = Int(v, p.Name, source) },
            "axes_dims" => c with { AxesDims = IntList(v, p.Name, source) },
            "axes_lens" => c with { AxesLens = IntList(v, p.Name, source) },
            "in_channels" => c with { InChannels = Int(v, p.Name, source) },
            "all_patch_size" => c with { PatchSize = Single(IntList(v, p.Name, source), p.Name, source) },
            "all_f_patch_size" => c with { FPatchSize = Single(IntList(v, p.Name, source), p.Name, source) },
            "norm_eps" => c with { NormEps = Number(v, p.Name, source) },
            "qk_norm" => c with { QkNorm = Bool(v, p.Name, source) },
            "rope_theta" => c with { RopeTheta = Number(v, p.Name, source) },
            "t_scale" => c with { TScale = Number(v, p.Name, source) },
            _ when p.Name.StartsWith('_') || Tolerated.Contains(p.Name) => c, // _class_name, _diffusers_version, ...
            _ => throw new ZImageConfigException(source, p.Name, "is not a known Z-Image transformer key"),
        };
    }

    static int Int(JsonElement v, string key, string source) =>
        v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i
            : throw new ZImageConfigException(source, key, $"must be an integer (got {Describe(v)})");

    static double Number(JsonElement v, string key, string source) =>
        v.ValueKind == JsonValueKind.Number ? v.GetDouble()
            : throw new ZImageConfigException(source, key, $"must be a number (got {Describe(v)})");

    static bool Bool(JsonElement v, string key, string source) => v.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new ZImageConfigException(source, key, $"must be true or false (got {Describe(v)})"),
    };

    static int[] IntList(JsonElement v, string key, string source) =>
        v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(e => Int(e, key, source)).ToArray()
            : throw new ZImageConfigException(source, key, $"must be a list of integers (got {Describe(v)})");

    static int Single(int[] values, string key, string source) =>
        values.Length == 1 ? values[0]
            : throw new ZImageConfigException(source, key, $"must hold exactly one patch size (got [{string.Join(", ", values)}])");

    static string Describe(JsonElement v) => v.ValueKind == JsonValueKind.String ? $"\"{v.GetString()}\"" : v.GetRawText();
}
